/**
 * The connection thread of one start() (netclient_thread_entry of
 * luat_netclient_rtt.c): socket, DNS with one retry 2 s later, connect,
 * then a select loop over the socket and the pipe, and the cleanup.
 *
 * Scheduling follows the W600: the Lua thread has the higher priority
 * (15 against 20), so a thread step that posts a message is preempted right
 * there: the rest of the thread runs only once Lua waits again. The thread
 * is a queue of steps; after a step that posted, the next one is scheduled
 * for "now", which the device loop runs after Lua has taken the message.
 */
import type { CloseReason, Stream } from "../../net/network.js";
import type { Connection } from "../../traffic.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import type { DescriptorTable } from "./descriptors.js";
import { EVENT, postEvent } from "./events.js";
import { updateRecord, type NetClient } from "./netclient.js";
import { PIPE_SIZE, type PipeDevices } from "./pipe.js";

/** The select loop's receive buffer (BUFF_SIZE): one recv event carries at most this much. */
export const RECV_CHUNK = 1024;
/** socket_init waits this long before its one DNS retry. */
export const DNS_RETRY_MS = 2000;

/** What the threads and the Lua methods of one boot share. */
export interface NetEnv {
    ctx: FirmwareContext;
    fds: DescriptorTable;
    pipes: PipeDevices;
}

export function netLog(env: NetEnv, level: number, c: NetClient, text: string): void {
    env.ctx.clog(level, "luat.netc", `netc[${c.id}] ${text}`);
}

/** Closes the socket descriptor (closesocket); the stream goes with it. */
function socketDeinit(env: NetEnv, c: NetClient): void {
    if (c.sockFd < 0) return;
    env.fds.close(c.sockFd);
    // lwIP refuses to close a socket another thread is connecting on: that connect goes on.
    if (c.thread?.connecting !== true) c.thread?.closeStream();
    c.sockFd = -1;
    netLog(env, LOG_LEVEL.INFO, c, "socket close succeed");
}

/** pipe_deinit: closes both ends and deletes the device; the name stays set, so a later call logs again. */
function pipeDeinit(env: NetEnv, c: NetClient): void {
    let closed = 0;
    if (c.pipeReadFd !== -1) {
        env.fds.close(c.pipeReadFd);
        c.pipeReadFd = -1;
        closed += 1;
    }
    if (c.pipeWriteFd !== -1) {
        env.fds.close(c.pipeWriteFd);
        c.pipeWriteFd = -1;
        c.pipe = undefined;
        closed += 1;
    }
    if (c.pipeName !== "") {
        env.pipes.delete(c.pipeName);
        closed += 1;
    }
    if (closed > 0) netLog(env, LOG_LEVEL.INFO, c, "pipe close succeed");
}

/** netclient_destory: releases the socket and the pipe, marks the object closed. */
export function destroyNetClient(env: NetEnv, c: NetClient): void {
    netLog(env, LOG_LEVEL.INFO, c, "destory begin");
    if (c.sockFd !== -1) socketDeinit(env, c);
    pipeDeinit(env, c);
    netLog(env, LOG_LEVEL.INFO, c, "destory end");
    c.closed = 1;
    updateRecord(c);
}

type Phase = "idle" | "resolving" | "connecting" | "select" | "ended";

export class ConnectionThread {
    private phase: Phase = "idle";
    private readonly steps: (() => void)[] = [];
    private scheduled = false;
    private posted = false;
    private preemptible = true;
    private stream: Stream | undefined;
    /** The traffic log's record of the current connection. */
    private connection: Connection | undefined;
    /** closesocket() happened while resolving: the connect that follows fails. */
    private socketGone = false;
    /** The connect failed: socket and pipe stay open and nothing drains the pipe again. */
    failed = false;

    constructor(
        private readonly env: NetEnv,
        private readonly c: NetClient,
    ) {}

    get connected(): boolean {
        return this.phase === "select";
    }

    get ended(): boolean {
        return this.phase === "ended";
    }

    /** Whether the thread is past its socket call and waiting for DNS or the connect. */
    get connecting(): boolean {
        return this.phase === "resolving" || this.phase === "connecting";
    }

    /** rt_thread_startup: the thread runs once Lua waits. */
    start(): void {
        this.push(() => this.socketInit());
    }

    /** Runs the queued steps at once, without preemption (the Lua thread sleeps, e.g. in close's rt_thread_mdelay(1)). */
    drain(): void {
        this.preemptible = false;
        try {
            this.run();
        } finally {
            this.preemptible = true;
        }
    }

    /** closesocket() from the Lua thread (close, a failed restart). */
    socketClosedByLua(): void {
        if (this.phase === "resolving") this.socketGone = true;
        else if (this.phase === "select") {
            // select() wakes on the closed descriptor and returns 0; unread data is lost.
            this.steps.length = 0;
            this.push(() => {
                netLog(this.env, LOG_LEVEL.INFO, this.c, "select result=0, goto cleanup");
                this.selectExit();
            });
        }
        // While connecting, lwIP refuses to close the socket: the connect goes on.
    }

    /** Data written to the pipe while the select loop runs: the thread forwards it when it next runs. */
    pipeWritten(): void {
        if (this.phase === "select") this.push(() => this.readPipe());
    }

    /** The device reset: drop the connection without any event. */
    abort(): void {
        this.phase = "ended";
        this.steps.length = 0;
        this.closeStream();
    }

    closeStream(): void {
        const stream = this.stream;
        this.stream = undefined;
        stream?.close();
    }

    /** Sends pipe-sized pieces straight to the socket (a blocked writer and the reader taking turns). */
    forward(data: Uint8Array): void {
        for (let offset = 0; offset < data.length; offset += PIPE_SIZE) this.sendToSocket(data.slice(offset, Math.min(offset + PIPE_SIZE, data.length)));
    }

    // ---- the thread's steps ----

    private push(step: () => void): void {
        this.steps.push(step);
        this.schedule();
    }

    /** Continue with these steps before anything queued later (the thread is sequential). */
    private next(...steps: (() => void)[]): void {
        this.steps.unshift(...steps);
        this.schedule();
    }

    private schedule(): void {
        if (this.scheduled || this.steps.length === 0 || !this.preemptible) return;
        this.scheduled = true;
        const { ctx } = this.env;
        ctx.clock.at(ctx.clock.now(), () => {
            this.scheduled = false;
            this.run();
        });
    }

    private run(): void {
        while (this.steps.length > 0) {
            if (!this.env.ctx.alive()) {
                this.steps.length = 0;
                return;
            }
            this.posted = false;
            this.steps.shift()!();
            if (this.posted && this.preemptible) {
                this.schedule();
                return;
            }
        }
    }

    private event(event: number, ref: number, data?: Uint8Array): void {
        if (postEvent(this.env.ctx, this.c, event, ref, data)) this.posted = true;
    }

    private info(text: string): void {
        netLog(this.env, LOG_LEVEL.INFO, this.c, text);
    }

    private socketInit(): void {
        const { ctx, fds } = this.env;
        const c = this.c;
        c.sockFd = fds.open();
        if (c.sockFd === -1) {
            netLog(this.env, LOG_LEVEL.ERROR, c, "socket init : socket create failed");
            return this.connectFailed();
        }
        this.phase = "resolving";
        ctx.network.resolve(c.hostname, address => {
            if (address !== undefined) return this.push(() => this.connect(address));
            this.push(() => {
                netLog(this.env, LOG_LEVEL.WARN, c, `dns name relove fail, retry at ${DNS_RETRY_MS}ms`);
                ctx.clock.after(DNS_RETRY_MS, () => {
                    ctx.network.resolve(c.hostname, again => {
                        if (again !== undefined) return this.push(() => this.connect(again));
                        this.push(() => {
                            netLog(this.env, LOG_LEVEL.WARN, c, "dns name relove fail again, quit");
                            this.connectFailed();
                        });
                    });
                });
            });
        });
    }

    private connect(address: string): void {
        if (this.phase === "ended") return;
        const { ctx } = this.env;
        const c = this.c;
        if (this.socketGone) return this.connectRefused();
        this.phase = "connecting";
        const connection = ctx.traffic.open(c.idStr, c.type, c.hostname, c.port, ctx.clock.now());
        const handlers = {
            onConnect: () =>
                this.push(() => {
                    if (this.phase !== "connecting") return;
                    connection.connected = true;
                    this.info("connect succeed");
                    this.info("connect ok");
                    this.phase = "select";
                    this.event(EVENT.CONNECT_OK, c.cbConnect);
                    if (c.sockFd === -1) {
                        // Closed from Lua while connecting: the select loop has no descriptors left.
                        return this.next(() => {
                            this.info("select result=0, goto cleanup");
                            this.selectExit();
                        });
                    }
                    // The select loop: the pipe first holds what Lua sent before the connect.
                    this.next(() => this.readPipe());
                }),
            onData: (data: Uint8Array) => {
                const pieces: Uint8Array[] = [];
                if (c.type === "UDP") pieces.push(data.slice(0, RECV_CHUNK));
                else for (let offset = 0; offset < data.length; offset += RECV_CHUNK) pieces.push(data.slice(offset, offset + RECV_CHUNK));
                for (const piece of pieces) {
                    if (piece.length === 0) continue;
                    this.push(() => {
                        if (this.phase !== "select") return;
                        connection.receivedChunks.push(piece);
                        this.info(`data recv len=${piece.length}`);
                        this.event(EVENT.RECV, c.cbRecv, piece);
                    });
                }
            },
            onClose: (reason: CloseReason) => {
                if (connection.closeReason === undefined) connection.closeReason = reason;
                connection.closedAt = ctx.clock.now();
                this.push(() => {
                    if (this.phase === "connecting") {
                        this.stream = undefined;
                        return this.connectRefused();
                    }
                    if (this.phase !== "select" || reason === "local-close") return;
                    this.stream = undefined;
                    this.info(`recv return error=${reason === "peer-close" ? 0 : -1}`);
                    this.event(EVENT.ERROR, c.cbError);
                    this.next(() => this.selectExit());
                });
            },
        };
        this.connection = connection;
        this.stream = c.type === "TCP" ? ctx.network.connectTcp(c.hostname, c.port, handlers, address) : ctx.network.openUdp(c.hostname, c.port, handlers, address);
    }

    private sendToSocket(piece: Uint8Array): void {
        this.connection?.sentChunks.push(piece);
        this.stream?.send(piece);
    }

    /** The select loop found the pipe readable: forward up to one buffer, or leave when the object is marked closed. */
    private readPipe(): void {
        const c = this.c;
        if (this.phase !== "select" || c.pipe === undefined || c.pipe.bytes === 0) return;
        const data = c.pipe.read(RECV_CHUNK);
        // `closed` is never reset by a restart: the first write then ends the new connection.
        if (c.closed !== 0) return this.selectExit();
        this.sendToSocket(data);
        if (c.pipe.bytes > 0) this.next(() => this.readPipe());
    }

    private connectRefused(): void {
        netLog(this.env, LOG_LEVEL.ERROR, this.c, "connect failed");
        this.connectFailed();
    }

    /** socket_init failed: the thread skips the cleanup (socket and pipe stay open) and ends. */
    private connectFailed(): void {
        const c = this.c;
        this.failed = true;
        netLog(this.env, LOG_LEVEL.WARN, c, "connect fail");
        if (this.connection !== undefined && this.connection.closedAt === undefined) this.connection.closedAt = this.env.ctx.clock.now();
        this.closeStream();
        this.event(EVENT.CONNECT_FAIL, c.cbConnect);
        this.next(() => this.end());
    }

    private selectExit(): void {
        this.info("select loop exit, cleanup");
        this.c.closed = 1;
        destroyNetClient(this.env, this.c);
        this.closeStream();
        this.end();
    }

    private end(): void {
        const c = this.c;
        this.phase = "ended";
        c.closed = 1;
        updateRecord(c);
        if (this.connection !== undefined && this.connection.closedAt === undefined) this.connection.closedAt = this.env.ctx.clock.now();
        this.event(EVENT.END, c.selfRef);
        this.next(() => netLog(this.env, LOG_LEVEL.WARN, c, "thread end"));
    }
}
