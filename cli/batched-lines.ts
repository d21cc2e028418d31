/**
 * Lines to an output stream in batches. A simulated day of firmware prints
 * thousands of lines in well under a second, and one write per line costs
 * a system call each: about a tenth of such a run. Lines are written when
 * {@link BATCH_BYTES} have gathered, at the next turn of the event loop
 * (so a run on the wall clock prints as it goes), or at {@link flush}.
 */

/** Bytes gathered before a write. Small, so an interrupted run loses little of its tail. */
export const BATCH_BYTES = 4096;

export class BatchedLines {
    private pending: string[] = [];
    private bytes = 0;
    private scheduled = false;

    constructor(private readonly stream: { write(text: string): unknown }) {}

    /** Adds one line (without its newline). */
    line(text: string): void {
        this.pending.push(text);
        this.bytes += text.length + 1;
        if (this.bytes >= BATCH_BYTES) this.flush();
        else if (!this.scheduled) {
            this.scheduled = true;
            setImmediate(() => this.flush());
        }
    }

    /** Writes what has gathered. */
    flush(): void {
        this.scheduled = false;
        if (this.pending.length === 0) return;
        const text = this.pending.join("\n") + "\n";
        this.pending = [];
        this.bytes = 0;
        this.stream.write(text);
    }
}
