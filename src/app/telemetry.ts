/**
 * The collector session: keeps a TCP link to the collector, sends numbered
 * samples until they are acknowledged, heartbeats, answers commands, and
 * now and then sends the UDP beacon.
 * Runs in its own task, started when the module is loaded; reconnects with
 * backoff for ever. Every connection attempt (and every beacon) leaves one
 * netclient object in the heap until reboot (docs/leak.md): once the
 * boot's start budget (openLink's maxStarts/maxUsedBytes) is spent, the
 * queue and the counters are saved to a file (app/queue-save.ts) and the
 * device reboots; the next boot restores them and continues the same boot
 * id and sequence, so a planned reboot loses no sample.
 */
import { Config, Names } from "../config";
import { backoffDelay } from "../lib/backoff";
import { closeLink, isOpen, openLink, sendData, takeLine, waitActivity, wakeLink, type Link } from "../lib/connection";
import { waitForClock } from "./clock-sync";
import { heartbeatLine, helloLine, parseCommand, sampleLine } from "./protocol";
import type * as QueueRestore from "./queue-restore";
import type * as QueueSave from "./queue-save";
import { acknowledge, enqueue, newSampleQueue, peek, type SampleQueue } from "./sample-queue";

/** Counters reported in the periodic stats line. */
export interface TelemetryStats {
    /** Samples measured. */
    produced: number;
    /** Sample lines sent (first sends and resends). */
    sent: number;
    acked: number;
    /** Sample lines sent again after a reconnect. */
    resent: number;
    reconnects: number;
    /** Lines from the collector that were not valid commands (malformed, overlong, an ACK beyond what was sent). */
    invalid: number;
}

const queue: SampleQueue = newSampleQueue(Config.QUEUE_CAPACITY);
const stats: TelemetryStats = { produced: 0, sent: 0, acked: 0, resent: 0, reconnects: 0, invalid: 0 };
/** Highest seq ever sent: samples at or below it are resends. */
let highestSent = 0;
let active: Link | undefined;
/** Set by the heartbeat timer; consumed by the session task. */
let heartbeatDue = false;
/** Heartbeat periods since the last line from the collector. */
let silentPeriods = 0;
let heartbeats = 0;
/** NB-IoT: the modem socket of the last link, rebound by the next (never set otherwise). */
let savedSockid: number | undefined;
/**
 * Tells this boot's samples apart from other boots' at the collector: the
 * clock time of the first connection. Not read at load time: the Air640W's
 * soft RTC restarts at 1970 on every boot, so the time before NTP would be
 * the same after every reboot. Without NTP it is the uptime in seconds,
 * which may repeat.
 */
let bootId = 0;
/** Whether this device boot has sent its BOOT report. */
let bootReported = false;
/** Whether this boot continues one that the heap guard ended (its queue restored). */
let continued = false;
/** Set once the queue is saved for a planned reboot: nothing may change it after. */
let frozen = false;

/**
 * Runs a module of the firmware (`app.queue-save`, `app.queue-restore`) for
 * one use and returns its exports, without keeping it loaded: its code is
 * freed once the caller drops the exports. `require` finds the module
 * wherever the firmware keeps scripts (the image stores `app/queue-save.ts`
 * as the flat file `app.queue-save.lua` or `.luac`: at `/` on the 2021
 * firmware, under `/luadb/` on today's; a build folder holds
 * `app/queue-save.lua`), and the registry's `_LOADED` table is where it
 * keeps the module (the 2021 firmware has no `package.loaded` to drop it from).
 */
function runOnce(this: void, name: string): unknown {
    const exports = _G.require(name);
    debug.getregistry()._LOADED[name] = undefined;
    return exports;
}

// A planned reboot left the queue in a file: this boot continues that one
// (same boot id, next seq, same counters). Top-level code: freed after loading.
{
    const restore = runOnce("app.queue-restore") as typeof QueueRestore;
    const [savedBootId, savedHighest] = restore.restoreQueue(queue, stats);
    if (savedBootId !== undefined) {
        continued = true;
        bootId = savedBootId;
        highestSent = savedHighest;
        log.info("telemetry", "restored", queue.count, "boot", bootId);
    }
}

/**
 * Inside the session task, when openLink refuses a start because the
 * boot's start budget is spent ("over-budget"): saves the queue and the
 * counters, reboots, and waits for the reset. Nothing may change
 * the queue or the counters after the save: no sample is taken, and this
 * task, the only one that sends, sends nothing more.
 */
function planReboot(this: void): never {
    frozen = true;
    (runOnce("app.queue-save") as typeof QueueSave).saveForReboot(queue, stats, bootId, highestSent);
    rtos.reboot();
    for (;;) sys.wait(60_000);
}

/** Timer callback (main thread): take a sample and wake the session. */
function takeSample(this: void): void {
    // The queue is saved for a planned reboot: a sample taken now would be lost with the RAM.
    if (frozen) return;
    // Samples are numbered from 1 in the order they are produced.
    const seq = stats.produced + 1;
    stats.produced = seq;
    // A stand-in sensor: a slow wave around 20.0.
    const dropped = enqueue(queue, seq, os.time(), 20 + 5 * math.sin(seq / 10));
    if (dropped !== undefined) log.warn("telemetry", "queue full, dropped sample", dropped);
    if (active !== undefined) wakeLink(active);
}

/** Timer callback (main thread): ask the session for a heartbeat. */
function heartbeatTick(this: void): void {
    heartbeatDue = true;
    silentPeriods += 1;
    if (active !== undefined) wakeLink(active);
}

/**
 * Acts on one line from the collector. Returns whether it was a valid
 * command: garbage does not count as hearing from the collector.
 * `sentUpTo`: the highest seq sent on this link; an ACK beyond it cannot be
 * genuine and would discard samples the collector never saw.
 */
function handleLine(link: Link, line: string, sentUpTo: number): boolean {
    const [kind, arg] = parseCommand(line);
    if (kind === "ack" && arg <= sentUpTo) {
        stats.acked += acknowledge(queue, arg);
    } else if (kind === "hb") {
        // Only resets the silence count.
    } else if (kind === "ping") {
        sendData(link, "PONG " + arg + "\n");
    } else if (kind === "time") {
        sendData(link, "TIME " + os.time() + "\n");
    } else {
        stats.invalid += 1;
        log.warn("telemetry", kind === "ack" ? "ACK beyond sent:" : "invalid line, bytes:", kind === "ack" ? arg : arg.length);
        return false;
    }
    silentPeriods = 0;
    return true;
}

/** Sends queued samples not yet sent on this link. Returns the seq sent up to. */
function sendPending(link: Link, sentUpTo: number): number {
    for (let i = 0; ; i++) {
        const [seq, time, value] = peek(queue, i);
        if (seq === undefined) return sentUpTo;
        if (seq <= sentUpTo) continue;
        if (!sendData(link, sampleLine(seq, time, value))) return sentUpTo;
        stats.sent += 1;
        if (seq <= highestSent) stats.resent += 1;
        else highestSent = seq;
        sentUpTo = seq;
    }
}

/**
 * Inside the session task: one beacon datagram (the node's address) to the
 * collector's host. The object stays open BEACON_DRAIN_MS after the send so
 * that the datagram leaves before the close.
 */
function sendBeacon(): void {
    const [link, failure] = openLink({
        host: Names.COLLECTOR_HOST,
        port: Config.BEACON_PORT,
        udp: true,
        timeoutMs: 5000,
        maxStarts: Config.HEAP_GUARD_STARTS,
        maxUsedBytes: rtos.meminfo()[0] - Config.HEAP_GUARD_POOL + Config.HEAP_GUARD_BYTES,
    });
    if (failure === "over-budget") planReboot();
    if (link === undefined) {
        log.warn("beacon", failure);
        return;
    }
    sendData(link, "BEACON " + Names.DEVICE_ID + " " + heartbeats + " " + (socket.ip() ?? "-") + "\n");
    sys.wait(Config.BEACON_DRAIN_MS);
    closeLink(link);
}

/** One connected session; returns when the link ends or goes silent. Returns whether the collector answered. */
function runSession(link: Link): boolean {
    let heard = false;
    let sentUpTo = 0;
    silentPeriods = 0;
    let overlong = 0;
    sendData(link, helloLine(Names.DEVICE_ID, VERSION, bootId));
    // The boot report (protocol.ts), once per device boot, on the session rather than over socket.tsend.
    if (!bootReported) bootReported = sendData(link, "BOOT " + Names.DEVICE_ID + " " + rtos.firmware() + (continued ? " planned\n" : " start\n"));
    for (;;) {
        // Lines that arrived with the end of the connection still count: their ACKs spare resends.
        for (let line = takeLine(link); line !== undefined; line = takeLine(link)) {
            if (handleLine(link, line, sentUpTo)) heard = true;
        }
        if (link.lines.overlong > overlong) {
            stats.invalid += link.lines.overlong - overlong;
            log.warn("telemetry", "overlong lines discarded:", link.lines.overlong - overlong);
            overlong = link.lines.overlong;
        }
        if (!isOpen(link)) return heard;
        sentUpTo = sendPending(link, sentUpTo);
        if (heartbeatDue) {
            heartbeatDue = false;
            heartbeats += 1;
            // NB-IoT: the heartbeat ends a burst; RAI lets the modem sleep at once.
            sendData(link, heartbeatLine(heartbeats), Config.NBIOT > 0 ? 2 : undefined);
            if ((heartbeats - 1) % Config.BEACON_EVERY_HEARTBEATS === 0) sendBeacon();
        }
        if (silentPeriods * Config.HEARTBEAT_MS >= Config.SILENCE_LIMIT_MS) {
            log.warn("telemetry", "silent, reconnecting");
            return heard;
        }
        waitActivity(link, Config.HEARTBEAT_MS);
    }
}

/** The session task: connect, run, reconnect with backoff, for ever. */
function sessionTask(this: void): void {
    let attempt = 0;
    // After a planned reboot the first connection is a reconnect of the same boot.
    let connectedBefore = bootId !== 0;
    while (!socket.isReady()) sys.wait(1000);
    // The boot id is the time of day when NTP answers soon enough.
    waitForClock(Config.NTP_TIMEOUT_MS);
    if (bootId === 0) bootId = os.time();
    // Lua's math.random starts from the same seed on every device, so every
    // device that lost the same collector would retry in step. Seed it from
    // what differs between devices (the address) and between boots (the boot id).
    const ip = socket.ip() ?? "";
    let seed = bootId;
    for (let i = 1; i <= ip.length; i++) seed = seed * 31 + string.byte(ip, i);
    math.randomseed(seed);
    for (;;) {
        while (!socket.isReady()) sys.wait(1000);
        const [link, failure] = openLink({
            host: Names.COLLECTOR_HOST,
            port: Config.COLLECTOR_PORT,
            timeoutMs: Config.CONNECT_TIMEOUT_MS,
            maxLine: Config.MAX_LINE,
            rebindSockid: savedSockid,
            maxStarts: Config.HEAP_GUARD_STARTS,
            maxUsedBytes: rtos.meminfo()[0] - Config.HEAP_GUARD_POOL + Config.HEAP_GUARD_BYTES,
        });
        if (failure === "over-budget") planReboot();
        if (link === undefined) {
            const delay = backoffDelay(attempt, Config.BACKOFF_BASE_MS, Config.BACKOFF_CAP_MS);
            attempt += 1;
            log.warn("telemetry", "connect", failure, "retry in ms", delay);
            sys.wait(delay);
            continue;
        }
        if (connectedBefore) stats.reconnects += 1;
        connectedBefore = true;
        if (Config.NBIOT > 0) savedSockid = link.so.sockid();
        log.info("telemetry", "connected", link.id, "boot", bootId);
        active = link;
        const heard = runSession(link);
        active = undefined;
        closeLink(link);
        logStats();
        // A collector that accepts and says nothing is not a reason to hammer it.
        attempt = heard ? 0 : attempt + 1;
        sys.wait(backoffDelay(attempt, Config.BACKOFF_BASE_MS, Config.BACKOFF_CAP_MS));
    }
}

/** One line with every counter, parsed by the simulator's summary. */
function logStats(this: void): void {
    const [, used] = rtos.meminfo();
    log.info("stats", "produced", stats.produced, "sent", stats.sent, "acked", stats.acked, "resent", stats.resent,
        "dropped", queue.dropped, "reconnects", stats.reconnects, "invalid", stats.invalid, "queued", queue.count, "mem", used);
}

// Loading the module starts sampling, heartbeats, the periodic stats line and
// the session task. (Top-level code runs once and is then freed; a start
// function would stay in the Lua heap for nothing.)
sys.timerLoopStart(takeSample, Config.SAMPLE_PERIOD_MS);
sys.timerLoopStart(heartbeatTick, Config.HEARTBEAT_MS);
sys.timerLoopStart(logStats, 300_000);
// The simulator (and a host tool on a real module) can ask for the counters at any time.
sys.subscribe("STATS", logStats);
sys.taskInit(sessionTask);
