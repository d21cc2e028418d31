import { describe, expect, test } from "vitest";
import { describePlan, planFlash } from "../../flash/air640w.js";
import { LUADB_MD5_FILE, writeLuaDb } from "../../image/luadb.js";
import { UserError } from "../../common/user-error.js";
import { mainLua } from "./helpers.js";

const target = { board: "air640w", limit: 200 * 1024, source: "build/script.bin" };

function planError(image: Uint8Array, limit = target.limit): UserError {
    try {
        planFlash(image, { ...target, limit });
    } catch (error) {
        if (error instanceof UserError) return error;
        throw error;
    }
    throw new Error("planFlash accepted the image");
}

describe("validating an image before anything is sent", () => {
    test("lists the files in image order with their bytes", () => {
        const plan = planFlash(writeLuaDb([{ name: "main.lua", data: mainLua(100) }, { name: "lib.a.lua", data: Buffer.from("return 1") }]), target);
        expect(plan.files.map(f => [f.name, f.data.length])).toEqual([["main.lua", 100], ["lib.a.lua", 8]]);
        expect(plan.skipped).toEqual([]);
        expect(describePlan(plan).at(-1)).toBe('5. send "ry", read one line, then YModem lib.a.lua (8 bytes)');
    });

    test("the MD5 record of newer cores' images is validated but not sent", () => {
        const plan = planFlash(writeLuaDb([{ name: "main.lua", data: mainLua(100) }], { md5Trailer: true }), target);
        expect(plan.files.map(f => f.name)).toEqual(["main.lua"]);
        expect(plan.skipped.map(s => s.name)).toEqual([LUADB_MD5_FILE]);
    });

    test("a corrupt image names the source and the field", () => {
        const image = writeLuaDb([{ name: "main.lua", data: mainLua(100) }]);
        image[image.length - 101 - 4] ^= 0xff; // inside the file record's size field
        expect(planError(image).message).toMatch(/^build\/script\.bin: not a valid LuaDB image: /);
        expect(planError(image.subarray(0, 20)).message).toMatch(/^build\/script\.bin: not a valid LuaDB image: header/);
    });

    test("an image larger than the script area is refused with both sizes", () => {
        const image = writeLuaDb([{ name: "main.lua", data: mainLua(3000) }]);
        expect(planError(image, 2048).message).toBe(`build/script.bin is ${image.length} bytes; the air640w script area holds 2048 bytes (${image.length - 2048} too many)`);
    });

    test("an image without main.lua is refused: the module would boot into nothing", () => {
        const error = planError(writeLuaDb([{ name: "sys.lua", data: Buffer.from("return {}") }]));
        expect(error.message).toBe("build/script.bin has no main.lua; the module would have nothing to run (files: sys.lua)");
    });
});
