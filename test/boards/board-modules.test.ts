/**
 * The board decides the modules a firmware is typed and simulated with:
 * the build types against the board's own declarations entry whatever
 * entry of the same generation the config names (LTS1403 for a module the
 * board's firmware leaves out), warns at the first use of a module the
 * simulator does not emulate (LTS1404), and the simulator stands in for
 * such a module with functions that say "not simulated" (a heap step
 * stopped by one is LTS2006, a warning).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildFirmware, buildWithoutHeap } from "../../compiler/pipeline.js";
import { BuildError, formatDiagnostic } from "../../compiler/diagnostics.js";
import { emulatedModuleFunctions } from "../../runtime/firmware/emulated-modules.js";
import { BOARDS, bootDevice } from "../../runtime/index.js";
import { removeTempProjects, REPO_ROOT, writeFirmwareProject } from "../harness/tstl.js";

afterAll(removeTempProjects);

const CURRENT_CONFIG = path.join(REPO_ROOT, "types", "current", "tstl.json");
const PC_CONFIG = path.join(REPO_ROOT, "types", "current", "pc", "tstl.json");
const TSTL_2021 = path.join(REPO_ROOT, "tstl.json");

/** The build's failure as its one-line diagnostics, or "built" and the warnings. */
function outcome(dir: string, board: string): string[] {
    try {
        const result = buildWithoutHeap({ cwd: dir, board });
        return ["built", ...result.diagnostics.map(d => formatDiagnostic(d, dir))];
    } catch (error) {
        if (error instanceof BuildError) return error.diagnostics.map(d => formatDiagnostic(d, dir));
        throw error;
    }
}

const USES_U8G2 = `sys.taskInit(() => {
    log.info("t", u8g2 === undefined);
});
sys.run();
`;

describe("the board's declarations", () => {
    it("a module the board's firmware leaves out is LTS1403 naming the board, whichever entry of the generation the config names", () => {
        for (const config of [CURRENT_CONFIG, PC_CONFIG]) {
            const dir = writeFirmwareProject({ "src/main.ts": USES_U8G2 }, { tsconfig: { extends: config } });
            expect(outcome(dir, "air8000")).toEqual([
                "src/main.ts:2:19 - error LTS1403: module u8g2 is not in the air8000 firmware (its configuration leaves it out), so the air8000 declarations do not have it; boards whose firmware has it: air780epm, pc",
            ]);
        }
    });

    it("the same firmware builds for a board that has the module, with a warning that the simulator does not emulate it", () => {
        const dir = writeFirmwareProject({ "src/main.ts": USES_U8G2 }, { tsconfig: { extends: CURRENT_CONFIG } });
        expect(outcome(dir, "pc")).toEqual([
            "built",
            'src/main.ts:2:19 - warning LTS1404: module u8g2 is in the pc firmware, but the simulator does not emulate it: on `luatos-ts sim` and in tests its functions raise "u8g2.<function> is not simulated" (docs/simulated-modules.md)',
        ]);
        // esp32's firmware configuration is not read: every module of the generation is typed.
        expect(outcome(dir, "esp32")[0]).toBe("built");
    });

    it("2021 boards: the Air302 has no wlan, the Air640W no adc", () => {
        const wlan = writeFirmwareProject({ "src/main.ts": `log.info("t", wlan.ready());\nsys.run();\n` }, { tsconfig: { extends: TSTL_2021 } });
        expect(outcome(wlan, "air302")).toEqual([
            "src/main.ts:1:15 - error LTS1403: module wlan is not in the air302 firmware (its configuration leaves it out), so the air302 declarations do not have it; boards whose firmware has it: air640w",
        ]);
        expect(outcome(wlan, "air640w")[0]).toBe("built");
        const adc = writeFirmwareProject({ "src/main.ts": `log.info("t", adc.read(1));\nsys.run();\n` }, { tsconfig: { extends: TSTL_2021 } });
        expect(outcome(adc, "air640w")).toEqual([
            "src/main.ts:1:15 - error LTS1403: module adc is not in the air640w firmware (its configuration leaves it out), so the air640w declarations do not have it; boards whose firmware has it: air302",
        ]);
        const built = outcome(adc, "air302");
        expect(built[0]).toBe("built");
        expect(built).toContain('src/main.ts:1:15 - warning LTS1404: module adc is in the air302 firmware, but the simulator does not emulate it: on `luatos-ts sim` and in tests its functions raise "adc.<function> is not simulated" (docs/simulated-modules.md)');
    });
});

describe("modules the simulator does not emulate", () => {
    it("today's firmware: the board's other C modules are there and their functions say they are not simulated", async () => {
        const dir = writeFirmwareProject({
            "src/main.ts": `sys.taskInit(() => {
    log.info("types", type(i2c), type(spi), type(gpio), type(mobile));
    const [ok, message] = pcall(() => i2c.setup(0, i2c.FAST));
    log.info("i2c", ok, message);
    spi.setup(0, 1);
});
sys.run();
`,
        }, { tsconfig: { extends: CURRENT_CONFIG } });
        buildWithoutHeap({ cwd: dir, board: "air780epm" });
        const device = bootDevice({ buildDir: path.join(dir, "build/lua"), board: "air780epm", rebootOnCrash: false });
        try {
            await device.run("2s", { stopOnCrash: true });
            const lines = device.log.map(l => l.text);
            expect(lines).toContain("I/user.types userdata userdata userdata userdata");
            expect(lines).toContain("I/user.i2c false i2c.setup is not simulated");
            expect(device.errors.map(e => e.message).join("\n")).toContain("spi.setup is not simulated");
            expect(lines.join("\n")).not.toContain("attempt to index a nil value");
        } finally {
            device.dispose();
        }
    });

    it("today's firmware: constants of those modules read as on the device, or say they are not simulated when the sources do not give them", async () => {
        const dir = writeFirmwareProject({
            "src/main.ts": `sys.taskInit(() => {
    log.info("gpio", gpio.PULLUP, gpio.PULLDOWN, gpio.BOTH, gpio.NONE, math.type(gpio.PULLUP));
    log.info("uart", uart.None, uart.EVEN, uart.VUART_0, i2c.FAST, i2c.HSMODE, socket.ETH0);
    log.info("fonts", type(u8g2.font_opposansm12), rawequal(u8g2.font_opposansm12, u8g2.font_opposansm12), rawequal(u8g2.font_opposansm12, u8g2.font_unifont_t_symbols));
    // Constants of other chips (EC618, BK72XX): their #if is false in the PC build, so they read nil as there.
    log.info("omitted", type((gpio as unknown as Record<string, unknown>).AUDIOPA_EN), type((gpio as unknown as Record<string, unknown>).WAKEUP12));
    // AIRUI_LUA_KEY_0 is an SDL key code in SDL builds and a character otherwise (luat_airui.h): no one value is known.
    const [ok, message] = pcall(() => airui.KEY_0);
    log.info("unknown", ok, message);
});
sys.run();
`,
        }, { tsconfig: { extends: PC_CONFIG } });
        buildWithoutHeap({ cwd: dir, board: "pc" });
        const device = bootDevice({ buildDir: path.join(dir, "build/lua"), board: "pc", rebootOnCrash: false });
        try {
            await device.run("2s");
            const lines = device.log.map(l => l.text);
            // luat_gpio.h: Luat_GPIO_PULLUP 1, PULLDOWN 2, BOTH 2, LUAT_GPIO_NONE 255; luat_uart.h: LUAT_VUART_ID_0 0x20; luat_i2c.h enum: FAST 1, HSMODE 3.
            expect(lines).toContain("I/user.gpio 1 2 2 255 integer");
            expect(lines).toContain("I/user.uart 0 2 32 1 3 17");
            expect(lines).toContain("I/user.fonts userdata true false");
            expect(lines).toContain("I/user.omitted nil nil");
            expect(lines).toContain("I/user.unknown false airui.KEY_0 is not simulated");
        } finally {
            device.dispose();
        }
    });

    for (const board of ["pc", "air780epm", "air640w", "air302"]) {
        it(`${board}: every function the firmware registers in an emulated module is there (emulated, or saying it is not simulated)`, async () => {
            const profile = BOARDS[board]!;
            const functions = [...emulatedModuleFunctions({ name: board, generation: profile.generation ?? "2021" })].flatMap(([m, names]) => names.map(n => `${m}.${n}`));
            expect(functions.length).toBeGreaterThan(50);
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-gaps-"));
            try {
                fs.writeFileSync(
                    path.join(dir, "main.lua"),
                    `local missing = {}\nfor _, full in ipairs({${functions.map(f => JSON.stringify(f)).join(", ")}}) do\n  local m, k = full:match("^([^.]+)%.(.+)$")\n  if type(_G[m][k]) ~= "function" then missing[#missing + 1] = full end\nend\nlog.info("missing", "[" .. table.concat(missing, " ") .. "]")\n`,
                );
                const device = bootDevice({ buildDir: dir, board, rebootOnCrash: false });
                try {
                    await device.run("1s");
                    expect(device.log.map(l => l.text).find(l => l.includes("user.missing"))).toMatch(/user\.missing\s\[\]$/);
                } finally {
                    device.dispose();
                }
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    }

    it("the Air302's 2021 firmware: its own modules (pm, adc) say not simulated, and wlan is absent", async () => {
        const dir = writeFirmwareProject({
            "src/main.ts": `log.info("types", type(pm), type(adc), type((_G as unknown as Record<string, unknown>).wlan), type(json));
const [ok, message] = pcall(() => pm.request(pm.IDLE));
log.info("pm", ok, message);
sys.run();
`,
        }, { tsconfig: { extends: TSTL_2021 } });
        buildWithoutHeap({ cwd: dir, board: "air302" });
        const device = bootDevice({ buildDir: path.join(dir, "build/lua"), board: "air302", rebootOnCrash: false });
        try {
            await device.run("1s");
            const lines = device.log.map(l => l.text);
            expect(lines).toContain("I/user.types\tuserdata\tuserdata\tnil\tuserdata");
            expect(lines).toContain("I/user.pm\tfalse\tpm.request is not simulated");
        } finally {
            device.dispose();
        }
    });

    it("a heap step stopped by a function that is not simulated is a warning (LTS2006), and the build is written", async () => {
        const dir = writeFirmwareProject({ "src/main.ts": `sys.taskInit(() => {\n    i2c.setup(0, i2c.FAST);\n});\nsys.run();\n` }, { tsconfig: { extends: PC_CONFIG } });
        const result = await buildFirmware({ cwd: dir, board: "pc", lua: false });
        const lines = result.diagnostics.map(d => formatDiagnostic(d, dir));
        expect(lines).toContain(
            "warning LTS2006: the firmware called i2c.setup within 10 s of boot, which the simulator does not emulate (docs/simulated-modules.md), so the heap step stopped there: the Lua heap after boot is not measured",
        );
        expect(result.files.map(f => f.name)).toContain("main.lua");
    });
});
