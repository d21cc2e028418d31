import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { extractFiles, planExtraction } from "../../image/extract.js";
import { readLuaDb, writeLuaDb, type LuaDbFile } from "../../image/luadb.js";

let root: string;
beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "extract-test-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const file = (name: string, text = "data"): LuaDbFile => ({ name, data: Buffer.from(text), crc: 0, recordOffset: 0, dataOffset: 0 });

/** Every path under a folder, for "nothing was written" checks. */
function tree(dir: string): string[] {
    return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

describe("extraction", () => {
    it("writes every file of an image into the folder", () => {
        const image = readLuaDb(writeLuaDb([{ name: "main.lua", data: Buffer.from("a") }, { name: "lib.conn.lua", data: Buffer.from("bc") }]));
        const out = path.join(root, "out");
        extractFiles(image.files, out);
        expect(tree(out)).toEqual(["lib.conn.lua", "main.lua"]);
        expect(fs.readFileSync(path.join(out, "lib.conn.lua"), "utf8")).toBe("bc");
    });

    it.each([
        ["../evil.lua", /contains `\.\.`/],
        ["a/../../evil.lua", /contains `\.\.`/],
        ["..", /contains `\.\.`/],
        ["/etc/evil", /absolute path/],
        ["C:evil", /absolute path/],
        ["a\\..\\evil", /backslash/],
        ["a//b", /empty or `\.` path segment/],
        ["./a", /empty or `\.` path segment/],
        ["a/", /empty or `\.` path segment/],
    ])("refuses %s before writing anything", (name, pattern) => {
        const out = path.join(root, "out");
        expect(() => extractFiles([file("good.lua"), file(name)], out)).toThrow(pattern);
        expect(tree(root)).toEqual([]);
    });

    it("refuses to write through a symbolic link that leads outside", () => {
        const out = path.join(root, "out");
        const outside = path.join(root, "outside");
        fs.mkdirSync(out);
        fs.mkdirSync(outside);
        fs.symlinkSync(outside, path.join(out, "link"));
        expect(() => extractFiles([file("link/x.lua")], out)).toThrow(/symbolic link/);
        fs.symlinkSync(path.join(outside, "target.lua"), path.join(out, "direct.lua"));
        expect(() => extractFiles([file("direct.lua")], out)).toThrow(/symbolic link/);
        expect(tree(outside)).toEqual([]);
    });

    it("refuses to replace a folder with a file", () => {
        fs.mkdirSync(path.join(root, "main.lua"));
        expect(() => planExtraction(root, ["main.lua"])).toThrow(/exists and is not a regular file/);
    });

    it("keeps names with subfolders inside the folder", () => {
        const targets = planExtraction(root, ["a/b.txt"]);
        expect(targets[0]?.path).toBe(path.join(root, "a", "b.txt"));
    });
});
