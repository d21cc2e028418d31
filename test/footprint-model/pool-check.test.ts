/**
 * The build's pool check against the 2021 firmware's own code (luatos2021,
 * 32-bit, bget pool of 64 KB): every firmware of the calibration family the
 * check passes loads there at 65536 bytes, and every one that does not load
 * there fails the check. The simulator boots what the image carries: a
 * bytecode folder loads its stripped 32-bit chunks, so the model sees no
 * debug information.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { measureHeap, predictPool } from "../../compiler/stages/heap.js";
import { pack } from "../../compiler/stages/pack.js";
import { defaultLuaForm, getBoard } from "../../image/boards.js";
import { extractFiles } from "../../image/extract.js";
import { readLuaDb } from "../../image/luadb.js";
import { measureBootHeap } from "../../runtime/boot-heap.js";
import { FAMILY, writeMember } from "../support/heap-family.js";
import { run2021, writeDeviceFolder, writeSimulatorFolder, type DeviceVariant } from "../support/luatos2021.js";
import { requireReferenceBinary } from "../support/reference-programs.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "pool-check-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const POOL = getBoard("air640w").luaPoolBytes!;

function largestLua(dir: string): number {
    let largest = 0;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
        if (entry.isFile() && entry.name.endsWith(".lua")) largest = Math.max(largest, fs.statSync(path.join(entry.parentPath, entry.name)).size);
    }
    return largest;
}

describe("the simulator boots what the image carries", () => {
    it("loads 32-bit .luac before .lua, so stripped functions carry no debug information", async () => {
        const member = FAMILY.find(m => m.name === "code 2x12")!;
        const luaDir = writeMember(root, member);
        const source = await measureBootHeap(writeSimulatorFolder(luaDir, path.join(root, "sim-source"), "source"));
        const stripped = await measureBootHeap(writeSimulatorFolder(luaDir, path.join(root, "sim-all"), "all"));
        const lines = await measureBootHeap(writeSimulatorFolder(luaDir, path.join(root, "sim-lines"), "keep-lines"));
        expect(source.byKind!.debugInfo).toBeGreaterThan(1000);
        expect(stripped.byKind!.debugInfo).toBe(0);
        expect(lines.byKind!.debugInfo).toBeGreaterThan(0);
        expect(lines.byKind!.debugInfo).toBeLessThan(source.byKind!.debugInfo);
        expect(stripped.afterBootBytes).toBeLessThan(lines.afterBootBytes!);
        // The same functions: only debug information (and the strings only it held) differ.
        expect(stripped.byKind!.functions).toBe(source.byKind!.functions);
    });

    it("boots a folder extracted from the air640w image (flat names, stripped .luac) to the figure of the build's heap step", async () => {
        const board = getBoard("air640w");
        const member = FAMILY.find(m => m.name === "reference firmware")!;
        const luaDir = writeMember(root, member);
        const files = new Map<string, Buffer>();
        for (const entry of fs.readdirSync(luaDir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
            if (entry.isFile()) files.set(path.relative(luaDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"), fs.readFileSync(path.join(entry.parentPath, entry.name)));
        }
        const image = pack(files, board, defaultLuaForm(board));
        const extracted = path.join(root, "extracted");
        extractFiles(readLuaDb(image.image).files, extracted);
        expect(fs.readdirSync(extracted)).toContain("app.telemetry.luac");
        const fromImage = await measureBootHeap(extracted);
        const { footprint } = await measureHeap(luaDir, { board, heapBudget: true, lua: false, luaForm: defaultLuaForm(board) });
        expect(fromImage.problems).toBeUndefined();
        expect(fromImage.byKind!.debugInfo).toBe(0);
        expect(footprint.device32.luaForm).toBe("bytecode");
        expect(footprint.device32.afterBootBytes).toBe(fromImage.afterBootBytes);
    });
});

describe("the pool check against luatos2021 at 64 KB", () => {
    const cases = FAMILY.flatMap(member => (["source", "all"] as DeviceVariant[]).map(variant => ({ member, variant })));

    it.for(cases)("$member.name ($variant): passes the check only if it loads in 65536 bytes", { timeout: 120_000 }, async ({ member, variant }, ctx) => {
        const binary = requireReferenceBinary(ctx, "luatos2021");
        const luaDir = writeMember(root, member);
        const slug = `${member.name.replace(/\W+/g, "-")}-${variant}`;
        // The simulator boots the device's own folder, as the build's heap step does.
        const dev = writeDeviceFolder(luaDir, path.join(root, `dev-${slug}`), variant);
        const heap = await measureBootHeap(dev);
        expect(heap.problems).toBeUndefined();
        const predicted = predictPool(heap, variant === "source" ? largestLua(dev) : 0).bytes;
        const run = await run2021(binary, dev, { heap: POOL, marker: member.marker, dns: member.dns, forMs: 1500 });
        if (predicted <= POOL) expect(run.loaded, `predicted ${predicted} fits ${POOL}, but on luatos2021:\n${run.output}`).toBe(true);
        if (!run.loaded) expect(predicted).toBeGreaterThan(POOL);
    });

    it("passes the reference firmware as stripped bytecode and fails it as source", async () => {
        const member = FAMILY.find(m => m.name === "reference firmware")!;
        const luaDir = writeMember(root, member);
        const bytecode = await measureBootHeap(writeDeviceFolder(luaDir, path.join(root, "ref-all"), "all"));
        const source = await measureBootHeap(writeDeviceFolder(luaDir, path.join(root, "ref-source"), "source"));
        expect(predictPool(bytecode).bytes).toBeLessThanOrEqual(POOL);
        expect(predictPool(source, largestLua(path.join(root, "ref-source"))).bytes).toBeGreaterThan(POOL);
    });
});
