import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { UserError } from "../../common/user-error.js";
import { LUADB_MD5_FILE, readLuaDb, writeLuaDb } from "../../image/luadb.js";

/* Images are built here by hand, field by field, independently of the writer. */

const MAGIC = [0x5a, 0xa5, 0x5a, 0xa5];
const le16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
const le32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
const sum = (bytes: number[]) => bytes.reduce((a, b) => a + b, 0);
const ascii = (s: string) => [...Buffer.from(s, "utf8")];

/** A header; crc "sum" fills the Luatools byte sum, a number is stored as is. */
function header(opts: { version?: number[]; headerLength?: number; count: number; crc?: "sum" | number }): number[] {
    const body = [0x01, 0x04, ...MAGIC, 0x02, 0x02, ...(opts.version ?? [0x02, 0x00]), 0x03, 0x04, ...le32(opts.headerLength ?? 0x18), 0x04, 0x02, ...le16(opts.count), 0xfe, 0x02];
    const crc = opts.crc === undefined || opts.crc === "sum" ? sum(body) : opts.crc;
    return [...body, ...le16(crc)];
}

function fileRecord(name: number[] | string, data: number[] | string, crc: "sum" | number = "sum", size?: number): number[] {
    const nameBytes = typeof name === "string" ? ascii(name) : name;
    const dataBytes = typeof data === "string" ? ascii(data) : data;
    const body = [0x01, 0x04, ...MAGIC, 0x02, nameBytes.length, ...nameBytes, 0x03, 0x04, ...le32(size ?? dataBytes.length), 0xfe, 0x02];
    return [...body, ...le16(crc === "sum" ? sum(body) : crc), ...dataBytes];
}

function expectUserError(action: () => unknown, pattern: RegExp): void {
    let caught: unknown;
    try {
        action();
    } catch (error) {
        caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as Error).message).toMatch(pattern);
}

describe("writeLuaDb", () => {
    it("lays out a one-file image byte for byte as Luatools does", () => {
        const image = writeLuaDb([{ name: "a.lua", data: Buffer.from("x=1") }]);
        const expected = [
            // header: magic, version 2 as 02 00, header length 0x18, count 1, crc
            0x01, 0x04, 0x5a, 0xa5, 0x5a, 0xa5,
            0x02, 0x02, 0x02, 0x00,
            0x03, 0x04, 0x18, 0x00, 0x00, 0x00,
            0x04, 0x02, 0x01, 0x00,
            // 1+4+0x5a+0xa5+0x5a+0xa5 + 2+2+2 + 3+4+0x18 + 4+2+1 + 0xfe+2 = 815 = 0x032f
            0xfe, 0x02, 0x2f, 0x03,
            // file: magic, name "a.lua", size 3, crc
            0x01, 0x04, 0x5a, 0xa5, 0x5a, 0xa5,
            0x02, 0x05, 0x61, 0x2e, 0x6c, 0x75, 0x61,
            0x03, 0x04, 0x03, 0x00, 0x00, 0x00,
            // 515 + 2+5 + (97+46+108+117+97) + 3+4+3 + 0xfe+2 = 1253 = 0x04e5
            0xfe, 0x02, 0xe5, 0x04,
            0x78, 0x3d, 0x31,
        ];
        expect([...image]).toEqual(expected);
    });

    it("computes every CRC as the byte sum of its record up to the CRC value", () => {
        const files = [
            { name: "main.lua", data: Buffer.from("print(1)") },
            { name: "lib.conn.lua", data: Buffer.alloc(300, 0xab) },
        ];
        const image = writeLuaDb(files);
        const expected = [...header({ count: 2 }), ...fileRecord("main.lua", "print(1)"), ...fileRecord("lib.conn.lua", new Array(300).fill(0xab))];
        expect([...image]).toEqual(expected);
    });

    it("appends the MD5 record Luatools adds for newer cores, counted in the header", () => {
        const image = writeLuaDb([{ name: "main.lua", data: Buffer.from("sys.run()") }], { md5Trailer: true });
        const recordHead = fileRecord(LUADB_MD5_FILE, [], "sum", 16);
        const before = [...header({ count: 2 }), ...fileRecord("main.lua", "sys.run()"), ...recordHead];
        const md5 = createHash("md5").update(Buffer.from(before)).digest();
        expect([...image]).toEqual([...before, ...md5]);
        const parsed = readLuaDb(image);
        expect(parsed.count).toBe(2);
        expect(parsed.files.map(f => f.name)).toEqual(["main.lua"]);
        expect(parsed.md5?.equals(md5)).toBe(true);
    });

    it("round-trips names, data and order", () => {
        const files = [
            { name: "main.lua", data: Buffer.from("PROJECT = 'x'") },
            { name: "empty.txt", data: Buffer.alloc(0) },
            { name: "bin.dat", data: Buffer.from([0, 1, 2, 255, 254, 0x5a, 0xa5]) },
            { name: "ü.lua", data: Buffer.from("return 'ü'") },
            { name: "n".repeat(31), data: Buffer.alloc(70_000, 7) },
        ];
        const parsed = readLuaDb(writeLuaDb(files));
        expect(parsed.style).toBe("luatools");
        expect(parsed.version).toBe(2);
        expect(parsed.headerLength).toBe(0x18);
        expect(parsed.count).toBe(files.length);
        expect(parsed.files.map(f => [f.name, [...f.data]])).toEqual(files.map(f => [f.name, [...f.data]]));
    });

    it("refuses what the firmware could not mount", () => {
        const one = (name: string) => ({ name, data: Buffer.from("x") });
        expectUserError(() => writeLuaDb([]), /at least one file/);
        expectUserError(() => writeLuaDb([one("a".repeat(32))]), /"a{32}" is 32 bytes; .* at most 31/);
        expectUserError(() => writeLuaDb([one("ééééééééééééééééé")]), /34 bytes/);
        expectUserError(() => writeLuaDb([one("")]), /empty name/);
        expectUserError(() => writeLuaDb([one("a\0b")]), /NUL/);
        expectUserError(() => writeLuaDb([one("x.lua"), one("x.lua")]), /"x\.lua" appears twice/);
        expectUserError(() => writeLuaDb([one(LUADB_MD5_FILE)]), /reserved/);
        const many = Array.from({ length: 1025 }, (_, i) => one(`f${i}`));
        expectUserError(() => writeLuaDb(many), /1025 files; .* at most 1024/);
        expectUserError(() => writeLuaDb(many.slice(0, 1024), { md5Trailer: true }), /1025 files/);
        expect(readLuaDb(writeLuaDb(many.slice(0, 1024))).files).toHaveLength(1024);
    });
});

describe("readLuaDb", () => {
    it("reads a luadb_maker image (version bytes 00 02, header length 0x12, FF FF CRCs)", () => {
        const bytes = [
            ...header({ version: [0x00, 0x02], headerLength: 0x12, count: 2, crc: 0xffff }),
            ...fileRecord("main.luac", [0x1b, 0x4c, 0x75, 0x61], 0xffff),
            ...fileRecord("logo.jpg", [9, 8, 7], 0xffff),
        ];
        const parsed = readLuaDb(Buffer.from(bytes));
        expect(parsed.style).toBe("luadb_maker");
        expect(parsed.version).toBe(0x0200);
        expect(parsed.headerLength).toBe(0x12);
        expect(parsed.files.map(f => [f.name, [...f.data], f.crc])).toEqual([
            ["main.luac", [0x1b, 0x4c, 0x75, 0x61], 0xffff],
            ["logo.jpg", [9, 8, 7], 0xffff],
        ]);
    });

    it("reports record and data offsets", () => {
        const parsed = readLuaDb(Buffer.from([...header({ count: 2 }), ...fileRecord("a", "xy"), ...fileRecord("b", "z")]));
        expect(parsed.files.map(f => [f.recordOffset, f.dataOffset])).toEqual([
            [24, 24 + 19],
            [24 + 19 + 2, 24 + 19 + 2 + 19],
        ]);
    });

    const good = () => [...header({ count: 1 }), ...fileRecord("main.lua", "x")];
    // Offsets in the one-file image: header 0..23, record 24.., name TLV at 30, name at 32, size TLV at 40, crc TLV at 46, data at 50.
    const cases: [string, () => number[], RegExp][] = [
        ["empty input", () => [], /header magic at offset 0 .*needs 2 bytes/],
        ["header magic type", () => { const b = good(); b[0] = 0x09; return b; }, /header magic at offset 0 .*type is 0x09, expected 0x01/],
        ["header magic length", () => { const b = good(); b[1] = 3; return b; }, /header magic at offset 0 .*length is 3, expected 4/],
        ["header magic value", () => { const b = good(); b[5] = 0x00; return b; }, /header magic at offset 2 .*is 5aa55a00/],
        ["version type", () => { const b = good(); b[6] = 0x05; return b; }, /header version at offset 6 .*type is 0x05/],
        ["version length", () => { const b = good(); b[7] = 4; return b; }, /header version at offset 6 .*length is 4, expected 2/],
        ["version zero", () => [...header({ version: [0, 0], count: 1 }), ...fileRecord("main.lua", "x")], /header version at offset 8 .*is 0/],
        ["header length zero", () => [...header({ headerLength: 0, count: 1 }), ...fileRecord("main.lua", "x")], /header length at offset 12 .*is 0/],
        ["count zero", () => header({ count: 0 }), /header file count at offset 18 .*is 0/],
        ["count over 1024", () => header({ count: 1025 }), /header file count at offset 18 .*1025; .*at most 1024/],
        ["count type", () => { const b = good(); b[16] = 0x07; return b; }, /header file count at offset 16 .*type is 0x07, expected 0x04/],
        ["header crc type", () => { const b = good(); b[20] = 0xfd; return b; }, /header crc at offset 20 .*type is 0xfd, expected 0xfe/],
        ["header crc value", () => [...header({ count: 1, crc: 0x1234 }), ...fileRecord("main.lua", "x")], /header crc at offset 22 .*0x1234.*byte sum .*0x32f/],
        ["truncated header", () => good().slice(0, 21), /header crc at offset 20 .*needs 2 bytes/],
        ["missing file", () => header({ count: 2 }).concat(fileRecord("a", "x")), /file 2 of 2 magic at offset 44 .*needs 2 bytes but the image ends/],
        ["file magic", () => { const b = good(); b[26] = 0x11; return b; }, /file 1 of 1 magic at offset 26 .*is 11a55aa5/],
        ["name type", () => { const b = good(); b[30] = 0x03; return b; }, /file 1 of 1 name at offset 30 .*type is 0x03, expected 0x02/],
        ["empty name", () => [...header({ count: 1 }), ...fileRecord([], "x")], /file 1 of 1 name at offset 30 .*is empty/],
        ["name over 31 bytes", () => [...header({ count: 1 }), ...fileRecord("b".repeat(32), "x")], /file 1 of 1 name at offset 30 .*32 bytes; .*at most 31/],
        ["name with NUL", () => [...header({ count: 1 }), ...fileRecord([0x61, 0x00, 0x62], "x")], /file 1 of 1 name at offset 32 .*NUL/],
        ["name not UTF-8", () => [...header({ count: 1 }), ...fileRecord([0x61, 0xff], "x")], /file 1 of 1 name at offset 32 .*not valid UTF-8/],
        ["duplicate names", () => [...header({ count: 2 }), ...fileRecord("a", "x"), ...fileRecord("a", "y")], /file 2 of 2 name at offset 52 .*"a" appears twice/],
        ["size type", () => { const b = good(); b[40] = 0x04; return b; }, /file 1 of 1 \(main\.lua\) size at offset 40 .*type is 0x04, expected 0x03/],
        ["size length", () => { const b = good(); b[41] = 2; return b; }, /file 1 of 1 \(main\.lua\) size at offset 40 .*length is 2, expected 4/],
        ["size past the end", () => [...header({ count: 1 }), ...fileRecord("main.lua", "x", "sum", 2)], /file 1 of 1 \(main\.lua\) size at offset 42 .*is 2, but only 1 bytes follow/],
        ["file crc type", () => { const b = good(); b[46] = 0x01; return b; }, /file 1 of 1 \(main\.lua\) crc at offset 46 .*type is 0x01, expected 0xfe/],
        ["file crc value", () => [...header({ count: 1 }), ...fileRecord("main.lua", "x", 0x0001)], /file 1 of 1 \(main\.lua\) crc at offset 48 .*is 0x1, but the byte sum/],
        ["trailing garbage", () => [...good(), 0x00, 0x01], /end of image at offset 51 .*2 bytes follow the last file/],
        ["MD5 record not last", () => [...header({ count: 2 }), ...fileRecord(LUADB_MD5_FILE, new Array(16).fill(0)), ...fileRecord("a", "x")], /file 1 of 2 name at offset 32 .*must be the last file/],
        ["MD5 record size", () => [...header({ count: 1 }), ...fileRecord(LUADB_MD5_FILE, [1, 2, 3])], /\.airm2m_all_crc#\.bin\) size at offset 54 .*expected 16/],
        ["MD5 record value", () => [...header({ count: 1 }), ...fileRecord(LUADB_MD5_FILE, new Array(16).fill(0))], /\.airm2m_all_crc#\.bin\) data at offset 62 .*MD5 is 0{32}, but the image before it hashes to [0-9a-f]{32}/],
    ];
    it.each(cases)("rejects %s, naming the field and offset", (_label, make, pattern) => {
        expectUserError(() => readLuaDb(Buffer.from(make())), pattern);
    });

    it("accepts a valid image that the cases above mutate", () => {
        expect(readLuaDb(Buffer.from(good())).files[0]?.name).toBe("main.lua");
    });

    it("accepts erased-flash padding only when asked", () => {
        const padded = Buffer.from([...good(), 0xff, 0xff, 0xff]);
        expectUserError(() => readLuaDb(padded), /3 bytes follow/);
        expect(readLuaDb(padded, { allowPadding: true }).files).toHaveLength(1);
        expectUserError(() => readLuaDb(Buffer.from([...good(), 0xff, 0x00]), { allowPadding: true }), /2 bytes follow/);
    });

    it("does not check CRCs of a luadb_maker image (it has none)", () => {
        const bytes = [...header({ version: [0, 2], headerLength: 0x12, count: 1, crc: 0xffff }), ...fileRecord("a.lua", "x", 0x1234)];
        expect(readLuaDb(Buffer.from(bytes)).files[0]?.crc).toBe(0x1234);
    });
});
