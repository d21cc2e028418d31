import { describe, expect, it } from "vitest";
import { BATCH_BYTES, BatchedLines } from "../../cli/batched-lines.js";

/** A stream that records each write. */
function recorder(): { writes: string[]; write(text: string): void } {
    const writes: string[] = [];
    return { writes, write: text => void writes.push(text) };
}

describe("BatchedLines", () => {
    it("writes gathered lines once, at the next turn of the event loop", async () => {
        const stream = recorder();
        const lines = new BatchedLines(stream);
        lines.line("I/user.beat 1");
        lines.line("I/user.beat 2");
        expect(stream.writes).toEqual([]);
        await new Promise(resolve => setImmediate(resolve));
        expect(stream.writes).toEqual(["I/user.beat 1\nI/user.beat 2\n"]);
    });

    it("writes as soon as a batch is full, in order and without losing a line", () => {
        const stream = recorder();
        const lines = new BatchedLines(stream);
        const text = Array.from({ length: 1000 }, (_, i) => `line ${i} ${"x".repeat(40)}`);
        for (const line of text) lines.line(line);
        // Written while the loop ran, before any turn of the event loop.
        expect(stream.writes.length).toBeGreaterThanOrEqual(Math.floor((text.join("\n").length + 1) / BATCH_BYTES));
        lines.flush();
        expect(stream.writes.join("")).toBe(text.join("\n") + "\n");
        lines.flush();
        expect(stream.writes.join("")).toBe(text.join("\n") + "\n");
    });
});
