/**
 * The heap a fresh 2021 firmware holds before the script does anything,
 * measured on luatos2021 (the firmware's own Lua VM, rotables and C modules,
 * 32-bit) and estimated by the simulator's model (runtime/memory.ts): the
 * libraries are rotables in flash on the device, so the model must not
 * charge their functions and names. luatos2021 lacks the Air640W's hardware
 * modules, so the simulator runs with the same library set for the comparison.
 */
import { afterAll, describe, expect, it } from "vitest";
import { lauxlib, lua } from "fengari";
import { SimulatedDevice } from "../../runtime/index.js";
import { netclient2021 } from "../../runtime/firmware/netclient-2021/index.js";
import type { FirmwareGeneration } from "../../runtime/firmware/context.js";
import { S } from "../../runtime/lua.js";
import { luaFirmware, removeTemporaryFolders, userLines } from "../runtime/helpers.js";
import { requireReferenceBinary, runLuatos2021 } from "../support/reference-programs.js";

afterAll(removeTemporaryFolders);

/** The Air640W's libraries that luatos2021 does not open (no drivers on a PC). */
const HARDWARE_MODULES = ["gpio", "sensor", "wlan", "i2c", "spi", "disp", "u8g2", "crypto", "pwm"];

/** The 2021 firmware without the hardware modules: luatos2021's library set. */
const withoutHardware: FirmwareGeneration = {
    ...netclient2021,
    install(ctx) {
        netclient2021.install(ctx);
        lauxlib.luaL_getsubtable(ctx.L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
        for (const name of HARDWARE_MODULES) {
            lua.lua_pushnil(ctx.L);
            lua.lua_setglobal(ctx.L, S(name));
            lua.lua_pushnil(ctx.L);
            lua.lua_setfield(ctx.L, -2, S(name));
        }
        lua.lua_pop(ctx.L, 1);
    },
};

// Enough instructions for the simulator to take a fresh figure; allocates nothing.
const MAIN = `for i = 1, 3000 do end
collectgarbage("collect")
print(select("#", collectgarbage("count")), collectgarbage("count") * 1024)`;

async function simulated(generation?: FirmwareGeneration): Promise<{ values: number; bytes: number }> {
    const device = new SimulatedDevice({ buildDir: luaFirmware({ "main.lua": MAIN }), firmwareLogs: false, rebootOnCrash: false, generation });
    await device.run("1s");
    device.dispose();
    const [values, bytes] = userLines(device)[0]!.split("\t").map(Number);
    return { values: values!, bytes: bytes! };
}

describe("the heap of a fresh firmware", () => {
    it("collectgarbage('count') returns one value, as in Lua 5.3", async () => {
        expect((await simulated()).values).toBe(1);
    });

    it("the model's base is within 5% of luatos2021's with the same libraries", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos2021");
        const [values, real] = (await runLuatos2021(binary, MAIN))[0]!.split("\t").map(Number);
        expect(values).toBe(1);
        const model = (await simulated(withoutHardware)).bytes;
        expect(Math.abs(model - real!) / real!).toBeLessThan(0.05);
    });

    it("each hardware module costs what a rotable does (userdata, name, slots), not its functions", async () => {
        const full = (await simulated()).bytes;
        const reduced = (await simulated(withoutHardware)).bytes;
        // 28-byte userdata and a 16 + n + 1 byte name each; no hash slots change at these table sizes.
        expect(full - reduced).toBeGreaterThan(HARDWARE_MODULES.length * 28);
        expect(full - reduced).toBeLessThan(HARDWARE_MODULES.length * 60);
    });
});
