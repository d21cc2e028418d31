/**
 * How the 2021 firmware starts main.lua and reports an error nothing caught
 * (luat_main.c: pmain runs `require("main")` with luaL_dostring; report
 * prints through lua_writestringerror, the `lua.err` C log): the simulator
 * prints what the device prints, and luatos2021 (the firmware's own C code)
 * prints what the simulator prints.
 */
import { afterAll, describe, expect, it } from "vitest";
import { SimulatedDevice } from "../../runtime/index.js";
import { luaFirmware, removeTemporaryFolders, userLines } from "./helpers.js";
import { requireReferenceBinary, runLuatos2021 } from "../support/reference-programs.js";

afterAll(removeTemporaryFolders);

/** Runs `main` (no sys) until it ends; its lines without the boot banner, the VM's exit line and simulator notes. */
async function onSimulator(main: string): Promise<{ lines: string[]; device: SimulatedDevice }> {
    const device = new SimulatedDevice({ buildDir: luaFirmware({ "main.lua": main }), firmwareLogs: false, rebootOnCrash: false });
    await device.run("1s");
    device.dispose();
    return { lines: userLines(device).filter(line => !line.startsWith("[sim]")), device };
}

function sameAsDevice(name: string, main: string, expected: string[]): void {
    describe(name, () => {
        let simulated: string[] | undefined;
        const simulate = async () => (simulated ??= (await onSimulator(main)).lines);
        it("the simulator prints what the device prints", async () => {
            expect(await simulate()).toEqual(expected);
        });
        it("luatos2021 prints the same", async ctx => {
            const binary = requireReferenceBinary(ctx, "luatos2021");
            expect(await runLuatos2021(binary, main, { forMs: 1500 })).toEqual(await simulate());
        });
    });
}

describe("an error main.lua does not catch (2021 firmware)", () => {
    sameAsDevice("is reported as two lua.err log lines, the message's own newline leaving an empty line", `log.info("m", "start")\nerror("boom")`, [
        "I/user.m\tstart",
        "E/lua.err LUAT: ",
        "E/lua.err /main.lua:2: boom",
        "",
    ]);

    sameAsDevice("a message of a number is printed as lua_tostring gives it", `error(12.5)`, ["E/lua.err LUAT: ", "E/lua.err 12.50000", ""]);

    sameAsDevice("a long message is cut after 1023 bytes of the formatted text, its newline lost", `error(string.rep("y", 1100))`, [
        "E/lua.err LUAT: ",
        `E/lua.err /main.lua:1: ${"y".repeat(1023 - "/main.lua:1: ".length)}`,
    ]);

    sameAsDevice("log.setLevel(\"SILENT\") hides the report (it is a C log at error level)", `log.setLevel("SILENT")\nerror("hidden")`, []);

    sameAsDevice("require's errors carry the caller's position, as luaL_error gives it", `print(pcall(require, "nosuch"))\nrequire "nosuch"`, [
        "false\tmodule 'nosuch' not found",
        "E/lua.err LUAT: ",
        "E/lua.err /main.lua:2: module 'nosuch' not found",
        "",
    ]);

    it("an error object that is not a string faults the C code printing it: no 'Lua VM exit', no reboot (luatos2021 dies of a signal there)", async ctx => {
        const main = `log.info("m", "start")\nerror({})`;
        const { lines, device } = await onSimulator(main);
        expect(lines).toEqual(["I/user.m\tstart", "E/lua.err LUAT: "]);
        expect(device.errors[0]!.luaMessage).toMatch(/^hard fault: /);
        expect(device.reboots).toBe(0);
        expect(device.log.some(l => l.text.includes("Lua VM exit"))).toBe(false);
        const binary = requireReferenceBinary(ctx, "luatos2021");
        expect(await runLuatos2021(binary, main, { forMs: 1500 })).toEqual(lines);
    });
});

describe("tracebacks of the main thread (2021 firmware)", () => {
    sameAsDevice(
        "end in require's frame, the boot chunk and luat_main's C function; skipped tail calls read '(...tail calls...)'",
        [
            "local function inner() print(debug.traceback('tb')) return 1 end",
            "local function outer() return inner() end",
            "outer()",
            "local co = coroutine.create(function() local function f() coroutine.yield() end local function g() return f() end g() end)",
            "coroutine.resume(co)",
            "print(debug.traceback(co))",
        ].join("\n"),
        [
            "tb",
            "stack traceback:",
            "\t/main.lua:1: in function </main.lua:1>",
            "\t(...tail calls...)",
            "\t/main.lua:3: in main chunk",
            "\t[C]: in function 'require'",
            '\t[string "require("main")"]:1: in main chunk',
            "\t[C]: in ?",
            "stack traceback:",
            "\t[C]: in field 'yield'",
            "\t/main.lua:4: in function </main.lua:4>",
            "\t(...tail calls...)",
            "\t/main.lua:4: in function </main.lua:4>",
        ],
    );

    it("an uncaught error keeps its position for the error record (decode maps it to the source)", async () => {
        const { device } = await onSimulator(`local function f() error("deep") end\nlocal function g() return f() end\ng()`);
        expect(device.errors[0]!.luaMessage).toBe("/main.lua:1: deep");
        expect(device.errors[0]!.location).toMatchObject({ file: "main.lua", line: 1 });
        expect(device.errors[0]!.traceback).toContain("(...tail calls...)");
        expect(device.errors[0]!.traceback).toContain('[string "require("main")"]:1: in main chunk');
    });
});

describe("tracebacks on today's firmware (board pc)", () => {
    it("skipped tail calls read '(...tail calls...)' as C Lua (luatos-pc) writes them", async () => {
        const device = new SimulatedDevice({
            buildDir: luaFirmware({ "main.lua": "local function inner() print(debug.traceback('tb')) return 1 end\nlocal function outer() return inner() end\nouter()\n" }),
            board: "pc",
            firmwareLogs: false,
            rebootOnCrash: false,
        });
        await device.run("1s");
        device.dispose();
        const lines = device.log.map(l => l.text);
        expect(lines).toContain("\t(...tail calls...)");
        expect(lines).not.toContain("\t(...tail calls..)");
    });
});
