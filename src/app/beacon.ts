/**
 * A UDP beacon, written against the raw netclient API (not the helper) to
 * show the single-use object pattern done right: configure with host/port,
 * connect, check the 0 = started return code, compare the connect result
 * with 1, send, close, wait for NETC_END, clean.
 */
import { Config, Names } from "../config";

let sent = 0;

function sendBeacon(): void {
    const so = socket.udp();
    if (so === undefined) {
        log.warn("beacon", "no memory for a socket");
        return;
    }
    const id = so.id();
    const wake = "BEACON_" + id;
    let connected = false;
    so.host(Names.COLLECTOR_HOST);
    so.port(Config.BEACON_PORT);
    // Callbacks run on the main thread: record and wake the task, never wait here.
    so.on("connect", (_id, result) => {
        connected = result === 1;
        sys.publish(wake);
    });
    if (so.connect() === 0 && sys.waitUntil(wake, 5000)[0] && connected) {
        const [, open] = so.closed();
        if (open) {
            sent += 1;
            so.send("BEACON " + Names.DEVICE_ID + " " + sent + " " + (socket.ip() ?? "-") + "\n");
        }
        log.info("beacon", tostring(so));
        so.close();
        sys.waitUntil("NETC_END_" + id, 2000);
    }
    so.clean();
}

/** The beacon task: one datagram every BEACON_PERIOD_MS while the network is up. */
function beaconTask(this: void): void {
    for (;;) {
        if (socket.isReady()) sendBeacon();
        sys.wait(Config.BEACON_PERIOD_MS);
    }
}

// Loading the module starts the task (top-level code is freed after it runs).
sys.taskInit(beaconTask);
