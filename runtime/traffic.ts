import { concatBytes } from "./lua.js";

/** One connection's traffic as the device saw it. */
export interface Connection {
    /** `so:id()` of the netclient, or "tsend" for socket.tsend. */
    id: string;
    protocol: "TCP" | "UDP";
    host: string;
    port: number;
    /** Device time the connection was opened, in ms. */
    openedAt: number;
    /** Device time it ended, when it has. */
    closedAt?: number;
    /** Why it ended: a network CloseReason, or "dns"/"connect-failed" before it started. */
    closeReason?: string;
    /** Whether the connect succeeded. */
    connected: boolean;
    /** Every piece handed to the network (a datagram each for UDP). */
    sentChunks: Uint8Array[];
    /** Every piece received, as delivered to the recv callback (at most 1024 bytes each). */
    receivedChunks: Uint8Array[];
    /** All bytes sent. */
    readonly sent: Uint8Array;
    /** All bytes received. */
    readonly received: Uint8Array;
}

/** Records the device's socket traffic across boots. */
export class TrafficLog {
    readonly connections: Connection[] = [];

    open(id: string, protocol: "TCP" | "UDP", host: string, port: number, now: number): Connection {
        const connection: Connection = {
            id,
            protocol,
            host,
            port,
            openedAt: now,
            connected: false,
            sentChunks: [],
            receivedChunks: [],
            get sent() {
                return concatBytes(this.sentChunks);
            },
            get received() {
                return concatBytes(this.receivedChunks);
            },
        };
        this.connections.push(connection);
        return connection;
    }
}
