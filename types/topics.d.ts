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
     */
    [netcEnd: `NETC_END_${string}`]: [];
}

/** A topic name known to the topic map. */
type LuatTopic = keyof LuatTopics & string;

/**
 * A topic name that is *not* in the topic map: any string that is not a
 * known topic. Known topics must use their typed signature.
 */
type LuatUntypedTopic<S extends string> = string extends S ? string : S extends LuatTopic ? never : S;
