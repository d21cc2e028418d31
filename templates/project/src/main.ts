/**
 * {{name}}: the firmware's entry point (main.lua on the module).
 *
 * One task keeps a TCP connection to a server and sends a heartbeat line
 * every HEARTBEAT_MS; when the connection ends it cleans the socket up and
 * opens a new one after a pause. PROJECT and VERSION come from package.json.
 */

const TAG = "app";
/** The server the heartbeats go to: change it to yours. */
const SERVER_HOST = "heartbeat.example.com";
const SERVER_PORT = 9000;
const HEARTBEAT_MS = 10_000;
const RETRY_MS = 5_000;

/** Opens one connection and sends heartbeats until it ends. Must run inside a task: it waits. */
function runConnection(this: void, round: number): void {
    const so = socket.tcp();
    let connected = false;
    // The result is the integer 1 or 0, and both are true in Lua: compare it, never test it.
    so.on("connect", (_id, result) => {
        connected = result === 1;
        log.info(TAG, "connect", connected ? "ok" : "failed");
    });
    so.on("recv", (_id, data) => {
        // Lua's own string library: no TSTL runtime needed, unlike data.trim().
        const [text] = string.gsub(data, "%s+$", "");
        log.info(TAG, "recv", text);
    });
    so.on("error", () => log.warn(TAG, "connection lost"));
    // 0 means the connection thread started (the 2021 document says 1; the firmware returns 0).
    if (so.start(SERVER_HOST, SERVER_PORT) !== 0) {
        log.warn(TAG, "could not start a connection");
        so.clean();
        return;
    }
    // The firmware publishes NETC_END_<id> when the connection ends, for any reason.
    const ended = `NETC_END_${so.id()}`;
    let beat = 0;
    while (true) {
        const [closed] = sys.waitUntil(ended, HEARTBEAT_MS);
        if (closed) break;
        if (connected) {
            beat += 1;
            if (!so.send(`heartbeat ${round}.${beat}\n`)) break;
        }
    }
    // Releases the callbacks: a socket object is single use.
    so.clean();
}

sys.taskInit(() => {
    log.info(TAG, "started", VERSION);
    let round = 0;
    while (true) {
        if (socket.isReady()) {
            round += 1;
            runConnection(round);
        } else {
            log.info(TAG, "waiting for the network");
        }
        sys.wait(RETRY_MS);
    }
});

sys.run();
