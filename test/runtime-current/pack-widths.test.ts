/**
 * `string.pack`'s `n` option follows the board's number width: 4 bytes on
 * LUA_32BITS firmware (luatos2021, luatos-pc, the EC718 modules), 8 on a
 * 64-bit VM (air101). Compared with both reference programs when they are
 * there; the simulator's figures are checked without them.
 */
import { afterAll, describe, expect, it } from "vitest";
import { packBuild } from "../../image/pack.js";
import { bootDevice } from "../../runtime/index.js";
import { floatNumberFormat } from "../../runtime/pack-widths.js";
import { requireReferenceBinary, runLuatos2021, runLuatosPc } from "../support/reference-programs.js";
import { firmwareFolder, removeTemporaryFolders } from "./helpers.js";

/** Lines the same on every 32-bit-number firmware (no size_t or long options: those are the host's on the PC build). */
const PROBE = `print("sizes", string.packsize("n"), string.packsize("j"), string.packsize("i"), string.packsize("f"), string.packsize("d"), string.packsize("!8 i1 Xn n"))
local s = string.pack("<n", 1.5)
print("n", #s, string.byte(s, 1, -1))
print("back", string.unpack("<n", s))
print("mixed", #string.pack("<i4nj", 1, 2.25, 3), string.unpack("<i4nj", string.pack("<i4nj", 1, 2.25, 3)))
print("rounded", string.unpack("<n", string.pack("<n", 0.1)) == 0.1)
`;

/** The lines of the probe on the simulator for a board (a trailing `\t` joins print's values on the 2021 firmware). */
async function simulate(board: string): Promise<string[]> {
    const device = bootDevice({ buildDir: firmwareFolder(`${PROBE}os.exit(0)\n`), board, firmwareLogs: false, rebootOnCrash: false });
    try {
        await device.run("2s");
        return device.log.map(l => l.text.replace(/\t/g, " ")).filter(l => /^(sizes|n|back|mixed|rounded) /.test(l));
    } finally {
        device.dispose();
    }
}

const EXPECTED_32 = ["sizes 4 4 4 4 8 8", "n 4 0 0 192 63", "back 1.500000 5", "mixed 12 1 2.250000 3 13", "rounded true"];

afterAll(removeTemporaryFolders);

describe("string.pack's n follows the board's number width", () => {
    it("rewrites n as f and leaves sizes and other options alone", () => {
        expect(floatNumberFormat("<i4nj!8 Xn s4 c10 n")).toBe("<i4fj!8 Xf s4 c10 f");
        expect(floatNumberFormat("c12n")).toBe("c12f");
    });

    it("is 4 bytes on the 32-bit boards of both generations and 8 on air101 (64-bit VM)", async () => {
        for (const board of ["air640w", "pc", "air780epm", "air8000"]) expect(await simulate(board), board).toEqual(EXPECTED_32);
        const wide = await simulate("air101");
        expect(wide[0]).toBe("sizes 8 4 4 4 8 16");
        expect(wide[1]).toBe("n 8 0 0 0 0 0 0 248 63");
    });

    it("matches luatos-pc", { timeout: 30_000 }, async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc");
        const dir = firmwareFolder(`${PROBE}os.exit(0)\n`);
        const run = await runLuatosPc(binary, { image: packBuild(dir, { board: "pc" }).image }, { limitMs: 20_000 });
        const lines = run.lines.map(l => l.replace(/\t/g, " ")).filter(l => /^(sizes|n|back|mixed|rounded) /.test(l));
        expect(lines).toEqual(EXPECTED_32);
    });

    it("matches luatos2021", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos2021");
        const lines = (await runLuatos2021(binary, PROBE, { files: { "sys.lua": "return {}\n" } })).map(l => l.replace(/\t/g, " ")).filter(l => /^(sizes|n|back|mixed|rounded) /.test(l));
        expect(lines).toEqual(EXPECTED_32);
    });
});
