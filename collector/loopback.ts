/**
 * The collector on real sockets: the same {@link Collector} (line protocol,
 * ACKs, records) behind a Node TCP server, plus a UDP listener for the
 * firmware's beacons. A device on this machine (luatos2021, luatos-pc, or
 * the simulator with `--net host`) reaches it through the operating
 * system's network stack, so the faults it can play are the ones a real
 * network stack shows the firmware:
 *
 * - refuse: the listening socket is closed, so connects get RST (existing
 *   connections stay);
 * - close / reset: every open connection is closed with FIN, or reset (RST);
 * - silent: lines are still read and recorded, nothing is sent (a hung
 *   server behind a healthy TCP connection);
 * - restart: every connection reset and the listener closed (connects
 *   refused) for a while, then listening again: the records survive, as a
 *   database would; per-connection state does not.
 */
import * as dgram from "node:dgram";
import * as net from "node:net";
import { UserError } from "../common/user-error.js";
import type { CloseReason } from "../runtime/net/network.js";
import { Collector, type CollectorConnection, type CollectorOptions } from "./collector.js";

/** A beacon datagram as the listener received it. */
export interface ReceivedBeacon {
    /** The datagram's text without its trailing newline. */
    text: string;
    /** Where it came from ("127.0.0.1:40000"). */
    from: string;
    /** Milliseconds since the collector started. */
    at: number;
}

export interface LoopbackCollectorOptions extends Omit<CollectorOptions, "now"> {
    /** Address to listen on. Default 127.0.0.1. */
    host?: string;
    /** TCP port (0: any free port). */
    port: number;
    /** UDP port of the beacon listener (0: any free port; undefined: none). */
    beaconPort?: number;
    /** Called with a line for each state change and beacon ("listening on ...", "beacon ..."). */
    event?: (text: string) => void;
}

/** What the faults did, for the summary. */
export interface FaultCounts {
    refused: number;
    closed: number;
    reset: number;
    silenced: number;
    restarts: number;
}

/** A real socket seen as the collector's connection. */
function socketConnection(socket: net.Socket, id: number): CollectorConnection & { readonly socket: net.Socket } {
    const closeHandlers: ((reason: CloseReason) => void)[] = [];
    let ended = false;
    let locallyEnded = false;
    const end = (reason: CloseReason) => {
        if (ended) return;
        ended = true;
        for (const fn of closeHandlers) fn(reason);
    };
    socket.on("error", () => end("reset"));
    socket.on("end", () => {
        // The device closed its side: close ours too (the collector never half-closes).
        socket.end();
    });
    socket.on("close", hadError => end(locallyEnded ? "local-close" : hadError ? "reset" : "peer-close"));
    return {
        id,
        socket,
        send: data => {
            if (!socket.destroyed && socket.writable) socket.write(typeof data === "string" ? data : Buffer.from(data as Uint8Array));
        },
        close: () => {
            locallyEnded = true;
            socket.end();
            // A peer that never closes its side must not keep the socket for ever.
            socket.setTimeout(5000, () => socket.destroy());
        },
        reset: () => {
            locallyEnded = true;
            socket.resetAndDestroy();
        },
        onData: fn => socket.on("data", (data: Buffer) => fn(new Uint8Array(data.buffer, data.byteOffset, data.length))),
        onClose: fn => closeHandlers.push(fn),
    };
}

/** The collector listening on a real TCP port, with its beacon listener and its faults. */
export class LoopbackCollector {
    readonly collector: Collector;
    readonly beacons: ReceivedBeacon[] = [];
    readonly faults: FaultCounts = { refused: 0, closed: 0, reset: 0, silenced: 0, restarts: 0 };
    private readonly startedAt = Date.now();
    private readonly host: string;
    private server: net.Server | undefined;
    private udp: dgram.Socket | undefined;
    private readonly sockets = new Map<CollectorConnection, net.Socket>();
    private nextId = 1;
    private restartTimer: NodeJS.Timeout | undefined;
    private boundPort = 0;
    private boundBeaconPort: number | undefined;

    constructor(private readonly options: LoopbackCollectorOptions) {
        this.host = options.host ?? "127.0.0.1";
        this.collector = new Collector({ ...options, now: () => this.elapsed() });
    }

    /** Milliseconds since the collector was made. */
    elapsed(): number {
        return Date.now() - this.startedAt;
    }

    /** The TCP port it listens on (known after {@link start}). */
    get port(): number {
        return this.boundPort;
    }

    /** The beacon listener's UDP port (after {@link start}), or undefined without one. */
    get beaconPort(): number | undefined {
        return this.boundBeaconPort;
    }

    /** Whether connections are being accepted now. */
    get listening(): boolean {
        return this.server !== undefined;
    }

    /** Binds the TCP port and the beacon port. Throws {@link UserError} when a port cannot be bound. */
    async start(): Promise<void> {
        await this.listen(this.options.port);
        this.boundPort = (this.server!.address() as net.AddressInfo).port;
        if (this.options.beaconPort !== undefined) {
            const udp = dgram.createSocket("udp4");
            udp.on("message", (data, from) => {
                const beacon = { text: data.toString("utf8").replace(/\r?\n$/, ""), from: `${from.address}:${from.port}`, at: this.elapsed() };
                this.beacons.push(beacon);
                this.options.event?.(`beacon from ${beacon.from}: ${beacon.text}`);
            });
            await new Promise<void>((resolve, reject) => {
                udp.once("error", error => reject(bindError(error, "UDP", this.host, this.options.beaconPort!)));
                udp.bind(this.options.beaconPort, this.host, () => resolve());
            });
            this.udp = udp;
            this.boundBeaconPort = udp.address().port;
        }
        this.options.event?.(`listening on ${this.host}:${this.boundPort} (TCP)` + (this.boundBeaconPort === undefined ? "" : `, beacons on ${this.host}:${this.boundBeaconPort} (UDP)`));
    }

    private async listen(port: number): Promise<void> {
        const server = net.createServer(socket => {
            const conn = socketConnection(socket, this.nextId++);
            this.sockets.set(conn, socket);
            conn.onClose(reason => {
                this.sockets.delete(conn);
                this.options.event?.(`connection ${conn.id} ended (${reason})`);
            });
            this.options.event?.(`connection ${conn.id} from ${socket.remoteAddress}:${socket.remotePort}`);
            this.collector.handler(conn);
        });
        await new Promise<void>((resolve, reject) => {
            server.once("error", error => reject(bindError(error, "TCP", this.host, port)));
            server.listen({ port, host: this.host, exclusive: true }, () => resolve());
        });
        server.on("error", error => this.options.event?.(`listener error: ${error.message}`));
        this.server = server;
    }

    /** Stops accepting: connects are refused (RST) until {@link accept}. Open connections stay. */
    refuse(): void {
        if (this.server === undefined) return;
        this.server.close();
        this.server = undefined;
        this.faults.refused += 1;
        this.options.event?.("refusing connections");
    }

    /** Accepts connections again, on the same port. */
    async accept(): Promise<void> {
        if (this.server !== undefined) return;
        await this.listen(this.boundPort);
        this.options.event?.(`accepting connections on ${this.host}:${this.boundPort}`);
    }

    /** Closes every open connection with FIN (`"close"`) or RST (`"reset"`); returns how many. */
    closeConnections(how: "close" | "reset"): number {
        const open = [...this.sockets.keys()];
        for (const conn of open) (how === "close" ? conn.close : conn.reset)();
        if (how === "close") this.faults.closed += 1;
        else this.faults.reset += 1;
        this.options.event?.(`${how === "close" ? "closed" : "reset"} ${open.length} connection(s)`);
        return open.length;
    }

    /** Silent (true): reads and records, sends nothing; false: answers again. */
    setSilent(silent: boolean): void {
        if (this.collector.muted === silent) return;
        this.collector.muted = silent;
        if (silent) this.faults.silenced += 1;
        this.options.event?.(silent ? "silent: reading, answering nothing" : "answering again");
    }

    /**
     * A restart of the server: every connection reset, connects refused for
     * `downMs`, then listening again. Resolves once it listens again.
     */
    async restart(downMs: number): Promise<void> {
        this.faults.restarts += 1;
        this.options.event?.(`restarting: down for ${downMs} ms`);
        if (this.server !== undefined) {
            this.server.close();
            this.server = undefined;
        }
        for (const conn of [...this.sockets.keys()]) conn.reset();
        this.collector.muted = false;
        await new Promise<void>(resolve => {
            this.restartTimer = setTimeout(resolve, downMs);
        });
        this.restartTimer = undefined;
        await this.accept();
    }

    /** Closes everything; the records stay readable. */
    async stop(): Promise<void> {
        if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
        for (const conn of [...this.sockets.keys()]) conn.reset();
        const server = this.server;
        this.server = undefined;
        if (server !== undefined) await new Promise(resolve => server.close(resolve));
        const udp = this.udp;
        this.udp = undefined;
        if (udp !== undefined) await new Promise<void>(resolve => udp.close(() => resolve()));
    }
}

/** A bind failure as one line for the user. */
function bindError(error: Error, protocol: string, host: string, port: number): Error {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") return new UserError(`${protocol} port ${port} on ${host} is already in use: pick another with --port / --beacon-port`);
    if (code === "EACCES") return new UserError(`${protocol} port ${port} on ${host}: permission denied (ports below 1024 need privileges)`);
    if (code === "EADDRNOTAVAIL") return new UserError(`${host} is not an address of this machine`);
    return new UserError(`cannot listen on ${host}:${port} (${protocol}): ${error.message}`);
}
