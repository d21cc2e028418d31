/**
 * Network wait and NTP. NTP_UPDATE carries no result (the
 * document's example reads one that never comes), so success is judged by
 * the clock itself.
 */
import { Config, Names } from "../config";

/** os.time() below this (2020-01-01) means the clock was never set. */
const PLAUSIBLE_EPOCH = 1_577_836_800;

/**
 * Inside a task: waits at most `ms` for the clock to be set by NTP.
 * Returns whether it is set.
 */
export function waitForClock(ms: number): boolean {
    // A real date means NTP has set the clock at least once since boot (a function for this would stay in the heap).
    if (os.time() < PLAUSIBLE_EPOCH) sys.waitUntil("NTP_UPDATE", ms);
    return os.time() >= PLAUSIBLE_EPOCH;
}

/** Inside a task: wait until the network interface is up, logging the IP. */
function waitForNetwork(): void {
    while (!socket.isReady()) sys.wait(1000);
    log.info("net", "ready", socket.ip() ?? "no address");
}

/** Inside a task: one NTP attempt. Returns whether the clock is now set. */
function syncClock(): boolean {
    if (socket.ntpSync(Names.NTP_SERVER) !== 0) {
        log.warn("ntp", "sync not started");
        return false;
    }
    const [updated] = sys.waitUntil("NTP_UPDATE", Config.NTP_TIMEOUT_MS);
    const synced = updated && os.time() >= PLAUSIBLE_EPOCH;
    log.info("ntp", synced ? "synced" : "not synced", os.date("%Y-%m-%d %H:%M:%S"));
    return synced;
}

/** The clock task: sync after the network is up, retry until it works, then daily. */
function clockTask(this: void): void {
    for (;;) {
        waitForNetwork();
        sys.wait(syncClock() ? 86_400_000 : Config.NTP_RETRY_MS);
    }
}

// Loading the module starts the task (top-level code is freed after it runs).
sys.taskInit(clockTask);
