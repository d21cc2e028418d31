/**
 * src/app/sample-queue.ts on native Lua 5.3: a bounded ring in sequence
 * order; full means the oldest is dropped and counted; acks are cumulative.
 */
import { acknowledge, enqueue, newSampleQueue, peek, type SampleQueue } from "../../src/app/sample-queue";

function fill(this: void, queue: SampleQueue, from: number, to: number): void {
    for (let seq = from; seq <= to; seq++) enqueue(queue, seq, seq * 10, seq / 2);
}

/** The seqs in the queue, oldest first. */
function seqs(this: void, queue: SampleQueue): number[] {
    const out: number[] = [];
    for (let i = 0; peek(queue, i)[0] !== undefined; i++) out.push(peek(queue, i)[0]!);
    return out;
}

/** How many slots of the ring storage have been used (they stay filled); the three arrays must agree. */
function storedSlots(this: void, queue: SampleQueue): number {
    const counts: number[] = [];
    for (const field of [queue.seqs, queue.times, queue.values]) {
        let n = 0;
        for (const [key] of pairs(field as unknown as LuaTable<number, unknown>)) {
            // Lua keys: TypeScript index i is Lua key i + 1.
            assert.is_true(math.type(key) === "integer" && key >= 1 && key <= queue.capacity, "slot outside the ring: " + tostring(key));
            n++;
        }
        counts.push(n);
    }
    assert.are.equal(counts[0], counts[1]);
    assert.are.equal(counts[0], counts[2]);
    return counts[0]!;
}

describe("sample queue", () => {
    it("keeps samples in order and peeks by age", () => {
        const q = newSampleQueue(5);
        fill(q, 1, 3);
        assert.are.equal(3, q.count);
        assert.are.same([1, 2, 3], seqs(q));
        assert.are.same([2, 20, 1], [...peek(q, 1)]);
        assert.are.same([], [...peek(q, 3)]);
        assert.are.same([], [...peek(q, -1)]);
    });

    it("drops the oldest when full, and counts every drop", () => {
        const q = newSampleQueue(3);
        fill(q, 1, 5);
        assert.are.equal(3, q.count);
        assert.are.equal(2, q.dropped);
        assert.are.same([3, 4, 5], seqs(q));
        // enqueue names the sample it dropped; nothing while there is room.
        assert.are.equal(3, enqueue(q, 6, 60, 3));
        assert.are.same([4, 5, 6], seqs(q));
        assert.is_nil(enqueue(newSampleQueue(2), 1, 10, 0.5));
    });

    it("acknowledges cumulatively", () => {
        const q = newSampleQueue(8);
        fill(q, 1, 4);
        assert.are.equal(2, acknowledge(q, 2));
        assert.are.same([3, 4], seqs(q));
        assert.are.equal(0, acknowledge(q, 2));
        assert.are.equal(0, acknowledge(q, 0));
        assert.are.equal(2, acknowledge(q, 100));
        assert.are.same([], seqs(q));
        assert.are.equal(0, q.count);
        assert.are.equal(0, acknowledge(q, 100));
    });

    it("acknowledges nothing for a seq older than everything queued (after drops)", () => {
        const q = newSampleQueue(2);
        fill(q, 1, 4);
        assert.are.equal(0, acknowledge(q, 2));
        assert.are.same([3, 4], seqs(q));
    });

    it("wraps around the ring across drops and acks", () => {
        const q = newSampleQueue(4);
        fill(q, 1, 6);
        assert.are.equal(2, q.dropped);
        assert.are.equal(2, acknowledge(q, 4));
        assert.are.same([5, 6], seqs(q));
        fill(q, 7, 9);
        assert.are.same([6, 7, 8, 9], seqs(q));
        assert.are.equal(3, q.dropped);
        assert.are.equal(3, acknowledge(q, 8));
        assert.are.same([9], seqs(q));
    });

    it("stores at most capacity slots: one per sample ever queued, up to the capacity", () => {
        const q = newSampleQueue(16);
        math.randomseed(7);
        let next = 1;
        for (let round = 0; round < 200; round++) {
            const add = math.random(0, 10);
            fill(q, next, next + add - 1);
            next += add;
            if (math.random() < 0.5) acknowledge(q, next - math.random(1, 8));
            assert.are.equal(next - 1 < 16 ? next - 1 : 16, storedSlots(q));
            assert.is_true(q.count <= 16);
            const list = seqs(q);
            for (let i = 1; i < list.length; i++) assert.are.equal(list[i - 1]! + 1, list[i]);
        }
    });

    it("works with a capacity of one", () => {
        const q = newSampleQueue(1);
        fill(q, 1, 3);
        assert.are.same([3], seqs(q));
        assert.are.equal(2, q.dropped);
        assert.are.equal(1, acknowledge(q, 3));
        assert.are.equal(0, q.count);
    });
});
