/**
 * src/lib/line-buffer.ts on native Lua 5.3: a byte stream in arbitrary
 * pieces becomes lines; overlong lines are discarded up to their newline.
 */
import { newLineBuffer, nextLine, pushData, type LineBuffer } from "../../src/lib/line-buffer";

/** Every complete line buffered now, in order. */
function drain(this: void, buffer: LineBuffer): string[] {
    const lines: string[] = [];
    for (let line = nextLine(buffer); line !== undefined; line = nextLine(buffer)) lines.push(line);
    return lines;
}

describe("line buffer", () => {
    it("joins a line split over several pieces", () => {
        const b = newLineBuffer(64);
        pushData(b, "HEL");
        assert.is_nil(nextLine(b));
        pushData(b, "LO\nWOR");
        assert.are.equal("HELLO", nextLine(b));
        assert.is_nil(nextLine(b));
        pushData(b, "LD\n");
        assert.are.same(["WORLD"], drain(b));
    });

    it("splits coalesced lines, one per call, in order", () => {
        const b = newLineBuffer(64);
        pushData(b, "A\nBB\n\nCCC\nrest");
        assert.are.same(["A", "BB", "", "CCC"], drain(b));
        assert.are.equal("rest", b.pending);
    });

    it("takes one byte at a time", () => {
        const b = newLineBuffer(64);
        const text = "ACK 12\nHB\n";
        const lines: string[] = [];
        for (let i = 1; i <= text.length; i++) {
            pushData(b, string.sub(text, i, i));
            for (const line of drain(b)) lines.push(line);
        }
        assert.are.same(["ACK 12", "HB"], lines);
    });

    it("strips a trailing \\r (CRLF) but keeps a \\r inside the line", () => {
        const b = newLineBuffer(64);
        pushData(b, "ONE\r\nT\rWO\n\r\n");
        assert.are.same(["ONE", "T\rWO", ""], drain(b));
    });

    it("is binary safe", () => {
        const b = newLineBuffer(64);
        pushData(b, string.char(0, 255, 1, 10));
        assert.are.equal(string.char(0, 255, 1), nextLine(b));
    });

    it("accepts a line of exactly maxLine bytes and discards maxLine + 1", () => {
        const b = newLineBuffer(8);
        pushData(b, string.rep("a", 8) + "\n" + string.rep("b", 9) + "\nok\n");
        assert.are.same([string.rep("a", 8), "ok"], drain(b));
        assert.are.equal(1, b.overlong);
    });

    it("counts the \\r of a CRLF line against maxLine", () => {
        const b = newLineBuffer(8);
        pushData(b, string.rep("a", 8) + "\r\nok\r\n");
        assert.are.same(["ok"], drain(b));
        assert.are.equal(1, b.overlong);
    });

    it("drops an overlong line that arrives without a newline and resynchronises at the next one", () => {
        const b = newLineBuffer(16);
        pushData(b, string.rep("x", 17));
        assert.are.equal("", b.pending);
        assert.is_true(b.skipping);
        assert.is_nil(nextLine(b));
        pushData(b, "still the long line\nNEXT\n");
        assert.are.same(["NEXT"], drain(b));
        assert.is_false(b.skipping);
        assert.are.equal(1, b.overlong);
    });

    it("keeps memory bounded and counts one overlong line once, however many pieces it comes in", () => {
        const b = newLineBuffer(16);
        for (let i = 0; i < 100; i++) {
            pushData(b, string.rep("y", 10));
            assert.is_true(b.pending.length <= 16 + 10);
        }
        pushData(b, "\nOK\n");
        assert.are.same(["OK"], drain(b));
        assert.are.equal(1, b.overlong);
    });

    it("discards an overlong line that is followed by its newline in the same piece", () => {
        const b = newLineBuffer(4);
        pushData(b, "toolong\nok\n");
        assert.are.same(["ok"], drain(b));
        assert.are.equal(1, b.overlong);
    });

    it("returns undefined when empty", () => {
        assert.is_nil(nextLine(newLineBuffer(4)));
    });
});
