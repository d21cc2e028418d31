/**
 * Settings of the reference telemetry node. Change them here (or override
 * the collector's address through the simulator's DNS) rather than in the
 * code.
 *
 * `const enum`s: the compiler writes each value where it is used, so the
 * settings cost no module table, key strings or lookups on the device.
 * Names and numbers are two enums because an enum that mixes both does not
 * type its members as plain strings or numbers.
 */

/** Who this node is and the servers it talks to. */
export const enum Names {
    /** Identifies this node to the collector. */
    DEVICE_ID = "node-1",
    /**
     * The collector: a TCP line protocol (see app/protocol.ts); also the
     * beacon's target. Only the netclient dials it (a name that does not
     * resolve is a connect failure there); `socket.tsend` would crash the
     * device on such a name, so nothing sends to it with tsend.
     */
    COLLECTOR_HOST = "collector.local",
    /** NTP server. */
    NTP_SERVER = "ntp1.aliyun.com",
    /** Where the queue waits across a planned reboot (app/queue-save.ts). */
    QUEUE_FILE = "/queue.txt",
}

/** Ports, periods and limits. */
export const enum Config {
    /** The collector's TCP port. */
    COLLECTOR_PORT = 9000,

    /**
     * UDP beacon: port on the collector's host, and how often, in heartbeat
     * periods (60 × 30 s = every half hour, the first 30 s after the first
     * connection). Every beacon starts a netclient object, and every started
     * object stays in the Lua heap until reboot (docs/leak.md), so beacons
     * are rare and sent by the session task (no task of their own).
     */
    BEACON_PORT = 9001,
    BEACON_EVERY_HEARTBEATS = 60,
    /**
     * How long a beacon's object stays open after its send. `send` only
     * fills the object's pipe; a `close` right after it ends the connection
     * before the network thread has read the pipe, and the datagram never
     * leaves.
     */
    BEACON_DRAIN_MS = 1_000,

    /**
     * The heap guard (openLink's start budget, lib/connection.ts): a planned reboot, queue saved,
     * instead of starting netclient object number HEAP_GUARD_STARTS + 1 of
     * a boot, or a start while the Lua heap uses HEAP_GUARD_BYTES or more.
     * See docs/leak.md for the arithmetic. HEAP_GUARD_BYTES is for the
     * Air640W's pool of HEAP_GUARD_POOL bytes (`rtos.meminfo()` total); a
     * board with a larger pool keeps the same headroom below its own total
     * (today's firmware holds more than 60 KB before main.lua runs).
     */
    HEAP_GUARD_STARTS = 20,
    HEAP_GUARD_BYTES = 60 * 1024,
    HEAP_GUARD_POOL = 65_528,
    /**
     * Slots of Lua's string table, grown at boot on a pool as small as
     * HEAP_GUARD_POOL (app/string-table.ts): growing it later needs a free
     * block of 4 bytes a slot that a fragmented pool no longer has.
     */
    STRING_TABLE_SLOTS = 1024,

    /** NTP: how long to wait for NTP_UPDATE. */
    NTP_TIMEOUT_MS = 15_000,
    /** How often to try NTP again after a sync that did not finish. */
    NTP_RETRY_MS = 600_000,

    /** A sample every SAMPLE_PERIOD_MS; at most QUEUE_CAPACITY unacknowledged. */
    SAMPLE_PERIOD_MS = 10_000,
    QUEUE_CAPACITY = 64,

    /** Heartbeat period; the link is declared dead after this long without a valid line from the collector (garbage does not count). */
    HEARTBEAT_MS = 30_000,
    SILENCE_LIMIT_MS = 75_000,

    /**
     * Connect timeout and reconnect backoff (exponential, with jitter,
     * capped). Every attempt leaves a netclient object in the heap until
     * reboot, so the first retry waits seconds, not one.
     */
    CONNECT_TIMEOUT_MS = 10_000,
    BACKOFF_BASE_MS = 5_000,
    BACKOFF_CAP_MS = 60_000,

    /** Longest line accepted from the collector; longer ones are discarded up to the next newline. */
    MAX_LINE = 256,

    /**
     * NB-IoT profile (Air302), 1 = on: rebind the modem socket after deep
     * sleep and send the last packet of a burst with the RAI flag (2) so the
     * module sleeps sooner. 0 = off, for Wi-Fi modules such as the Air640W.
     * (A number, as enum members cannot be booleans: test it with `> 0`.)
     */
    NBIOT = 0,
}
