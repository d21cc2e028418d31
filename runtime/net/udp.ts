import type { Endpoint } from "./address.js";
import { toBytes, toText, type BytesLike } from "./bytes.js";
import type { Direction } from "./faults.js";
import type { CloseReason, Scheduler, Stream, StreamHandlers } from "./network.js";
import { recordEvent, type ConnectionRecord } from "./traffic.js";

/** One datagram that reached a UDP server. */
export interface UdpDatagram {
    readonly data: Uint8Array;
    /** The data decoded as UTF-8. */
    readonly text: string;
    /** The device endpoint it came from. */
    readonly from: Endpoint;
    /** The server endpoint it was sent to. */
    readonly to: Endpoint;
    /** Device time it arrived. */
    readonly time: number;
    /** Send a datagram back to its sender. */
    reply(data: BytesLike): void;
}

/** Called for each datagram a UDP server receives. */
export type UdpHandler = (datagram: UdpDatagram) => void;

/** A UDP server in the virtual network. */
export class UdpListener {
    private open = true;

    constructor(
        /** The address listened on; "*" for every address. */
        readonly ip: string,
        readonly port: number,
        private readonly handler: UdpHandler,
        private readonly sender: (from: Endpoint, to: Endpoint, data: Uint8Array) => void,
        private readonly release: (listener: UdpListener) => void,
    ) {}

    /** Whether it still listens. */
    get listening(): boolean {
        return this.open;
    }

    /** Send a datagram to a device endpoint (`from` of a received datagram). */
    sendTo(to: Endpoint, data: BytesLike, from: Endpoint = { ip: this.ip, port: this.port }): void {
        this.sender(from, to, toBytes(data));
    }

    /** Stop listening; later datagrams to it are dropped. */
    close(): void {
        if (!this.open) return;
        this.open = false;
        this.release(this);
    }

    /** @internal */
    receive(datagram: UdpDatagram): void {
        this.handler(datagram);
    }
}

/** What a UDP endpoint needs from the network around it. */
export interface UdpContext {
    readonly scheduler: Scheduler;
    isUp(): boolean;
    deviceIp(): string;
    allocatePort(): number;
    lookup(host: string, done: (ip: string | undefined) => void): void;
    /** One-way delay for a datagram (latency plus jitter). */
    delay(endpoint: UdpEndpoint, direction: Direction): number;
    /** Whether this datagram is lost. */
    lost(endpoint: UdpEndpoint, direction: Direction): boolean;
    findListener(ip: string, port: number): UdpListener | undefined;
    /** The endpoint has its local port and can receive. */
    opened(endpoint: UdpEndpoint): void;
    finished(endpoint: UdpEndpoint): void;
}

/**
 * The device's connected UDP endpoint: datagrams to and from one peer.
 * "Connecting" is local (it ends after name resolution). While the
 * interface is down, datagrams either way are dropped; the endpoint itself
 * survives, as a UDP socket does on an IP stack that keeps its address.
 */
export class UdpEndpoint implements Stream {
    private phase: "starting" | "open" | "closed" = "starting";
    private early: Uint8Array[] = [];

    constructor(
        private readonly ctx: UdpContext,
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

    /** Whether the device side is open. */
    get isOpen(): boolean {
        return this.phase === "open";
    }

    send(data: Uint8Array): void {
        if (this.phase === "closed" || data.length === 0) return;
        if (this.phase === "starting") {
            this.early.push(data);
            return;
        }
        const { ctx, record } = this;
        const now = ctx.scheduler.now();
        recordEvent(record, now, "to-server", "sent", data);
        if (!ctx.isUp() || ctx.lost(this, "to-server")) {
            recordEvent(record, now, "to-server", "dropped", data);
            return;
        }
        const from = { ip: ctx.deviceIp(), port: record.localPort! };
        const to = { ip: record.ip!, port: record.port };
        ctx.scheduler.at(now + ctx.delay(this, "to-server"), () => {
            const time = ctx.scheduler.now();
            const listener = ctx.findListener(to.ip, to.port);
            recordEvent(record, time, "to-server", listener ? "delivered" : "dropped", data);
            listener?.receive({
                data,
                get text() {
                    return toText(data);
                },
                from,
                to,
                time,
                reply: (answer) => listener.sendTo(from, answer, to),
            });
        });
    }

    close(): void {
        if (this.phase === "closed") return;
        this.finish("local-close");
    }

    /** @internal A datagram from a server to this endpoint. */
    fromServer(data: Uint8Array): void {
        const { ctx, record } = this;
        const now = ctx.scheduler.now();
        recordEvent(record, now, "to-device", "sent", data);
        if (ctx.lost(this, "to-device")) {
            recordEvent(record, now, "to-device", "dropped", data);
            return;
        }
        ctx.scheduler.at(now + ctx.delay(this, "to-device"), () => {
            const accepted = this.phase === "open" && ctx.isUp();
            recordEvent(record, ctx.scheduler.now(), "to-device", accepted ? "delivered" : "dropped", data);
            if (accepted) this.handlers.onData(data);
        });
    }

    private start(): void {
        if (this.phase === "closed") return;
        if (!this.ctx.isUp()) return this.finish("unreachable");
        this.ctx.lookup(this.record.ip ?? this.host, (ip) => {
            if (this.phase === "closed") return;
            if (ip === undefined) return this.finish("dns");
            if (!this.ctx.isUp()) return this.finish("unreachable");
            this.record.ip = ip;
            this.record.localPort = this.ctx.allocatePort();
            this.record.connectedAt = this.ctx.scheduler.now();
            this.phase = "open";
            this.ctx.opened(this);
            this.handlers.onConnect();
            const early = this.early;
            this.early = [];
            for (const data of early) this.send(data);
        });
    }

    private finish(reason: CloseReason): void {
        this.phase = "closed";
        this.early = [];
        const now = this.ctx.scheduler.now();
        this.record.closedAt = now;
        this.record.closeReason = reason;
        this.ctx.scheduler.at(now, () => this.handlers.onClose(reason));
        this.ctx.finished(this);
    }
}
