/**
 * A duplex byte stream: what the YModem sender and the module procedure talk
 * over. A serial port, a pseudo-terminal or an in-memory pair in tests all fit.
 */
export interface ByteLink {
    /** Sends bytes; resolves once they are handed to the transport. */
    write(data: Uint8Array): Promise<void>;
    /** Calls `listener` with every chunk that arrives; returns the unsubscribe function. */
    onData(listener: (chunk: Uint8Array) => void): () => void;
}

/**
 * Buffers what arrives on a {@link ByteLink} so protocol code can read it one
 * byte or one line at a time with a timeout, instead of reacting to chunks.
 */
export class LinkReader {
    private buffer: number[] = [];
    private head = 0;
    private wake: (() => void) | undefined;
    private readonly unsubscribe: () => void;

    constructor(readonly link: ByteLink) {
        this.unsubscribe = link.onData(chunk => {
            for (const byte of chunk) this.buffer.push(byte);
            const wake = this.wake;
            this.wake = undefined;
            wake?.();
        });
    }

    /** Sends bytes on the link (strings as Latin-1, which shell commands are). */
    write(data: Uint8Array | string): Promise<void> {
        return this.link.write(typeof data === "string" ? Buffer.from(data, "latin1") : data);
    }

    /** Number of bytes received and not read yet. */
    get available(): number {
        return this.buffer.length - this.head;
    }

    /** Whether `byte` is among the bytes received and not read yet. */
    holds(byte: number): boolean {
        return this.buffer.indexOf(byte, this.head) >= 0;
    }

    /** Next byte, or `undefined` when nothing arrives within `timeoutMs`. */
    async readByte(timeoutMs: number): Promise<number | undefined> {
        if (this.available === 0 && !(await this.waitForData(timeoutMs))) return undefined;
        const byte = this.buffer[this.head++];
        if (this.head > 4096 && this.head * 2 > this.buffer.length) {
            this.buffer = this.buffer.slice(this.head);
            this.head = 0;
        }
        return byte;
    }

    /**
     * Next line without its line ending, or `undefined` when no complete line
     * arrives within `timeoutMs`. Bytes of an incomplete line stay buffered.
     */
    async readLine(timeoutMs: number): Promise<string | undefined> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const end = this.buffer.indexOf(0x0a, this.head);
            if (end >= 0) {
                const bytes = this.buffer.slice(this.head, end);
                this.head = end + 1;
                return Buffer.from(bytes).toString("latin1").replace(/\r+$/, "");
            }
            const left = deadline - Date.now();
            if (left <= 0 || !(await this.waitForData(left))) return undefined;
        }
    }

    /** Drops everything received so far (stale answers before a retry). */
    discard(): void {
        this.buffer = [];
        this.head = 0;
    }

    /** Waits `ms` while dropping whatever arrives (a module's boot messages). */
    async drainFor(ms: number): Promise<void> {
        await new Promise(resolve => setTimeout(resolve, ms));
        this.discard();
    }

    /** Stops listening to the link. */
    close(): void {
        this.unsubscribe();
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
    }

    private waitForData(timeoutMs: number): Promise<boolean> {
        return new Promise(resolve => {
            const timer = setTimeout(() => {
                this.wake = undefined;
                resolve(false);
            }, Math.max(0, timeoutMs));
            this.wake = () => {
                clearTimeout(timer);
                resolve(this.available > 0);
            };
        });
    }
}
