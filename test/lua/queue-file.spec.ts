/**
 * src/app/queue-save.ts and queue-restore.ts on native Lua 5.3: the text
 * that carries the queue and the counters across a planned reboot. A
 * round trip gives the same samples in the same order and the same
 * counters; anything that is not a queue file changes nothing; a file cut
 * off mid-write still gives its complete lines.
 */
import { decodeQueue } from "../../src/app/queue-restore";
import { encodeQueue, type SessionCounters } from "../../src/app/queue-save";
import { enqueue, newSampleQueue, peek, type SampleQueue } from "../../src/app/sample-queue";

function counters(this: void): SessionCounters {
    return { produced: 130, sent: 140, acked: 60, resent: 12, reconnects: 3, invalid: 1 };
}

/** The file's text for a queue, as saveQueue writes it. */
function encoded(this: void, queue: SampleQueue, c: SessionCounters, bootId: number, highestSent: number): string {
    const lines: string[] = [];
    encodeQueue(queue, c, bootId, highestSent, line => {
        lines.push(line);
    });
    return lines.join("");
}

/** The samples of a queue as "seq time value" strings, oldest first. */
function samples(this: void, queue: SampleQueue): string[] {
    const out: string[] = [];
    for (let i = 0; ; i++) {
        const [seq, time, value] = peek(queue, i);
        if (seq === undefined) return out;
        out.push(string.format("%d %d %.2f", seq, time, value));
    }
}

/** A queue of 8 that has wrapped: samples 55..66 went in, 55..58 were dropped, 59..66 wait. */
function wrappedQueue(this: void): SampleQueue {
    const queue = newSampleQueue(8);
    for (let seq = 55; seq <= 66; seq++) enqueue(queue, seq, 1_616_572_800 + seq * 10, 20 + seq / 8);
    return queue;
}

describe("queue file", () => {
    it("round-trips the samples in order, the counters, the boot id and the highest seq sent", () => {
        const queue = wrappedQueue();
        const text = encoded(queue, counters(), 1_616_572_800, 64);
        assert.are.equal("Q1 1616572800 130 140 60 12 3 1 64 4\n", string.match(text, "^[^\n]*\n")[0]);
        const restored = newSampleQueue(8);
        const c: SessionCounters = { produced: 0, sent: 0, acked: 0, resent: 0, reconnects: 0, invalid: 0 };
        const [bootId, highestSent] = decodeQueue(text, restored, c);
        assert.are.equal(1_616_572_800, bootId);
        assert.are.equal(64, highestSent);
        assert.are.same(counters(), c);
        assert.are.equal(4, restored.dropped);
        assert.are.same(samples(queue), samples(restored));
        assert.are.equal("integer", math.type(peek(restored, 0)[0] ?? 0.5));
    });

    it("round-trips an empty queue", () => {
        const restored = newSampleQueue(8);
        const c = counters();
        const [bootId] = decodeQueue(encoded(newSampleQueue(8), c, 5, 0), restored, c);
        assert.are.equal(5, bootId);
        assert.are.equal(0, restored.count);
    });

    it("changes nothing for text that is not a queue file", () => {
        for (const text of ["", "garbage\n", "Q1 1 2 3\n", "Q2 1 2 3 4 5 6 7 8 9\n", "Q1 1 2 3 4 5 6 7 8 9"]) {
            const queue = newSampleQueue(8);
            const c = counters();
            const result = [...decodeQueue(text, queue, c)];
            assert.are.equal(0, result.length, "decoded: " + text);
            assert.are.equal(0, queue.count);
            assert.are.same(counters(), c);
        }
    });

    it("reads the complete lines of a file cut off mid-write", () => {
        const queue = wrappedQueue();
        const text = encoded(queue, counters(), 9, 64);
        // The last line (sample 66) loses its value's end and its newline.
        const cut = string.sub(text, 1, text.length - 5);
        const restored = newSampleQueue(8);
        const [bootId] = decodeQueue(cut, restored, counters());
        assert.are.equal(9, bootId);
        const expected = samples(queue);
        expected.pop();
        assert.are.equal(7, expected.length);
        assert.are.same(expected, samples(restored));
    });
});
