import type { CloseReason, IncomingConnection, IncomingHandlers, Stream } from "./network.js";

/** How a held connection reaches its client: the network's side of the socket. */
export interface IncomingTransport {
    send(data: Uint8Array): void;
    /** Close cleanly (FIN); the transport later reports "local-close" through {@link HeldConnection.ended}. */
    close(): void;
    /** Reset (RST). */
    reset(): void;
}

/**
 * An accepted connection waiting for the device to take it. Both networks
 * feed it (`received`, `ended`) from the moment the client connects; what
 * comes before {@link take} is held, as a kernel keeps a backlog
 * connection's bytes until the application accepts it.
 */
export class HeldConnection implements IncomingConnection {
    private handlers: IncomingHandlers | undefined;
    private held: Uint8Array[] = [];
    private end: CloseReason | undefined;
    private taken = false;
    /** The device closed or rejected it. */
    private closed = false;

    constructor(
        readonly remote: { ip: string; port: number },
        private readonly transport: IncomingTransport,
        /** Runs a callback on a later turn (the networks never call the device inside its own call). */
        private readonly later: (fn: () => void) => void,
    ) {}

    take(handlers: IncomingHandlers): Stream {
        if (this.taken) throw new Error("an incoming connection is taken once");
        this.taken = true;
        this.later(() => {
            // What came while waiting, in order; later deliveries go straight through.
            this.handlers = handlers;
            const held = this.held;
            this.held = [];
            for (const data of held) handlers.onData(data);
            if (this.end !== undefined) handlers.onClose(this.end);
        });
        return {
            send: data => {
                if (!this.closed && this.end === undefined && data.length > 0) this.transport.send(data);
            },
            close: () => {
                if (this.closed || this.end !== undefined) return;
                this.closed = true;
                this.transport.close();
            },
        };
    }

    reject(): void {
        if (this.taken || this.end !== undefined) return;
        this.closed = true;
        this.transport.reset();
    }

    /** Bytes from the client. */
    received(data: Uint8Array): void {
        if (this.end !== undefined) return;
        if (this.handlers === undefined) this.held.push(data.slice());
        else this.handlers.onData(data);
    }

    /** The connection ended (once): "local-close" after the device closed it. */
    ended(reason: CloseReason): void {
        if (this.end !== undefined) return;
        this.end = this.closed && reason !== "reset" ? "local-close" : reason;
        if (this.handlers !== undefined) this.handlers.onClose(this.end);
    }
}
