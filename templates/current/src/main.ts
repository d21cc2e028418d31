/**
 * {{name}}: the firmware's entry point (main.lua on the module), for {{board}}
 * (today's LuatOS: `socket.create` and the `libnet` library).
 *
 * One task keeps a TCP connection to a server and sends a heartbeat line
 * after every HEARTBEAT_MS of quiet, logging what the server answers; when the connection
 * ends it releases the socket and opens a new one after a pause. PROJECT
 * and VERSION come from package.json.
 */
import * as libnet from "libnet";

const TAG = "app";
/** The task's name: libnet's functions wait for messages sent to it. */
const TASK = "heartbeat";
/** The server the heartbeats go to: change it to yours. */
const SERVER_HOST = "heartbeat.example.com";
const SERVER_PORT = 9000;
const HEARTBEAT_MS = 10_000;
const CONNECT_MS = 15_000;
const RETRY_MS = 5_000;

/** Reads what the server sent and logs it line by line (ok is false when the connection is gone). */
function receive(this: void, ctrl: socket.Ctrl, buff: zbuff.ZBuff): boolean {
    const [ok, length] = socket.rx(ctrl, buff);
    if (!ok) return false;
    if (length > 0) {
        // Lua's own string library: no TSTL runtime needed, unlike data.trim().
        const [text] = string.gsub(buff.toStr(0, buff.used()), "%s+$", "");
        log.info(TAG, "recv", text);
        buff.del();
    }
    return true;
}

/** Opens one connection and sends heartbeats until it ends. Must run inside the task: libnet waits. */
function runConnection(this: void, round: number): void {
    const ctrl = socket.create(undefined, TASK);
    if (ctrl === undefined) {
        log.error(TAG, "no memory for a socket");
        return;
    }
    socket.config(ctrl);
    const connected = libnet.connect(TASK, CONNECT_MS, ctrl, SERVER_HOST, SERVER_PORT);
    log.info(TAG, "connect", connected ? "ok" : "failed");
    const buff = zbuff.create(256);
    let beat = 0;
    while (connected && buff !== undefined) {
        // Returns early when data arrives or the connection ends; after HEARTBEAT_MS of quiet, a heartbeat.
        const [alive, event] = libnet.wait(TASK, HEARTBEAT_MS, ctrl);
        if (!alive || (event && !receive(ctrl, buff))) {
            log.warn(TAG, "connection lost");
            break;
        }
        if (event) continue;
        beat += 1;
        const [sent] = libnet.tx(TASK, HEARTBEAT_MS, ctrl, `heartbeat ${round}.${beat}\n`);
        if (!sent) break;
    }
    libnet.close(TASK, RETRY_MS, ctrl);
    // Releases the socket's memory: a socket is single use here.
    socket.release(ctrl);
}

sys.taskInitEx(() => {
    log.info(TAG, "started", VERSION);
    let round = 0;
    while (true) {
        round += 1;
        runConnection(round);
        sys.wait(RETRY_MS);
    }
}, TASK);

sys.run();
