/**
 * The short-string table's size as runtime/string-table.ts follows it: the
 * rules of lstring.c (double when the entries reach the size) and lgc.c
 * (dead strings leave at a sweep; halve at the end of a cycle when under a
 * quarter is used). heap-model.test.ts checks the result against luatos-pc.
 */
import { describe, expect, it } from "vitest";
import { StringTable, type LiveStrings } from "../../runtime/string-table.js";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
const live = (contents: string[], heapBytes = 1_000_000): LiveStrings => ({ contents: new Set(contents), count: contents.length, heapBytes });
/** A table of `size` buckets holding the strings `contents`. */
const table = (size: number, contents: string[], heapBytes?: number) => new StringTable(40, length => 24 + length + 1, { ...live(contents, heapBytes), size });
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("the short-string table", () => {
    it("starts at 128 buckets and doubles as interning fills it", () => {
        expect(StringTable.sizeFor(0)).toBe(128);
        expect(StringTable.sizeFor(128)).toBe(128);
        expect(StringTable.sizeFor(129)).toBe(256);
        expect(StringTable.sizeFor(278)).toBe(512);
    });

    it("doubles when a new string finds the entries at the size, not before", () => {
        const t = table(128, names("boot", 100));
        for (const s of names("new", 28)) t.made(bytes(s));
        expect(t.size).toBe(128);
        t.made(bytes("one more"));
        expect(t.size).toBe(256);
    });

    it("adds nothing for a string it holds (live, or made again before a sweep) nor for a long string", () => {
        const t = table(128, names("boot", 127));
        t.made(bytes("boot5"));
        t.made(bytes("fresh"));
        t.made(bytes("fresh"));
        t.made(bytes("x".repeat(41)));
        expect(t.size).toBe(128);
        t.made(bytes("another"));
        expect(t.size).toBe(256);
    });

    it("keeps a doubled table after a full collect while a quarter of it is live", () => {
        // The data program's case: 500 kept strings and 500 temporary ones on top of the boot strings.
        const boot = names("boot", 300);
        const t = table(512, boot);
        const kept = names("s", 500);
        for (let i = 0; i < 500; i += 1) {
            t.made(bytes(String(i)));
            t.made(bytes(kept[i]!));
        }
        expect(t.size).toBe(2048);
        t.fullCollect(live([...boot, ...kept]));
        t.fullCollect(live([...boot, ...kept]));
        expect(t.size).toBe(2048);
    });

    it("halves once per cycle: a full collect in a cycle checks before and after its sweep, the next one only after", () => {
        // Measured on luatos-pc: 8000 strings kept then dropped, two full collects leave 4096 buckets.
        const boot = names("boot", 287);
        const t = table(16384, [...boot, ...names("k", 9000)]);
        t.ran();
        t.fullCollect(live(boot));
        expect(t.size).toBe(8192);
        t.fullCollect(live(boot));
        expect(t.size).toBe(4096);
        // Lua ran in between: the collector was inside a cycle again.
        t.ran();
        t.fullCollect(live(boot));
        expect(t.size).toBe(1024);
    });

    it("ends a cycle of its own after the live heap's bytes of strings, sweeping the dead ones", () => {
        const boot = names("boot", 100);
        const t = table(128, boot, 2000);
        for (const s of names("t", 60)) t.made(bytes(s));
        expect(t.cycleDue).toBe(false);
        for (const s of names("u", 20)) t.made(bytes(s));
        expect(t.cycleDue).toBe(true);
        expect(t.size).toBe(256);
        t.cycleEnded(live(boot, 2000));
        expect(t.cycleDue).toBe(false);
        // The dead strings left: 150 more fit before the next doubling.
        for (const s of names("v", 150)) t.made(bytes(s));
        expect(t.size).toBe(256);
    });
});
