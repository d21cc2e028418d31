/**
 * Splits a byte stream into lines. Data arrives in arbitrary pieces (1 byte
 * or many lines at once); a line longer than `maxLine` is discarded up to its
 * newline, so one bad line cannot exhaust the heap or desynchronise the
 * protocol.
 */
export interface LineBuffer {
    /** Bytes received and not yet returned as a line. */
    pending: string;
    /** True while discarding the rest of an overlong line. */
    skipping: boolean;
    /** Lines discarded for being too long. */
    overlong: number;
    readonly maxLine: number;
}

export function newLineBuffer(maxLine: number): LineBuffer {
    return { pending: "", skipping: false, overlong: 0, maxLine };
}

/** Appends received bytes. */
export function pushData(buffer: LineBuffer, data: string): void {
    buffer.pending = buffer.pending + data;
    // Bound memory while no newline comes: keep only what could still be a line.
    if (string.find(buffer.pending, "\n", 1, true)[0] === undefined && buffer.pending.length > buffer.maxLine) {
        buffer.pending = "";
        if (!buffer.skipping) buffer.overlong += 1;
        buffer.skipping = true;
    }
}

/**
 * The next complete line without its line ending, or `undefined` when no
 * complete line is buffered.
 */
export function nextLine(buffer: LineBuffer): string | undefined {
    for (;;) {
        const [newline] = string.find(buffer.pending, "\n", 1, true);
        if (newline === undefined) return undefined;
        let line = string.sub(buffer.pending, 1, newline - 1);
        buffer.pending = string.sub(buffer.pending, newline + 1);
        if (buffer.skipping) {
            buffer.skipping = false;
            continue;
        }
        if (line.length > buffer.maxLine) {
            buffer.overlong += 1;
            continue;
        }
        if (string.sub(line, -1) === "\r") line = string.sub(line, 1, -2);
        return line;
    }
}
