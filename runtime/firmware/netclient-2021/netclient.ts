/**
 * A netclient object (netclient_t of luat_lib_socket.c / netclient.h): the
 * fields the Lua methods and the connection thread share, and the
 * per-firmware registry that numbers objects and keeps the simulator's
 * record of each one.
 */
import type { SocketRecord } from "../context.js";
import type { ConnectionThread } from "./connection-thread.js";
import type { Pipe } from "./pipe.js";

/** sizeof(netclient_t) on the 32-bit device: the userdata block each object takes in the Lua heap. */
export const NETCLIENT_BYTES = 144;

export interface NetClient {
    /** netc_next_no(): 1, 2, ... (wraps to 0xff after 0xffff00). */
    id: number;
    /** `so:id()`: the id in lowercase hex. */
    idStr: string;
    /** "_" until set. */
    hostname: string;
    port: number;
    type: "TCP" | "UDP";
    /** The C field: 0 until a close or the end of a connection; nothing sets it back to 0. */
    closed: number;
    /** DFS descriptor of the socket, -1 when none; a failed connect leaves it open. */
    sockFd: number;
    pipeReadFd: number;
    pipeWriteFd: number;
    /** The pipe device's name once created; pipe_deinit never clears it. */
    pipeName: string;
    pipe: Pipe | undefined;
    cbRecv: number;
    cbConnect: number;
    cbError: number;
    /** Registry reference start() takes to the object; never released (see the END handler). */
    selfRef: number;
    /** The connection thread of the latest start(). */
    thread: ConnectionThread | undefined;
    record: SocketRecord;
}

/** netc_next_no() and the records of the objects of one boot. */
export class NetClientRegistry {
    private seq = 1;
    readonly all: NetClient[] = [];

    constructor(private readonly records: SocketRecord[]) {}

    create(type: "TCP" | "UDP"): NetClient {
        if (this.seq > 0xffff00) this.seq = 0xff;
        const id = this.seq++;
        const record: SocketRecord = { id: id.toString(16), host: "_", port: 0, protocol: type, started: false, closed: false, cleaned: false, callbacks: [] };
        const c: NetClient = {
            id,
            idStr: id.toString(16),
            hostname: "_",
            port: 0,
            type,
            closed: 0,
            sockFd: -1,
            pipeReadFd: -1,
            pipeWriteFd: -1,
            pipeName: "",
            pipe: undefined,
            cbRecv: 0,
            cbConnect: 0,
            cbError: 0,
            selfRef: 0,
            thread: undefined,
            record,
        };
        this.all.push(c);
        this.records.push(record);
        return c;
    }
}

/** Copies what the simulator reports about an object into its record. */
export function updateRecord(c: NetClient): void {
    const r = c.record;
    r.host = c.hostname;
    r.port = c.port;
    r.closed = c.closed !== 0;
    r.started = r.started || c.thread !== undefined;
    r.callbacks = [c.cbConnect ? "connect" : "", c.cbRecv ? "recv" : "", c.cbError ? "error" : ""].filter(Boolean);
}
