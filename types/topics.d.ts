/**
 * The topic map: topic name -> the tuple of arguments it is published with.
 *
 * `sys.publish`, `sys.subscribe`, `sys.waitUntil` and `sys.waitUntilExt`
 * check their arguments against it. An application adds its own topics by
 * declaration merging:
 *
 * ```ts
 * declare global {
 *     interface LuatTopics {
 *         SAMPLE_READY: [seq: number, value: number];
 *     }
 * }
 * ```
 *
 * A topic that is not in the map stays usable, untyped, with any arguments.
 */
interface LuatTopics {
    /**
     * Published by the firmware when an `socket.ntpSync` finishes, **with no
     * arguments**. The 2021 document's example reads a result argument
     * (`function(re)`); the firmware never passes one.
     */
    NTP_UPDATE: [];
    /**
     * Published by the firmware, with no arguments, when a netclient's
     * connection thread ends for any reason (connect or DNS failure, peer
     * close, error, local close). The suffix is `so:id()`, a lowercase hex
     * string.
     *
     * `"NETC_END_" + so.id()` has the type `string`, so a topic built that
     * way is not checked against this entry; write
     * `` `NETC_END_${so.id()}` as const `` to have it checked.
     */
    [netcEnd: `NETC_END_${string}`]: [];
}

/** A topic name known to the topic map. */
type LuatTopic = keyof LuatTopics & string;

/**
 * The arguments a topic is published with: its tuple in {@link LuatTopics}
 * for a known topic, any arguments for a topic that is not in the map.
 *
 * One signature per `sys` function uses this (rather than an overload for
 * known and one for unknown topics) so that a mistake on a known topic is
 * reported plainly ("Expected 1 arguments, but got 2") instead of through
 * the unknown-topic overload ("not assignable to parameter of type never").
 */
type LuatTopicArgs<S extends string> = (LuatTopics & { [topic: string]: any[] })[S];

/** What waiting for a topic yields after `true`: typed for a known topic, `unknown` otherwise. */
type LuatTopicResult<S extends string> = (LuatTopics & { [topic: string]: unknown[] })[S];
