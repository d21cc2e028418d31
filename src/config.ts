/**
 * Settings of the reference telemetry node. Change them here (or override
 * `COLLECTOR_HOST` etc. through the simulator's DNS) rather than in the code.
 */

/** Identifies this node to the collector. */
export const DEVICE_ID = "node-1";

/** The collector: a TCP line protocol (see app/protocol.ts). */
export const COLLECTOR_HOST = "collector.local";
export const COLLECTOR_PORT = 9000;

/** UDP beacon target and period. */
export const BEACON_PORT = 9001;
export const BEACON_PERIOD_MS = 60_000;

/** One-shot boot report over socket.tsend. */
export const REPORT_PORT = 9002;

/** NTP: the server and how long to wait for NTP_UPDATE. */
export const NTP_SERVER = "ntp1.aliyun.com";
export const NTP_TIMEOUT_MS = 15_000;
/** How often to try NTP again after a sync that did not finish. */
export const NTP_RETRY_MS = 600_000;

/** A sample every SAMPLE_PERIOD_MS; at most QUEUE_CAPACITY unacknowledged. */
export const SAMPLE_PERIOD_MS = 10_000;
export const QUEUE_CAPACITY = 64;

/** Heartbeat period; the link is declared dead after this long without a valid line from the collector (garbage does not count). */
export const HEARTBEAT_MS = 30_000;
export const SILENCE_LIMIT_MS = 75_000;

/** Connect timeout and reconnect backoff (exponential, with jitter, capped). */
export const CONNECT_TIMEOUT_MS = 10_000;
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60_000;

/** Longest line accepted from the collector; longer ones are discarded up to the next newline. */
export const MAX_LINE = 256;

/**
 * NB-IoT profile (Air302): rebind the modem socket after deep sleep and send
 * the last packet of a burst with the RAI flag (2) so the module sleeps sooner.
 * Off for Wi-Fi modules such as the Air640W.
 */
export const NBIOT = false;
