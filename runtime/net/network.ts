/**
 * The boundary between the simulated firmware's C layer (the netclient
 * module, ntpSync, tsend; the current socket module with its server side)
 * and a network. Two networks implement it: the
 * virtual network (in process, deterministic, with faults) and the host
 * network (Node's net and dgram, real addresses on this machine).
 *
 * Everything is callback based and driven by a {@link Scheduler}, so the
 * virtual network can run on device time and the host network on the wall
 * clock. Data is bytes (`Uint8Array`): Lua strings are byte strings.
 */

/** Device time and deferred work. The simulated device's clock implements it. */
export interface Scheduler {
    /** Current device time in milliseconds since boot. */
    now(): number;
    /**
     * Run `fn` at device time `timeMs` (or at once when in the past). Returns a cancel function.
     *
     * The networks rely on two properties: `fn` never runs inside the `at`
     * call itself (a time at or before now runs on the next turn), and
     * events due at the same time run in the order they were scheduled.
     */
    at(timeMs: number, fn: () => void): () => void;
}

/** Why a connection ended or could not be made. */
export type CloseReason =
    | "refused" // nothing listens, or the server refused
    | "dns" // the host name did not resolve
    | "timeout" // no answer to the connect
    | "unreachable" // the interface is down
    | "peer-close" // the peer closed cleanly (FIN)
    | "reset" // the connection was reset (RST)
    | "local-close"; // this side closed it

export interface StreamHandlers {
    /** The connection is established. */
    onConnect(): void;
    /** Bytes arrived, in whatever pieces the network delivers them. */
    onData(data: Uint8Array): void;
    /** The connection ended, or never started. Called once, last. */
    onClose(reason: CloseReason): void;
}

/** One TCP connection or one connected UDP endpoint, from the device's side. */
export interface Stream {
    /** Send bytes; for UDP, one datagram. Ignored once closed. */
    send(data: Uint8Array): void;
    /** Close from the device's side; `onClose("local-close")` follows. */
    close(): void;
}

/** What the device's side of an accepted connection hears: its data and its end. */
export type IncomingHandlers = Pick<StreamHandlers, "onData" | "onClose">;

/**
 * A client's TCP connection to a port the device listens on, established by
 * the network (as a kernel completes it into the listen backlog) and waiting
 * for the device to take it. Data and a close that arrive before
 * {@link take} are held and delivered then.
 */
export interface IncomingConnection {
    /** The client's address and port. */
    readonly remote: { ip: string; port: number };
    /** Take the connection: held data, then later data and the end go to `handlers`. Returns the device's side. */
    take(handlers: IncomingHandlers): Stream;
    /** Drop it without taking it: the client sees a reset. */
    reject(): void;
}

/** What a listening port of the device reports. */
export interface ListenHandlers {
    /** A client connected. */
    onConnection(connection: IncomingConnection): void;
    /** Listening failed after all (host network: the port is taken or not allowed). Called at most once. */
    onError(): void;
}

/** A port the device listens on. */
export interface Listening {
    /** Stop listening; connections already handed out go on. */
    close(): void;
}

export interface Network {
    /** Whether the device's network interface is up (`socket.isReady()`). */
    isUp(): boolean;
    /** The device's IP address while up (`socket.ip()`). */
    ip(): string | undefined;
    /** Resolve a host name (or pass a dotted quad through). */
    resolve(host: string, done: (address: string | undefined) => void): void;
    /**
     * Open a TCP connection to `host:port`. Name resolution is included,
     * unless `address` (what the caller already resolved `host` to) is given:
     * then the name only labels the connection (traffic log, fault targets).
     */
    connectTcp(host: string, port: number, handlers: StreamHandlers, address?: string): Stream;
    /** Open a connected UDP endpoint to `host:port`; `address` as for {@link connectTcp}. */
    openUdp(host: string, port: number, handlers: StreamHandlers, address?: string): Stream;
    /**
     * Listen for TCP connections on the device's `port` on every address
     * (0: a free port). Undefined when the port is known to be taken at
     * once; the host network may report that later through `onError`.
     */
    listenOnDevice(port: number, handlers: ListenHandlers): Listening | undefined;
    /**
     * Ask an NTP server for the time. `done(epochMs)` on success,
     * `done(undefined)` on failure; it may also never be called (a server that
     * never answers), so callers keep their own timeout.
     */
    ntp(server: string, done: (epochMs: number | undefined) => void): void;
    /** Release sockets and listeners the network holds (host mode). */
    dispose(): void;
}
