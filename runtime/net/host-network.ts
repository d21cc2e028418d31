import * as dgram from "node:dgram";
import * as dns from "node:dns";
import * as net from "node:net";
import * as os from "node:os";
import { UserError } from "../../common/user-error.js";
import { isDottedQuad } from "./address.js";
import { HeldConnection } from "./incoming.js";
import type { CloseReason, ListenHandlers, Listening, Network, Scheduler, Stream, StreamHandlers } from "./network.js";
import { parseSntpReply, sntpRequest } from "./sntp.js";
import { recordEvent, TrafficLog, type ConnectionRecord } from "./traffic.js";

export interface HostNetworkOptions {
    /** Name -> IPv4 overrides, consulted before the system resolver (the CLI's `--dns`). */
    dns?: Record<string, string>;
    /** A TCP connect with no answer fails with "timeout" after this long. Default 20 s. */
    connectTimeoutMs?: number;
    /** An NTP request with no answer fails after this long. Default 5 s. */
    ntpTimeoutMs?: number;
    /** Resolve only dotted quads, `localhost` and the {@link dns} names; every other name fails at once (no system resolver). */
    dnsOnly?: boolean;
}

const NTP_PORT = 123;

/**
 * The device's sockets as real sockets of this machine (Node's net and
 * dgram), for running firmware against real servers. Callbacks arrive on
 * Node's event loop, on wall-clock time; the traffic log stamps events with
 * the scheduler's time. Timeouts use Node timers, since nothing here may
 * depend on device time running ahead of a real socket.
 */
export class HostNetwork implements Network {
    /** Every connection and UDP endpoint the device opened, with its bytes. */
    readonly traffic = new TrafficLog();
    private readonly overrides = new Map<string, string>();
    private readonly closers = new Set<() => void>();
    private readonly connectTimeoutMs: number;
    private readonly ntpTimeoutMs: number;
    private readonly dnsOnly: boolean;
    private disposed = false;

    constructor(
        private readonly scheduler: Scheduler,
        options: HostNetworkOptions = {},
    ) {
        for (const [name, ip] of Object.entries(options.dns ?? {})) {
            if (!isDottedQuad(ip)) throw new UserError(`--dns ${name}=${ip}: ${JSON.stringify(ip)} is not an IPv4 address`);
            this.overrides.set(name.toLowerCase(), ip);
        }
        this.connectTimeoutMs = options.connectTimeoutMs ?? 20_000;
        this.ntpTimeoutMs = options.ntpTimeoutMs ?? 5_000;
        this.dnsOnly = options.dnsOnly ?? false;
        if (this.dnsOnly && !this.overrides.has("localhost")) this.overrides.set("localhost", "127.0.0.1");
    }

    /** Up until disposed: this machine's network is assumed to be there. */
    isUp(): boolean {
        return !this.disposed;
    }

    /** This machine's first external IPv4 address, else 127.0.0.1. */
    ip(): string | undefined {
        if (this.disposed) return undefined;
        for (const addresses of Object.values(os.networkInterfaces())) {
            for (const address of addresses ?? []) if (address.family === "IPv4" && !address.internal) return address.address;
        }
        return "127.0.0.1";
    }

    resolve(host: string, done: (address: string | undefined) => void): void {
        const deliver = (address: string | undefined) => {
            if (!this.disposed) done(address);
        };
        const known = isDottedQuad(host) ? host : this.overrides.get(host.toLowerCase());
        if (known !== undefined) {
            setImmediate(() => deliver(known));
            return;
        }
        if (this.dnsOnly) {
            setImmediate(() => deliver(undefined));
            return;
        }
        dns.lookup(host, { family: 4 }, (error, address) => deliver(error ? undefined : address));
    }

    connectTcp(host: string, port: number, handlers: StreamHandlers, address?: string): Stream {
        const record = this.traffic.open("tcp", host, port, this.scheduler.now());
        record.ip = address;
        return new HostTcpStream(this, record, handlers, this.connectTimeoutMs);
    }

    openUdp(host: string, port: number, handlers: StreamHandlers, address?: string): Stream {
        const record = this.traffic.open("udp", host, port, this.scheduler.now());
        record.ip = address;
        return new HostUdpStream(this, record, handlers);
    }

    /**
     * A real TCP server on `port` of every address of this machine (0: a
     * free port). Never undefined: a port that is taken or not allowed is
     * only known later, through `onError`.
     */
    listenOnDevice(port: number, handlers: ListenHandlers): Listening {
        const sockets = new Set<net.Socket>();
        let open = true;
        const server = net.createServer((socket) => {
            if (!open || this.disposed) {
                socket.destroy();
                return;
            }
            sockets.add(socket);
            const remote = { ip: (socket.remoteAddress ?? "0.0.0.0").replace(/^::ffff:/, ""), port: socket.remotePort ?? 0 };
            const held = new HeldConnection(
                remote,
                {
                    send: (data) => void socket.write(data),
                    close: () => socket.destroy(),
                    reset: () => socket.resetAndDestroy(),
                },
                (fn) => setImmediate(() => {
                    if (!this.disposed) fn();
                }),
            );
            let ended = false;
            const end = (reason: CloseReason) => {
                if (ended) return;
                ended = true;
                sockets.delete(socket);
                socket.destroy();
                setImmediate(() => {
                    if (!this.disposed) held.ended(reason);
                });
            };
            socket.setNoDelay(true);
            socket.on("data", (buffer) => held.received(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)));
            socket.on("end", () => end("peer-close"));
            socket.on("error", (error) => end(reasonFor(error)));
            // After the device's own close, HeldConnection reports "local-close".
            socket.on("close", () => end("peer-close"));
            handlers.onConnection(held);
        });
        const close = () => {
            if (!open) return;
            open = false;
            untrack();
            server.close();
        };
        const untrack = this.track(() => {
            close();
            for (const socket of sockets) socket.destroy();
        });
        server.on("error", () => {
            close();
            setImmediate(() => {
                if (!this.disposed) handlers.onError();
            });
        });
        server.listen(port, "0.0.0.0");
        return { close };
    }

    /** SNTP to `server` ("name" or "name:port", port 123 by default); fails after the NTP timeout. */
    ntp(server: string, done: (epochMs: number | undefined) => void): void {
        const colon = server.lastIndexOf(":");
        const host = colon > 0 ? server.slice(0, colon) : server;
        const port = colon > 0 ? Number(server.slice(colon + 1)) : NTP_PORT;
        let finished = false;
        let socket: dgram.Socket | undefined;
        const finish = (epochMs: number | undefined) => {
            if (finished) return;
            finished = true;
            clearTimeout(timer);
            this.closers.delete(abort);
            socket?.close();
            if (!this.disposed) done(epochMs);
        };
        const abort = () => finish(undefined);
        const timer = setTimeout(abort, this.ntpTimeoutMs);
        this.closers.add(abort);
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
            setImmediate(abort);
            return;
        }
        this.resolve(host, (ip) => {
            if (finished) return;
            if (ip === undefined) return finish(undefined);
            socket = dgram.createSocket("udp4");
            socket.on("error", () => finish(undefined));
            socket.on("message", (message, remote) => {
                if (remote.address !== ip || remote.port !== port) return; // not our server
                const epochMs = parseSntpReply(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
                if (epochMs !== undefined) finish(epochMs);
            });
            socket.send(sntpRequest(), port, ip);
        });
    }

    /** Close every socket and cancel every timer; no callback runs afterwards. */
    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        for (const close of [...this.closers]) close();
        this.closers.clear();
    }

    /** @internal */
    get isDisposed(): boolean {
        return this.disposed;
    }

    /** @internal Track something to close on dispose; returns the untrack function. */
    track(close: () => void): () => void {
        this.closers.add(close);
        return () => this.closers.delete(close);
    }

    /** @internal */
    now(): number {
        return this.scheduler.now();
    }
}

/** Node error codes to the boundary's reasons. */
function reasonFor(error: NodeJS.ErrnoException): CloseReason {
    switch (error.code) {
        case "ECONNREFUSED":
            return "refused";
        case "ENOTFOUND":
        case "EAI_AGAIN":
            return "dns";
        case "ETIMEDOUT":
            return "timeout";
        case "ENETUNREACH":
        case "EHOSTUNREACH":
        case "ENETDOWN":
        case "EHOSTDOWN":
            return "unreachable";
        default:
            return "reset";
    }
}

/** One end-once callback set shared by the host streams. */
abstract class HostStream implements Stream {
    protected closed = false;
    protected connected = false;
    protected early: Uint8Array[] = [];
    private readonly untrack: () => void;

    constructor(
        protected readonly network: HostNetwork,
        protected readonly record: ConnectionRecord,
        protected readonly handlers: StreamHandlers,
    ) {
        this.untrack = network.track(() => this.finish("local-close", false));
        network.resolve(record.ip ?? record.host, (ip) => {
            if (this.closed) return;
            if (ip === undefined) return this.finish("dns");
            record.ip = ip;
            this.open(ip);
        });
    }

    send(data: Uint8Array): void {
        if (this.closed || data.length === 0) return;
        if (!this.connected) {
            this.early.push(data);
            return;
        }
        recordEvent(this.record, this.network.now(), "to-server", "sent", data);
        this.write(data);
    }

    close(): void {
        if (this.closed) return;
        this.finish("local-close");
    }

    protected abstract open(ip: string): void;
    protected abstract write(data: Uint8Array): void;
    protected abstract destroy(): void;

    protected connectedNow(localPort: number | undefined): void {
        if (this.closed) return;
        this.connected = true;
        this.record.localPort = localPort;
        this.record.connectedAt = this.network.now();
        this.handlers.onConnect();
        const early = this.early;
        this.early = [];
        for (const data of early) this.send(data);
    }

    protected received(buffer: Buffer): void {
        if (this.closed) return;
        const data = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
        recordEvent(this.record, this.network.now(), "to-device", "delivered", data);
        this.handlers.onData(data);
    }

    /** End once: release the socket, then tell the device (asynchronously, unless disposing). */
    protected finish(reason: CloseReason, notify = true): void {
        if (this.closed) return;
        this.closed = true;
        this.early = [];
        this.untrack();
        this.destroy();
        this.record.closedAt = this.network.now();
        this.record.closeReason = reason;
        if (notify) setImmediate(() => this.handlers.onClose(reason));
    }
}

class HostTcpStream extends HostStream {
    private socket?: net.Socket;
    private timer?: NodeJS.Timeout;

    constructor(
        network: HostNetwork,
        record: ConnectionRecord,
        handlers: StreamHandlers,
        private readonly connectTimeoutMs: number,
    ) {
        super(network, record, handlers);
    }

    protected open(ip: string): void {
        const socket = net.createConnection({ host: ip, port: this.record.port });
        this.socket = socket;
        this.timer = setTimeout(() => this.finish("timeout"), this.connectTimeoutMs);
        socket.on("connect", () => {
            clearTimeout(this.timer);
            this.connectedNow(socket.localPort);
        });
        socket.on("data", (buffer) => this.received(buffer));
        // The netclient ends its connection when the peer closes; so does this side.
        socket.on("end", () => this.finish("peer-close"));
        socket.on("error", (error) => this.finish(reasonFor(error)));
        socket.on("close", () => this.finish("peer-close"));
    }

    protected write(data: Uint8Array): void {
        this.socket?.write(data);
    }

    protected destroy(): void {
        clearTimeout(this.timer);
        this.socket?.destroy();
    }
}

class HostUdpStream extends HostStream {
    private socket?: dgram.Socket;

    protected open(ip: string): void {
        const socket = dgram.createSocket("udp4");
        this.socket = socket;
        socket.on("message", (buffer) => this.received(buffer));
        // An ICMP "port unreachable" surfaces as ECONNREFUSED; a UDP client on the device never hears of it.
        socket.on("error", (error: NodeJS.ErrnoException) => {
            if (error.code !== "ECONNREFUSED") this.finish(reasonFor(error));
        });
        socket.connect(this.record.port, ip, () => this.connectedNow(socket.address().port));
    }

    protected write(data: Uint8Array): void {
        this.socket?.send(data, (error) => {
            // A refused datagram (ICMP port unreachable) is not an error for a UDP client.
            if (error && (error as NodeJS.ErrnoException).code !== "ECONNREFUSED") this.finish(reasonFor(error));
        });
    }

    protected destroy(): void {
        const socket = this.socket;
        this.socket = undefined;
        if (!socket) return;
        socket.removeAllListeners("message");
        socket.on("error", () => undefined);
        try {
            socket.close();
        } catch {
            // Already closed.
        }
    }
}
