/**
 * The constants' values the extract reads from the LuatOS sources
 * (#defines, enum members, their expressions), checked against the PC
 * build: one firmware reads every constant of the PC board's C modules on
 * luatos-pc and on the simulated pc board (where the modules the simulator
 * does not emulate take their constants from the extract); both must give
 * the values the extract states.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { moduleIndex, omittedMembers } from "../../image/board-modules.js";
import { BOARDS, SimulatedDevice } from "../../runtime/index.js";
import { requireReferenceBinary, runLuatosPc } from "../support/reference-programs.js";

const folders: string[] = [];
afterAll(() => {
    for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** `module.CONSTANT` → the value the extract gives and its Lua type, as the firmware below prints them ("1 integer"). */
function expectedValues(): Map<string, string> {
    const index = moduleIndex("current");
    const out = new Map<string, string>();
    const luaType = (v: number | string | boolean) => (typeof v === "number" ? (Number.isInteger(v) ? "integer" : "float") : typeof v);
    for (const name of index.boards.pc!) {
        const module = index.modules[name]!;
        if (module.kind !== "c") continue;
        const omitted = omittedMembers("current", "pc", name);
        for (const [constant, value] of Object.entries(module.values ?? {})) if (!omitted.has(constant)) out.set(`${name}.${constant}`, `${String(value)} ${luaType(value)}`);
    }
    return out;
}

const CHECK_LUA = (names: string[]) => `local names = { ${names.map(n => JSON.stringify(n)).join(", ")} }
for _, full in ipairs(names) do
  local m, k = full:match("^([^.]+)%.(.+)$")
  local t = _G[m]
  if t == nil then print("CONST " .. full .. " absent")
  else
    local ok, v = pcall(function() return t[k] end)
    print("CONST " .. full .. " " .. tostring(v) .. " " .. (math.type(v) or type(v)))
  end
end
os.exit(0)
`;

/** `module.CONSTANT` → "value type", or "absent" for a module the program does not have. */
function readings(lines: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const line of lines) {
        const m = /CONST (\S+) (.*)$/.exec(line);
        if (m) out.set(m[1]!, m[2]!);
    }
    return out;
}

describe("constant values of the extract", () => {
    const expected = expectedValues();
    const names = [...expected.keys()].sort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-constants-"));
    folders.push(dir);
    fs.writeFileSync(path.join(dir, "main.lua"), CHECK_LUA(names));

    it("are the values luatos-pc gives, for every module it has", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc", "the comparison of constant values");
        const pc = readings((await runLuatosPc(binary, { folder: dir })).lines);
        let compared = 0;
        const wrong: string[] = [];
        for (const name of names) {
            const got = pc.get(name);
            if (got === undefined) throw new Error(`luatos-pc printed nothing for ${name}`);
            // Modules its build leaves out (no SDL: audio, lcd, u8g2...) or stubs (codec: an empty table).
            if (got === "absent" || got === "nil nil") continue;
            compared++;
            if (got !== expected.get(name)) wrong.push(`${name}: extract ${expected.get(name)}, luatos-pc ${got}`);
        }
        expect(wrong).toEqual([]);
        // The bulk of the PC build's constants: gpio, uart, i2c, spi, adc, pm, mcu, socket, zbuff, lvgl-free modules...
        expect(compared).toBeGreaterThan(200);
    }, 60_000);

    it("are what the simulated pc board gives, emulated modules or not", async () => {
        const device = new SimulatedDevice({ buildDir: dir, board: BOARDS.pc!, firmwareLogs: false, rebootOnCrash: false });
        try {
            const result = await device.run("10s", { until: { log: "[sim] os.exit" } });
            expect(result.reason).toBe("log");
            const sim = readings(device.log.map(l => l.text));
            const wrong = names.filter(name => sim.get(name) !== expected.get(name));
            expect(wrong.map(name => `${name}: extract ${expected.get(name)}, simulator ${sim.get(name)}`)).toEqual([]);
        } finally {
            device.dispose();
        }
    });
});
