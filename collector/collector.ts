/**
 * The collector the reference firmware talks to, written in TypeScript for
 * the simulated device's network (virtual or loopback). It speaks the line
 * protocol of src/app/protocol.ts, acknowledges samples, answers heartbeats,
 * sends PING and TIME commands, and records everything it sees so tests can
 * check that no sample was lost, reordered or duplicated without a reason.
 */
import type { ServerConnection } from "../runtime/net/tcp.js";
import { lineHandler } from "../runtime/net/servers.js";

/** A sample line as the collector received it. */
export interface ReceivedSample {
    /** The device's boot id from its HELLO (0 before any HELLO). */
    boot: number;
    seq: number;
    /** The connection it came on (traffic-log id). */
    connection: number;
    /** Device time when it arrived. */
    at: number;
}

export interface CollectorOptions {
    /** Device time, for the records. */
    now: () => number;
    /** Send PING every this many samples on a connection (0: never). Default 20. */
    pingEvery?: number;
    /** Ask for TIME every this many samples (0: never). Default 50. */
    timeEvery?: number;
    /** Acknowledge every this many samples (and on each heartbeat). Default 1. */
    ackEvery?: number;
    /**
     * Called with each line received (`<conn> < LINE`) and each reply sent or
     * withheld while muted (`<conn> > ACK 12`, `<conn> > (muted) ACK 12`),
     * without the newline: the collector process prints them.
     */
    trace?: (text: string) => void;
}

/**
 * What the collector needs of a TCP connection: the virtual network's
 * (runtime/net/tcp.ts) or a real socket's (collector/loopback.ts).
 */
export type CollectorConnection = Pick<ServerConnection, "id" | "send" | "onData" | "onClose" | "close" | "reset">;

/** What the collector saw and did; read by tests and the `npm start` summary. */
export class Collector {
    readonly samples: ReceivedSample[] = [];
    readonly hellos: { boot: number; device: string; version: string; connection: number }[] = [];
    /** Boot reports ("BOOT <device> <firmware> <why>" after HELLO), without the verb. */
    readonly bootReports: string[] = [];
    /** Lines that were not protocol messages. */
    readonly unknownLines: string[] = [];
    pongs = 0;
    times = 0;
    heartbeats = 0;
    connections = 0;
    /** Connections open now. */
    readonly open = new Set<CollectorConnection>();
    /**
     * While true the collector still reads and records every line but sends
     * nothing: a hung server process behind a healthy TCP connection, which
     * only the device's heartbeat can notice.
     */
    muted = false;
    private readonly options: Required<Omit<CollectorOptions, "trace">>;
    private readonly trace: ((text: string) => void) | undefined;

    constructor(options: CollectorOptions) {
        const { trace, ...rest } = options;
        this.options = { pingEvery: 20, timeEvery: 50, ackEvery: 1, ...rest };
        this.trace = trace;
    }

    /** The TCP handler to pass to `listenTcp` (or a loopback server). */
    readonly handler = lineHandler<CollectorConnection>(
        (line, conn) => this.onLine(line, conn),
        conn => {
            this.connections += 1;
            this.open.add(conn);
            const state = { boot: 0, count: 0, lastSeq: 0, pings: 0 };
            this.state.set(conn, state);
            conn.onClose(() => this.open.delete(conn));
        },
    );

    private readonly state = new Map<CollectorConnection, { boot: number; count: number; lastSeq: number; pings: number }>();

    private onLine(line: string, conn: CollectorConnection): void {
        const state = this.state.get(conn);
        if (state === undefined) return;
        this.trace?.(`${conn.id} < ${line}`);
        const words = line.split(" ");
        const reply = (text: string) => {
            if (this.trace !== undefined) for (const sent of text.trimEnd().split("\n")) this.trace(`${conn.id} > ${this.muted ? "(muted) " : ""}${sent}`);
            if (!this.muted) conn.send(text);
        };
        switch (words[0]) {
            case "HELLO":
                state.boot = Number(words[3] ?? 0);
                this.hellos.push({ boot: state.boot, device: words[1] ?? "", version: words[2] ?? "", connection: conn.id });
                return;
            case "BOOT":
                this.bootReports.push(words.slice(1).join(" "));
                return;
            case "S": {
                const seq = Number(words[1]);
                if (!Number.isInteger(seq)) break;
                this.samples.push({ boot: state.boot, seq, connection: conn.id, at: this.options.now() });
                state.count += 1;
                state.lastSeq = seq;
                // Samples arrive in order on a connection, so acknowledging the
                // latest one acknowledges everything before it on this connection.
                if (state.count % this.options.ackEvery === 0) reply(`ACK ${seq}\n`);
                if (this.options.pingEvery > 0 && state.count % this.options.pingEvery === 0) reply(`PING p${conn.id}-${++state.pings}\n`);
                if (this.options.timeEvery > 0 && state.count % this.options.timeEvery === 0) reply("TIME\n");
                return;
            }
            case "HB":
                this.heartbeats += 1;
                reply(state.lastSeq > 0 ? `HB\nACK ${state.lastSeq}\n` : "HB\n");
                return;
            case "PONG":
                this.pongs += 1;
                return;
            case "TIME":
                this.times += 1;
                return;
        }
        this.unknownLines.push(line);
    }

    /** Distinct (boot, seq) pairs received. */
    distinct(): number {
        return new Set(this.samples.map(s => `${s.boot}:${s.seq}`)).size;
    }

    /**
     * Samples missing from what arrived: for each boot id, the numbers from 1
     * to the highest received that never arrived. (Samples are numbered from
     * 1 per boot and sent in order, so a gap is a lost sample; samples after
     * the highest received may still be on their way.)
     */
    missing(): { boot: number; seq: number }[] {
        const byBoot = new Map<number, Set<number>>();
        for (const s of this.samples) {
            let seqs = byBoot.get(s.boot);
            if (seqs === undefined) byBoot.set(s.boot, (seqs = new Set()));
            seqs.add(s.seq);
        }
        const missing: { boot: number; seq: number }[] = [];
        for (const [boot, seqs] of byBoot) {
            let highest = 0;
            for (const seq of seqs) highest = Math.max(highest, seq);
            for (let seq = 1; seq <= highest; seq++) if (!seqs.has(seq)) missing.push({ boot, seq });
        }
        return missing;
    }

    /** Samples received more than once. */
    duplicates(): number {
        return this.samples.length - this.distinct();
    }
}
