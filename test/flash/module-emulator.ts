import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SerialPort } from "serialport";

/*
 * A simulated Air640W on the device end of a pty pair: a line shell that
 * answers `reboot`, `reinit` and `ry` the way the module does, and for each
 * `ry` hands the byte stream to lrzsz's `rb` (an independent YModem
 * receiver) through a proxy that can lose, corrupt or answer for packets.
 */

const SOH = 0x01;
const STX = 0x02;
const EOT = 0x04;
const ACK = 0x06;
const NAK = 0x15;

/** A packet the flasher sent during a `ry` session, as the proxy sees it. */
export interface SeenPacket {
    /** 0-based index of the `ry` session. */
    session: number;
    /** File named by the session's block 0 (undefined before it arrived). */
    file: string | undefined;
    kind: "header" | "data" | "eot" | "end";
    /** Block number as sent (mod 256); 0 for header and end, -1 for EOT. */
    block: number;
    /** How many times this block was seen in the session, this one included (1 = first). */
    attempt: number;
}

/**
 * What the proxy does with a packet: pass it, lose it, corrupt one data byte
 * (the receiver NAKs), have rb cancel (SIGTERM makes it send CAN CAN), or go
 * silent for good (rb killed without a word, nothing answered any more).
 */
export type PacketAction = "pass" | "drop" | "corrupt" | "cancel" | "silence";

export interface EmulatorOptions {
    /** Never answer anything (a module that is off or on another port). */
    silent?: boolean;
    /** Boot time after `reboot`, during which input is ignored. Default 150 ms. */
    bootMs?: number;
    /** The first N `reinit` commands produce no DONE! (still formatting). Default 1. */
    reinitsIgnored?: number;
    /** The first N `ry` commands are lost (not echoed, not run). Default 0. */
    rysIgnored?: number;
    onPacket?: (packet: SeenPacket) => PacketAction;
    /** Rewrites what rb answers before the flasher sees it. */
    onAnswer?: (bytes: Buffer, session: { index: number; file: string | undefined }) => Buffer;
}

interface Session {
    index: number;
    rb: ChildProcess;
    exited: Promise<number | null>;
    file: string | undefined;
    pending: Buffer;
    attempts: Map<string, number>;
    /** After the end-of-batch block, what the flasher sends is for the shell again. */
    ended: boolean;
    silenced: boolean;
    stderr: string;
}

/** The simulated module. */
export class ModuleEmulator {
    /** Shell commands in the order they were executed. */
    readonly commands: string[] = [];
    /** Every packet the proxy saw, with the action taken. */
    readonly packets: (SeenPacket & { action: PacketAction })[] = [];
    /** Exit codes of the rb runs, one per `ry` session. */
    readonly rbExits: (number | null)[] = [];
    /** Where rb writes the files it receives. */
    readonly receivedDir: string;
    /** Raw bytes the device end received (everything the flasher sent). */
    bytesFromHost = 0;

    private line = "";
    private bootingUntil = 0;
    private reinits = 0;
    private rys = 0;
    private session: Session | undefined;
    private shellQueue: Buffer[] = [];
    private silencedForGood = false;
    private sessions = 0;
    private readonly rbLogs: string[] = [];
    /** Exit of every rb started, in session order. */
    private readonly rbSessions: Promise<number | null>[] = [];

    private constructor(
        private readonly port: SerialPort,
        private readonly options: EmulatorOptions,
    ) {
        this.receivedDir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-flash-rx-"));
        port.on("data", (chunk: Buffer) => this.fromHost(chunk));
        port.on("error", () => undefined);
    }

    /** Opens the device end of a pty pair and starts answering. */
    static async start(devicePath: string, options: EmulatorOptions = {}): Promise<ModuleEmulator> {
        const port = new SerialPort({ path: devicePath, baudRate: 115200, autoOpen: false });
        await new Promise<void>((resolve, reject) => port.open(error => (error ? reject(error) : resolve())));
        return new ModuleEmulator(port, options);
    }

    /** The files rb received, by name. */
    received(): Map<string, Buffer> {
        const files = new Map<string, Buffer>();
        for (const name of fs.readdirSync(this.receivedDir)) files.set(name, fs.readFileSync(path.join(this.receivedDir, name)));
        return files;
    }

    /**
     * Waits until every rb started so far has exited and returns their exit
     * codes in session order. rb exits on its own after the end-of-batch
     * block, possibly after the flasher has returned, so tests wait for that
     * rather than read {@link rbExits} at once. Rejects after `ms` (generous:
     * the bound only stops a hung rb from hanging the test).
     */
    async allRbExited(ms = 60_000): Promise<(number | null)[]> {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`rb still running after ${ms} ms; logs:\n${this.rbLog}`)), ms);
        });
        try {
            return await Promise.race([Promise.all(this.rbSessions), timeout]);
        } finally {
            clearTimeout(timer);
        }
    }

    /** rb's stderr of every session, for failure messages. */
    get rbLog(): string {
        return this.rbLogs.join("\n---\n");
    }

    /** Stops rb if it runs, closes the port and removes the received files. */
    async close(): Promise<void> {
        const session = this.session;
        if (session !== undefined) {
            session.rb.kill("SIGKILL");
            await session.exited;
        }
        if (this.port.isOpen) await new Promise<void>(resolve => this.port.close(() => resolve()));
        fs.rmSync(this.receivedDir, { recursive: true, force: true });
    }

    /** Sends text to the host as the running firmware's serial log would. */
    log(text: string): void {
        this.toHost(text);
    }

    private toHost(data: Buffer | string): void {
        if (!this.silencedForGood && this.port.isOpen) this.port.write(data);
    }

    private fromHost(chunk: Buffer): void {
        this.bytesFromHost += chunk.length;
        if (this.options.silent === true || this.silencedForGood) return;
        const session = this.session;
        if (session !== undefined && !session.ended) this.proxyToRb(session, chunk);
        else if (session !== undefined) this.shellQueue.push(chunk);
        else this.shell(chunk);
    }

    private shell(chunk: Buffer): void {
        for (let i = 0; i < chunk.length; i++) {
            const byte = chunk[i]!;
            if (byte !== 0x0d && byte !== 0x0a) {
                this.line += String.fromCharCode(byte);
                continue;
            }
            const command = this.line.trim();
            this.line = "";
            if (command === "" || Date.now() < this.bootingUntil) continue;
            this.run(command);
            if (this.session !== undefined) {
                // Bytes after `ry\r\n` in the same chunk already belong to the transfer.
                const rest = chunk.subarray(i + 1);
                if (rest.length > 0) this.fromHost(Buffer.from(rest));
                return;
            }
        }
    }

    private run(command: string): void {
        // An ignored `ry` is one the module never got: no echo, no answer.
        if (command === "ry" && this.rys++ < (this.options.rysIgnored ?? 0)) return;
        this.commands.push(command);
        this.toHost(`${command}\r\n`);
        switch (command) {
            case "reboot": {
                const bootMs = this.options.bootMs ?? 150;
                this.bootingUntil = Date.now() + bootMs;
                setTimeout(() => this.toHost("\r\n \\ | /\r\n- LuatOS -  w60x\r\n / | \\\r\n"), 10);
                setTimeout(() => this.toHost("msh />"), bootMs);
                return;
            }
            case "reinit":
                if (this.reinits++ < (this.options.reinitsIgnored ?? 1)) return;
                setTimeout(() => this.toHost("formatting /\r\nDONE!\r\nmsh />"), 20);
                return;
            case "ry":
                this.startSession();
                return;
            default:
                this.toHost(`${command}: command not found.\r\nmsh />`);
        }
    }

    private startSession(): void {
        const rb = spawn("rb", ["--ymodem", "--binary", "--keep-uppercase", "--overwrite"], {
            cwd: this.receivedDir,
            stdio: ["pipe", "pipe", "pipe"],
        });
        const session: Session = {
            index: this.sessions++,
            rb,
            exited: new Promise(resolve => rb.once("exit", code => resolve(code))),
            file: undefined,
            pending: Buffer.alloc(0),
            attempts: new Map(),
            ended: false,
            silenced: false,
            stderr: "",
        };
        this.session = session;
        this.rbSessions.push(session.exited);
        rb.stdin!.on("error", () => undefined);
        rb.stderr!.on("data", (chunk: Buffer) => (session.stderr += chunk.toString()));
        rb.stdout!.on("data", (chunk: Buffer) => {
            if (session.silenced) return;
            const answer = this.options.onAnswer?.(chunk, { index: session.index, file: session.file }) ?? chunk;
            this.toHost(answer);
        });
        void session.exited.then(code => {
            this.rbExits.push(code);
            this.rbLogs.push(session.stderr);
            if (this.session === session) this.session = undefined;
            if (session.silenced) return;
            const queued = Buffer.concat(this.shellQueue);
            this.shellQueue = [];
            this.toHost("\r\nmsh />");
            if (queued.length > 0) this.shell(queued);
        });
    }

    /** Splits the flasher's stream into packets and applies the fault hook to each. */
    private proxyToRb(session: Session, chunk: Buffer): void {
        session.pending = Buffer.concat([session.pending, chunk]);
        while (session.pending.length > 0 && !session.ended) {
            const first = session.pending[0]!;
            const length = first === SOH ? 133 : first === STX ? 1029 : 1;
            if (session.pending.length < length) return;
            const bytes = session.pending.subarray(0, length);
            session.pending = session.pending.subarray(length);
            if (first === SOH || first === STX || first === EOT) this.packet(session, Buffer.from(bytes));
            else this.toRb(session, bytes);
        }
        if (session.ended && session.pending.length > 0) {
            this.shellQueue.push(session.pending);
            session.pending = Buffer.alloc(0);
        }
    }

    private packet(session: Session, bytes: Buffer): void {
        let kind: SeenPacket["kind"] = "data";
        let block = bytes[1]!;
        if (bytes[0] === EOT) {
            kind = "eot";
            block = -1;
        } else if (block === 0 && session.file === undefined) {
            kind = bytes[3] === 0 ? "end" : "header";
            if (kind === "header") session.file = bytes.subarray(3, bytes.indexOf(0, 3)).toString("utf8");
        } else if (block === 0 && bytes[3] === 0) kind = "end";
        const key = `${kind}:${block}`;
        const attempt = (session.attempts.get(key) ?? 0) + 1;
        session.attempts.set(key, attempt);
        const seen: SeenPacket = { session: session.index, file: session.file, kind, block, attempt };
        const action = this.options.onPacket?.(seen) ?? "pass";
        this.packets.push({ ...seen, action });
        switch (action) {
            case "pass":
                this.toRb(session, bytes);
                if (kind === "end") session.ended = true;
                return;
            case "drop":
                return;
            case "corrupt": {
                const copy = Buffer.from(bytes);
                copy[3 + 7] ^= 0xff;
                this.toRb(session, copy);
                return;
            }
            case "cancel":
                session.rb.kill("SIGTERM");
                return;
            case "silence":
                session.silenced = true;
                this.silencedForGood = true;
                session.rb.kill("SIGKILL");
                return;
        }
    }

    private toRb(session: Session, bytes: Uint8Array): void {
        if (session.rb.stdin!.writable) session.rb.stdin!.write(bytes);
    }
}

/** Turns every ACK in `bytes` into NAK (a receiver that rejects everything). */
export function ackToNak(bytes: Buffer): Buffer {
    return Buffer.from(bytes.map(byte => (byte === ACK ? NAK : byte)));
}
