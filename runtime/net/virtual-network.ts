import { isDottedQuad, isPort, type Endpoint } from "./address.js";
import { DnsTable } from "./dns.js";
import {
    FaultPlan,
    matchesDirection,
    matchesTarget,
    type Direction,
    type Fault,
    type FaultHandle,
    type FaultTarget,
} from "./faults.js";
import { HeldConnection } from "./incoming.js";
import type { ListenHandlers, Listening, Network, Scheduler, Stream, StreamHandlers } from "./network.js";
import { DEFAULT_NTP_EPOCH_MS, VirtualNtpClock, type NtpQuery } from "./ntp.js";
import type { Shaping } from "./pipe.js";
import { Prng } from "./prng.js";
import { TcpConnection, TcpListener, type TcpContext, type TcpHandler } from "./tcp.js";
import { TrafficLog } from "./traffic.js";
import { UdpEndpoint, UdpListener, type UdpContext, type UdpHandler } from "./udp.js";

export interface VirtualNetworkOptions {
    /** Seeds every random draw (jitter, UDP loss, fault probabilities). */
    seed: number;
    /** The device's address while the interface is up. Default "192.168.1.100". */
    ip?: string;
    /** One-way latency in ms. Default 10. */
    latencyMs?: number;
    /** Up to this many ms of extra one-way delay, drawn per send. Default 0. */
    jitterMs?: number;
    /** A connect with no answer fails with "timeout" after this long. Default 20 s. */
    connectTimeoutMs?: number;
    /** Data the device sends into a silent path fails the connection ("timeout") after this long. Default 60 s. */
    retransmitTimeoutMs?: number;
    /** A server whose device vanished sees "timeout" after this long. Default 60 s. */
    peerTimeoutMs?: number;
    /** Epoch ms the NTP servers report at device time 0. Default 2021-03-24T00:00:00Z. */
    ntpEpochMs?: number;
}

const FIRST_EPHEMERAL_PORT = 49152;
/** The device reaches its own listening ports at this address too. */
const LOOPBACK = "127.0.0.1";
/** Where {@link VirtualNetwork.connectToDevice} clients come from by default. */
const DEFAULT_CLIENT_IP = "10.0.0.2";
const NTP_PORT = 123;

/**
 * An in-process network on device time: TCP and UDP servers written in
 * TypeScript, a DNS table, NTP, and scheduled or seeded-random faults.
 * Every delivery is a {@link Scheduler} event, so the same seed and the same
 * calls give the same schedule. See README.md in this folder for the
 * behaviour of each fault.
 */
export class VirtualNetwork implements Network {
    /** Host names the device can resolve. */
    readonly dns = new DnsTable();
    /** Every connection and UDP endpoint the device opened, with its bytes. */
    readonly traffic = new TrafficLog();
    /** The time NTP servers report. */
    readonly ntpClock: VirtualNtpClock;
    /** Every NTP request the device made. */
    readonly ntpQueries: NtpQuery[] = [];
    /** Default one-way latency in ms (latency faults override it). */
    latencyMs: number;
    /** Default jitter in ms. */
    jitterMs: number;

    private address: string;
    private readonly plan = new FaultPlan();
    private readonly tcpListeners = new Map<string, TcpListener>();
    /** The device's own listening ports. */
    private readonly deviceListeners = new Map<number, TcpListener>();
    /** Clients of {@link connectToDevice}: the address each connection comes from. */
    private readonly inboundFrom = new WeakMap<object, Endpoint>();
    private readonly udpListeners = new Map<string, UdpListener>();
    private readonly liveTcp = new Set<TcpConnection>();
    private readonly liveUdp = new Map<number, UdpEndpoint>();
    private readonly jitterRandom: Prng;
    private readonly lossRandom: Prng;
    private readonly faultRandom: Prng;
    private nextPort = FIRST_EPHEMERAL_PORT;
    private manuallyDown = false;
    private wasUp = true;
    private disposed = false;
    private readonly tcpContext: TcpContext;
    private readonly udpContext: UdpContext;

    constructor(
        private readonly scheduler: Scheduler,
        options: VirtualNetworkOptions,
    ) {
        if (!Number.isFinite(options.seed)) throw new RangeError(`seed must be a number, got ${options.seed}`);
        this.address = options.ip ?? "192.168.1.100";
        if (!isDottedQuad(this.address)) throw new RangeError(`ip ${JSON.stringify(this.address)} is not an IPv4 address`);
        this.latencyMs = checkMs("latencyMs", options.latencyMs ?? 10);
        this.jitterMs = checkMs("jitterMs", options.jitterMs ?? 0);
        this.ntpClock = new VirtualNtpClock(options.ntpEpochMs ?? DEFAULT_NTP_EPOCH_MS);
        this.jitterRandom = new Prng(options.seed, "jitter");
        this.lossRandom = new Prng(options.seed, "loss");
        this.faultRandom = new Prng(options.seed, "faults");
        const lookup = (host: string, done: (ip: string | undefined) => void) => this.lookup(host, done);
        const allocatePort = () => this.allocatePort();
        const isUp = () => this.isUp();
        const deviceIp = () => this.address;
        this.tcpContext = {
            scheduler,
            jitter: this.jitterRandom,
            connectTimeoutMs: checkMs("connectTimeoutMs", options.connectTimeoutMs ?? 20_000),
            retransmitTimeoutMs: checkMs("retransmitTimeoutMs", options.retransmitTimeoutMs ?? 60_000),
            peerTimeoutMs: checkMs("peerTimeoutMs", options.peerTimeoutMs ?? 60_000),
            isUp,
            deviceIp,
            allocatePort,
            lookup,
            findListener: (ip, port) =>
                (ip === this.address || ip === LOOPBACK ? this.deviceListeners.get(port) : undefined) ??
                this.tcpListeners.get(`${ip}:${port}`) ??
                this.tcpListeners.get(`*:${port}`),
            shaping: (conn, direction) => this.shaping(conn, direction),
            refuses: (conn) => this.anyFires(this.plan.active("refuse", this.scheduler.now()), conn),
            silent: (conn) => this.plan.active("half-open", this.scheduler.now()).some((f) => matches(f, conn)),
            segmentFault: (conn) => {
                const now = this.scheduler.now();
                if (this.anyFires(this.plan.active("reset", now), conn)) return "reset";
                if (this.anyFires(this.plan.active("peer-close", now), conn)) return "peer-close";
                return undefined;
            },
            finished: (conn) => this.liveTcp.delete(conn),
        };
        this.udpContext = {
            scheduler,
            isUp,
            deviceIp,
            allocatePort,
            lookup,
            delay: (endpoint, direction) => {
                const { latency, jitter } = this.latency(endpoint, direction);
                return latency + this.jitterRandom.upTo(jitter);
            },
            lost: (endpoint, direction) => this.udpLost(endpoint, direction),
            findListener: (ip, port) => this.udpListeners.get(`${ip}:${port}`) ?? this.udpListeners.get(`*:${port}`),
            opened: (endpoint) => this.liveUdp.set(endpoint.record.localPort!, endpoint),
            finished: (endpoint) => {
                if (endpoint.record.localPort !== undefined) this.liveUdp.delete(endpoint.record.localPort);
            },
        };
    }

    // ---- Network (the device's side) ----

    isUp(): boolean {
        return !this.disposed && !this.manuallyDown && this.plan.active("interface-down", this.scheduler.now()).length === 0;
    }

    ip(): string | undefined {
        return this.isUp() ? this.address : undefined;
    }

    resolve(host: string, done: (address: string | undefined) => void): void {
        if (!this.isUp()) {
            this.scheduler.at(this.scheduler.now(), () => done(undefined));
            return;
        }
        this.lookup(host, done);
    }

    connectTcp(host: string, port: number, handlers: StreamHandlers, address?: string): Stream {
        const record = this.traffic.open("tcp", host, port, this.scheduler.now());
        record.ip = address;
        const connection = new TcpConnection(this.tcpContext, record, handlers);
        this.liveTcp.add(connection);
        return connection;
    }

    openUdp(host: string, port: number, handlers: StreamHandlers, address?: string): Stream {
        const record = this.traffic.open("udp", host, port, this.scheduler.now());
        record.ip = address;
        return new UdpEndpoint(this.udpContext, record, handlers);
    }

    /**
     * The device listens on `port` (0: a free ephemeral port); connections
     * to the device's address or to 127.0.0.1 from the device itself, and
     * from {@link connectToDevice}, reach it. Undefined when the device
     * already listens on that port.
     */
    listenOnDevice(port: number, handlers: ListenHandlers): Listening | undefined {
        let chosen = port;
        while (chosen === 0) {
            const candidate = this.allocatePort();
            if (!this.deviceListeners.has(candidate)) chosen = candidate;
        }
        if (!isPort(chosen)) throw new RangeError(`port ${port} is not a port number 0..65535`);
        if (this.deviceListeners.has(chosen)) return undefined;
        const listener = new TcpListener(
            "device",
            chosen,
            (conn) => {
                // From the device itself the client is the loopback address (or the device's) and its local port.
                const remote = this.inboundFrom.get(conn.record) ?? (conn.local.ip === LOOPBACK ? { ip: LOOPBACK, port: conn.remote.port } : conn.remote);
                const held: HeldConnection = new HeldConnection(
                    remote,
                    { send: (data) => conn.send(data), close: () => conn.close(), reset: () => conn.reset() },
                    (fn) => this.scheduler.at(this.scheduler.now(), fn),
                );
                conn.onData((data) => held.received(data));
                conn.onClose((reason) => held.ended(reason));
                handlers.onConnection(held);
            },
            (l) => {
                if (this.deviceListeners.get(chosen) === l) this.deviceListeners.delete(chosen);
            },
        );
        this.deviceListeners.set(chosen, listener);
        return { close: () => listener.close() };
    }

    /**
     * A client in the network connects to the device's `port` (a test's
     * stand-in for a peer that dials the device). `handlers` are the
     * client's: onConnect, onData, then one onClose ("refused" when the
     * device does not listen there). `from` is the client's address and port
     * (default 10.0.0.2 and an ephemeral port). The connection is logged in
     * {@link traffic} like the device's own, with the device's address as
     * host and "to-server" meaning towards the device; faults aimed at the
     * device's address apply to it.
     */
    connectToDevice(port: number, handlers: StreamHandlers, from: { ip?: string; port?: number } = {}): Stream {
        if (!isPort(port)) throw new RangeError(`port ${port} is not a port number 1..65535`);
        if (from.ip !== undefined && !isDottedQuad(from.ip)) throw new RangeError(`client address ${JSON.stringify(from.ip)} is not an IPv4 address`);
        const record = this.traffic.open("tcp", this.address, port, this.scheduler.now());
        record.ip = this.address;
        this.inboundFrom.set(record, { ip: from.ip ?? DEFAULT_CLIENT_IP, port: from.port ?? this.allocatePort() });
        const connection = new TcpConnection(this.tcpContext, record, handlers);
        this.liveTcp.add(connection);
        return connection;
    }

    ntp(server: string, done: (epochMs: number | undefined) => void): void {
        const now = this.scheduler.now();
        const query: NtpQuery = { server, time: now, outcome: "pending" };
        this.ntpQueries.push(query);
        const answer = (epochMs: number | undefined) => {
            query.outcome = epochMs === undefined ? "failed" : "answered";
            query.epochMs = epochMs;
            query.answeredAt = this.scheduler.now();
            done(epochMs);
        };
        if (!this.isUp()) {
            this.scheduler.at(now, () => answer(undefined));
            return;
        }
        const forServer = (f: { server?: string }) => f.server === undefined || f.server.toLowerCase() === server.toLowerCase();
        const target = { host: server, ip: this.dns.lookup(server), port: NTP_PORT };
        if (
            this.plan.active("ntp-never", now).some(forServer) ||
            this.udpLossFires(target, "to-server") ||
            this.udpLossFires(target, "to-device")
        ) {
            query.outcome = "unanswered";
            return;
        }
        if (!isDottedQuad(server) && this.dnsFails(server)) {
            this.scheduler.at(now + 2 * this.latencyMs, () => answer(undefined));
            return;
        }
        const late = this.plan.active("ntp-late", now).filter(forServer).pop();
        const serverSends = now + this.latencyMs + (late?.delay ?? 0);
        this.scheduler.at(serverSends + this.latencyMs, () => {
            if (!this.isUp()) {
                query.outcome = "unanswered"; // the answer arrived at a dead interface
                return;
            }
            answer(this.ntpClock.epochAt(serverSends));
        });
    }

    /** Close every listener; later connects fail as unreachable. Scheduled deliveries already queued still run. */
    dispose(): void {
        this.disposed = true;
        for (const listener of [...this.tcpListeners.values()]) listener.close();
        for (const listener of [...this.udpListeners.values()]) listener.close();
        for (const listener of [...this.deviceListeners.values()]) listener.close();
    }

    // ---- servers ----

    /**
     * Listen for TCP connections on `host` (a name, which gets an address if
     * the DNS table has none; a dotted quad; or "*" for every address) and
     * `port`. `handler` gets each accepted connection.
     */
    listenTcp(host: string, port: number, handler: TcpHandler): TcpListener {
        const ip = this.listenAddress(host, port);
        const key = `${ip}:${port}`;
        if (this.tcpListeners.has(key)) throw new RangeError(`a TCP server already listens on ${host}:${port}`);
        const listener = new TcpListener(ip, port, handler, (l) => {
            if (this.tcpListeners.get(key) === l) this.tcpListeners.delete(key);
        });
        this.tcpListeners.set(key, listener);
        return listener;
    }

    /** Listen for UDP datagrams on `host` (as for {@link listenTcp}) and `port`. */
    listenUdp(host: string, port: number, handler: UdpHandler): UdpListener {
        const ip = this.listenAddress(host, port);
        const key = `${ip}:${port}`;
        if (this.udpListeners.has(key)) throw new RangeError(`a UDP server already listens on ${host}:${port}`);
        const listener = new UdpListener(
            ip,
            port,
            handler,
            (from, to, data) => this.udpToDevice(from, to, data),
            (l) => {
                if (this.udpListeners.get(key) === l) this.udpListeners.delete(key);
            },
        );
        this.udpListeners.set(key, listener);
        return listener;
    }

    // ---- faults ----

    /**
     * Add a fault (see {@link Fault}); times are device ms. Returns a handle
     * whose cancel() removes it. Throws RangeError for an invalid fault.
     */
    addFault(fault: Fault): FaultHandle {
        const added = this.plan.add(fault);
        const cancels: (() => void)[] = [];
        const at = (time: number | undefined, fn: () => void) => {
            if (time !== undefined) cancels.push(this.scheduler.at(time, fn));
        };
        switch (added.kind) {
            case "interface-down":
                at(added.from ?? this.scheduler.now(), () => this.linkChanged());
                at(added.until, () => this.linkChanged());
                break;
            case "half-open":
                at(added.from ?? this.scheduler.now(), () => {
                    for (const conn of [...this.liveTcp]) if (matches(added, conn)) conn.goSilent();
                });
                break;
            case "reset":
                at(added.at, () => {
                    for (const conn of [...this.liveTcp]) if (matches(added, conn)) conn.resetByNetwork();
                });
                break;
            case "peer-close":
                at(added.at, () => {
                    for (const conn of [...this.liveTcp]) if (matches(added, conn)) conn.closeByServer();
                });
                break;
        }
        return {
            fault: added,
            cancel: () => {
                this.plan.remove(added);
                for (const cancel of cancels) cancel();
                cancels.length = 0;
                if (added.kind === "interface-down") this.linkChanged();
            },
        };
    }

    /** Every fault added and not cancelled, in order. */
    faults(): readonly Fault[] {
        return this.plan.list();
    }

    /** Take the interface down (or up) now, besides any interface-down faults. */
    setInterfaceUp(up: boolean): void {
        this.manuallyDown = !up;
        this.linkChanged();
    }

    /** Change the device's address (used while the interface is up). */
    setAddress(ip: string): void {
        if (!isDottedQuad(ip)) throw new RangeError(`ip ${JSON.stringify(ip)} is not an IPv4 address`);
        this.address = ip;
    }

    /** Current device time (the scheduler's), for servers that stamp what they see. */
    now(): number {
        return this.scheduler.now();
    }

    /** Run `fn` at device time `timeMs` (a scenario module's clients and servers acting later). Returns a cancel function. */
    at(timeMs: number, fn: () => void): () => void {
        return this.scheduler.at(timeMs, fn);
    }

    /** TCP connections and UDP endpoints not yet ended on both sides. */
    openConnectionCount(): number {
        return this.liveTcp.size + this.liveUdp.size;
    }

    // ---- internals ----

    private listenAddress(host: string, port: number): string {
        if (!isPort(port)) throw new RangeError(`port ${port} is not a port number 1..65535`);
        if (host === "*" || host === "0.0.0.0") return "*";
        return isDottedQuad(host) ? host : this.dns.ensure(host);
    }

    private allocatePort(): number {
        const port = this.nextPort;
        this.nextPort = port >= 65535 ? FIRST_EPHEMERAL_PORT : port + 1;
        return port;
    }

    /** Name lookup: a dotted quad at once; a name after a round trip, subject to dns-fail faults. */
    private lookup(host: string, done: (ip: string | undefined) => void): void {
        const now = this.scheduler.now();
        if (isDottedQuad(host)) {
            this.scheduler.at(now, () => done(host));
            return;
        }
        const fails = this.dnsFails(host);
        this.scheduler.at(now + 2 * this.latencyMs, () => done(fails ? undefined : this.dns.lookup(host)));
    }

    private dnsFails(name: string): boolean {
        const wanted = name.toLowerCase();
        return this.plan
            .active("dns-fail", this.scheduler.now())
            .some((f) => (f.name === undefined || f.name.toLowerCase() === wanted) && this.faultRandom.chance(f.probability ?? 1));
    }

    private linkChanged(): void {
        const up = this.isUp();
        if (up === this.wasUp) return;
        this.wasUp = up;
        if (!up) for (const conn of [...this.liveTcp]) conn.interfaceDown();
    }

    private latency(conn: Connection, direction: Direction): { latency: number; jitter: number } {
        const fault = this.plan
            .active("latency", this.scheduler.now())
            .filter((f) => matches(f, conn) && matchesDirection(f, direction))
            .pop();
        return fault ? { latency: fault.delay, jitter: fault.jitter ?? 0 } : { latency: this.latencyMs, jitter: this.jitterMs };
    }

    private shaping(conn: TcpConnection, direction: Direction): Shaping {
        const now = this.scheduler.now();
        const applies = (f: FaultTarget & { direction?: Direction }) => matches(f, conn) && matchesDirection(f, direction);
        const shaping: Shaping = this.latency(conn, direction);
        const split = this.plan
            .active("split", now)
            .filter(applies)
            .pop();
        if (split && this.faultRandom.chance(split.probability ?? 1)) shaping.splitBytes = split.bytes;
        const coalesce = this.plan
            .active("coalesce", now)
            .filter(applies)
            .pop();
        if (coalesce) shaping.hold = coalesce.hold;
        return shaping;
    }

    /** Whether any of `faults` covering `conn` fires (each drawing its probability). */
    private anyFires(faults: (FaultTarget & { probability?: number })[], conn: Connection): boolean {
        return faults.some((f) => matches(f, conn) && this.faultRandom.chance(f.probability ?? 1));
    }

    private udpLost(conn: Connection, direction: Direction): boolean {
        return this.udpLossFires(conn, direction);
    }

    /** One draw against the combined loss rate of every active udp-loss fault covering `conn`. */
    private udpLossFires(conn: Connection, direction: Direction): boolean {
        let kept = 1;
        for (const f of this.plan.active("udp-loss", this.scheduler.now())) {
            if (matches(f, conn) && matchesDirection(f, direction)) kept *= 1 - f.rate;
        }
        return this.lossRandom.chance(1 - kept);
    }

    private udpToDevice(_from: Endpoint, to: Endpoint, data: Uint8Array): void {
        if (to.ip !== this.address) return; // not the device
        this.liveUdp.get(to.port)?.fromServer(data);
    }
}

/** What fault targets are matched against. */
interface Connection {
    readonly host: string;
    readonly ip: string | undefined;
    readonly port: number;
}

function matches(fault: FaultTarget, conn: Connection): boolean {
    return matchesTarget(fault, conn.host, conn.ip, conn.port);
}

function checkMs(name: string, value: number): number {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number of milliseconds >= 0, got ${value}`);
    return value;
}
