import type { Endpoint } from "./address.js";
import { toBytes, type BytesLike } from "./bytes.js";
import type { Direction } from "./faults.js";
import type { CloseReason, Scheduler, Stream, StreamHandlers } from "./network.js";
import { Pipe, type Shaping } from "./pipe.js";
import type { Prng } from "./prng.js";
import { recordEvent, type ConnectionRecord } from "./traffic.js";

/** The server's side of one TCP connection, for servers written in TypeScript. */
export interface ServerConnection {
    /** The connection's id in the traffic log. */
    readonly id: number;
    /** The device's address and local port. */
    readonly remote: Endpoint;
    /** The server's address and port. */
    readonly local: Endpoint;
    /** The host name (or address) the device dialled. */
    readonly host: string;
    /** The traffic record of this connection. */
    readonly record: ConnectionRecord;
    /** Whether this side has ended (closed, reset, or timed out). */
    readonly closed: boolean;
    /** Send bytes (text as UTF-8) to the device. Ignored once closed. */
    send(data: BytesLike): void;
    /** Close cleanly (FIN): the device gets "peer-close" after the data in flight. */
    close(): void;
    /** Reset (RST): the device gets "reset" after the data in flight. */
    reset(): void;
    /** Called with each piece of data from the device, as the network delivers it. */
    onData(fn: (data: Uint8Array) => void): void;
    /**
     * Called once when this side ends: "peer-close" (the device closed),
     * "reset" (the network reset it), "timeout" (the device vanished: its
     * interface went down or the path went silent), "local-close" (this side
     * closed or reset it).
     */
    onClose(fn: (reason: CloseReason) => void): void;
}

/** Called for each accepted connection; register onData/onClose here. */
export type TcpHandler = (connection: ServerConnection) => void;

/** A TCP server listening in the virtual network. */
export class TcpListener {
    /** While true, connection attempts are refused (RST). */
    refusing = false;
    private open = true;

    constructor(
        /** The address listened on; "*" for every address. */
        readonly ip: string,
        readonly port: number,
        private readonly handler: TcpHandler,
        private readonly release: (listener: TcpListener) => void,
    ) {}

    /** Whether it still listens. */
    get listening(): boolean {
        return this.open;
    }

    /** Stop listening; later attempts are refused. Open connections go on. */
    close(): void {
        if (!this.open) return;
        this.open = false;
        this.release(this);
    }

    /** @internal Hand an accepted connection to the handler. */
    accept(connection: ServerConnection): void {
        this.handler(connection);
    }
}

/** What a TCP connection needs from the network around it. */
export interface TcpContext {
    readonly scheduler: Scheduler;
    readonly jitter: Prng;
    readonly connectTimeoutMs: number;
    readonly retransmitTimeoutMs: number;
    readonly peerTimeoutMs: number;
    isUp(): boolean;
    deviceIp(): string;
    allocatePort(): number;
    lookup(host: string, done: (ip: string | undefined) => void): void;
    findListener(ip: string, port: number): TcpListener | undefined;
    shaping(connection: TcpConnection, direction: Direction): Shaping;
    /** A refuse fault applies to this attempt. */
    refuses(connection: TcpConnection): boolean;
    /** A half-open fault covers this connection now. */
    silent(connection: TcpConnection): boolean;
    /** A per-segment reset or peer-close fault fires for this segment. */
    segmentFault(connection: TcpConnection): "reset" | "peer-close" | undefined;
    /** The connection has ended on both sides. */
    finished(connection: TcpConnection): void;
}

type Phase = "starting" | "connecting" | "established" | "closed";

/**
 * One TCP connection in the virtual network: the device's {@link Stream}
 * and, once the connect reaches a listener, the server's side. Device
 * callbacks and server callbacks always run from scheduler events.
 */
export class TcpConnection implements Stream {
    private phase: Phase = "starting";
    private toServer?: Pipe;
    private toDevice?: Pipe;
    private server?: ServerEnd;
    /** The path is dead (interface down or half-open): nothing gets through any more. */
    private dead = false;
    private earlySends: Uint8Array[] = [];
    private connectTimer?: () => void;
    private retransmitTimer?: () => void;

    constructor(
        private readonly ctx: TcpContext,
        readonly record: ConnectionRecord,
        private readonly handlers: StreamHandlers,
    ) {
        ctx.scheduler.at(ctx.scheduler.now(), () => this.start());
    }

    get host(): string {
        return this.record.host;
    }

    get port(): number {
        return this.record.port;
    }

    get ip(): string | undefined {
        return this.record.ip;
    }

    /** Whether the device side is still open (or opening). */
    get deviceOpen(): boolean {
        return this.phase !== "closed";
    }

    /** Whether the server side is still open. */
    get serverOpen(): boolean {
        return this.server?.open === true;
    }

    send(data: Uint8Array): void {
        if (this.phase === "closed" || data.length === 0) return;
        if (this.phase !== "established") {
            this.earlySends.push(data);
            return;
        }
        this.sendToServer(data);
    }

    close(): void {
        if (this.phase === "closed") return;
        this.closeDevice("local-close");
        if (this.server?.open && !this.dead) {
            this.toServer?.control(() => {
                if (this.server?.open) this.closeServer("peer-close");
            });
        }
    }

    /** The network resets the connection: both sides get "reset", data in flight is lost. */
    resetByNetwork(): void {
        this.toServer?.abort();
        this.toDevice?.abort();
        if (this.phase !== "closed") this.closeDevice("reset");
        if (this.server?.open) this.closeServer("reset");
    }

    /** The server application closes cleanly (a peer-close fault). */
    closeByServer(): void {
        if (this.server?.open) this.server.connection.close();
    }

    /**
     * The device's interface went down: its side aborts at once with
     * "unreachable" (the IP stack drops connections bound to an address it
     * lost); the server hears nothing and times out after peerTimeoutMs.
     */
    interfaceDown(): void {
        if (this.phase === "closed") return;
        this.killPath();
        this.closeDevice("unreachable");
    }

    /**
     * The path goes silent (half-open): nothing gets through either way and
     * nobody is told. The device learns only if it sends (after
     * retransmitTimeoutMs, "timeout") or is still connecting (connect
     * timeout); the server times out after peerTimeoutMs.
     */
    goSilent(): void {
        if (this.dead) return;
        this.killPath();
    }

    private killPath(): void {
        this.dead = true;
        this.toServer?.abort();
        this.toDevice?.abort();
        if (this.server?.open) this.server.startPeerTimer();
    }

    private start(): void {
        if (this.phase === "closed") return;
        if (!this.ctx.isUp()) {
            this.closeDevice("unreachable");
            return;
        }
        // An address the caller resolved already is used as is (the name stays for faults and the log).
        this.ctx.lookup(this.record.ip ?? this.host, (ip) => this.resolved(ip));
    }

    private resolved(ip: string | undefined): void {
        if (this.phase === "closed") return;
        if (ip === undefined) return this.closeDevice("dns");
        if (!this.ctx.isUp()) return this.closeDevice("unreachable");
        const { ctx, record } = this;
        record.ip = ip;
        record.localPort = ctx.allocatePort();
        this.phase = "connecting";
        this.toServer = new Pipe(ctx.scheduler, "to-server", record, () => ctx.shaping(this, "to-server"), ctx.jitter, {
            accepts: () => this.server?.open === true && this.segmentPasses(),
            receive: (data) => this.server?.deliver(data),
        });
        this.toDevice = new Pipe(ctx.scheduler, "to-device", record, () => ctx.shaping(this, "to-device"), ctx.jitter, {
            accepts: () => this.phase === "established" && this.segmentPasses(),
            receive: (data) => this.handlers.onData(data),
        });
        const now = ctx.scheduler.now();
        this.connectTimer = ctx.scheduler.at(now + ctx.connectTimeoutMs, () => {
            if (this.phase === "connecting") this.closeDevice("timeout");
        });
        if (ctx.silent(this)) {
            this.dead = true; // the SYN is lost; the connect timer ends it
            return;
        }
        this.toServer.control(() => this.synArrives());
    }

    private synArrives(): void {
        if (this.phase !== "connecting") return;
        const ip = this.record.ip!;
        const listener = this.ctx.findListener(ip, this.port);
        const toDevice = this.toDevice!;
        if (!listener || listener.refusing || this.ctx.refuses(this)) {
            toDevice.control(() => {
                if (this.phase === "connecting") this.closeDevice("refused");
            });
            return;
        }
        // The answer is queued before the server's handler runs, so a greeting it sends arrives after it.
        toDevice.control(() => this.established());
        this.server = new ServerEnd(this, { ip, port: this.port }, { ip: this.ctx.deviceIp(), port: this.record.localPort! });
        listener.accept(this.server.connection);
    }

    private established(): void {
        if (this.phase !== "connecting") return;
        this.phase = "established";
        this.connectTimer?.();
        this.record.connectedAt = this.ctx.scheduler.now();
        this.handlers.onConnect();
        const early = this.earlySends;
        this.earlySends = [];
        for (const data of early) if (this.phase === "established") this.sendToServer(data);
    }

    private sendToServer(data: Uint8Array): void {
        if (!this.dead) {
            this.toServer!.send(data);
            return;
        }
        const now = this.ctx.scheduler.now();
        recordEvent(this.record, now, "to-server", "sent", data);
        recordEvent(this.record, now, "to-server", "dropped", data);
        // Unacknowledged data: the stack retransmits, then gives up.
        this.retransmitTimer ??= this.ctx.scheduler.at(now + this.ctx.retransmitTimeoutMs, () => {
            if (this.phase !== "closed") this.closeDevice("timeout");
        });
    }

    /** @internal The server side sends. */
    serverSend(data: Uint8Array): void {
        if (data.length === 0) return;
        if (!this.dead) {
            this.toDevice!.send(data);
            return;
        }
        const now = this.ctx.scheduler.now();
        recordEvent(this.record, now, "to-device", "sent", data);
        recordEvent(this.record, now, "to-device", "dropped", data);
    }

    /** @internal The server side closes (FIN) or resets (RST). */
    serverEnds(reason: "peer-close" | "reset"): void {
        this.closeServer("local-close");
        if (this.dead) return;
        this.toDevice!.control(() => {
            if (this.phase !== "closed") this.closeDevice(reason);
        });
    }

    /** Per-segment faults: a reset drops the segment; a peer-close lets it through, then the server closes. */
    private segmentPasses(): boolean {
        const fault = this.ctx.segmentFault(this);
        if (fault === "reset") {
            this.resetByNetwork();
            return false;
        }
        if (fault === "peer-close") this.ctx.scheduler.at(this.ctx.scheduler.now(), () => this.closeByServer());
        return true;
    }

    private closeDevice(reason: CloseReason): void {
        this.phase = "closed";
        this.earlySends = [];
        this.connectTimer?.();
        this.retransmitTimer?.();
        const now = this.ctx.scheduler.now();
        this.record.closedAt = now;
        this.record.closeReason = reason;
        this.ctx.scheduler.at(now, () => this.handlers.onClose(reason));
        this.checkFinished();
    }

    private closeServer(reason: CloseReason): void {
        const server = this.server!;
        server.end(reason);
        this.record.serverClosedAt = this.ctx.scheduler.now();
        this.record.serverCloseReason = reason;
        this.checkFinished();
    }

    /** @internal */
    scheduler(): Scheduler {
        return this.ctx.scheduler;
    }

    /** @internal */
    peerTimeoutMs(): number {
        return this.ctx.peerTimeoutMs;
    }

    /** @internal The server side timed out waiting for a vanished device. */
    serverTimedOut(): void {
        if (this.server?.open) this.closeServer("timeout");
    }

    private checkFinished(): void {
        if (this.phase === "closed" && !this.server?.open) this.ctx.finished(this);
    }
}

/** The server's side of a {@link TcpConnection}. */
class ServerEnd {
    open = true;
    private readonly dataFns: ((data: Uint8Array) => void)[] = [];
    private readonly closeFns: ((reason: CloseReason) => void)[] = [];
    private peerTimer?: () => void;
    private readonly link: TcpConnection;
    readonly connection: ServerConnection;

    constructor(link: TcpConnection, local: Endpoint, remote: Endpoint) {
        this.link = link;
        const isOpen = () => this.open;
        this.connection = {
            id: link.record.id,
            remote,
            local,
            host: link.record.host,
            record: link.record,
            get closed() {
                return !isOpen();
            },
            send: (data) => {
                if (this.open) link.serverSend(toBytes(data));
            },
            close: () => {
                if (this.open) link.serverEnds("peer-close");
            },
            reset: () => {
                if (this.open) link.serverEnds("reset");
            },
            onData: (fn) => void this.dataFns.push(fn),
            onClose: (fn) => void this.closeFns.push(fn),
        };
    }

    deliver(data: Uint8Array): void {
        for (const fn of this.dataFns) fn(data);
    }

    startPeerTimer(): void {
        const scheduler = this.link.scheduler();
        this.peerTimer ??= scheduler.at(scheduler.now() + this.link.peerTimeoutMs(), () => this.link.serverTimedOut());
    }

    end(reason: CloseReason): void {
        this.open = false;
        this.peerTimer?.();
        const scheduler = this.link.scheduler();
        scheduler.at(scheduler.now(), () => {
            for (const fn of this.closeFns) fn(reason);
        });
    }
}
