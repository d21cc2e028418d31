import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../../compiler/build.js";
import { SimulatedDevice, VM_EXIT_REBOOT_MS } from "../../runtime/index.js";
import { deviceFor, luaFirmware, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

describe("crash, reboot and the watchdog", () => {
    it("a task error is logged with its traceback, the VM exits 500 ms later and main.lua runs again after 30 s", async () => {
        const device = deviceFor(`
            log.info("boot", 1)
            sys.taskInit(function() sys.wait(100) local t = nil; log.info("x", t.y) end)
        `, { firmwareLogs: true });
        await device.run(`${VM_EXIT_REBOOT_MS + 1000}ms`);
        const lines = userLines(device);
        expect(lines[1]).toMatch(/^E\/user\.coroutine\.resume\t\/main\.lua:6: attempt to index a nil value/);
        const exit = device.log.find(l => l.text === "E/luat.main Lua VM exit!! reboot in 30s")!;
        expect(exit.timeMs).toBe(600);
        expect(device.log.find(l => l.text === "E/lua.err LUAT: ")!.timeMs).toBe(600);
        expect(device.reboots).toBe(1);
        expect(device.log.filter(l => l.text === "I/user.boot\t1").map(l => l.timeMs)).toEqual([0, 30600]);
        expect(device.crashes).toBe(1);
        expect(device.errors[0]!.location).toMatchObject({ file: "main.lua", line: 6 });
    });

    it("stops at a crash when asked (the CLI without --reboot)", async () => {
        const device = deviceFor(`error("boom")`, { rebootOnCrash: false });
        const result = await device.run("1m", { stopOnCrash: true });
        expect(result.reason).toBe("crash");
        expect(device.errors[0]!.message).toBe("/main.lua:4: boom");
        // luat_main.c report: two C log lines at error level, the second ending in the message's own newline.
        expect(userLines(device)).toEqual(["E/lua.err LUAT: ", "E/lua.err /main.lua:4: boom", ""]);
        device.dispose();
    });

    it("stops a task that never yields with the watchdog and reboots 15 s later", async () => {
        const device = deviceFor(`
            log.info("boot", 1)
            sys.taskInit(function() sys.wait(10) local i = 0 while true do pcall(function() while true do i = i + 1 end end) end end)
        `, { watchdogInstructions: 200_000 });
        await device.run("20s");
        expect(device.errors[0]!.kind).toBe("watchdog");
        expect(device.errors[0]!.location).toMatchObject({ file: "main.lua", line: 6 });
        expect(device.reboots).toBe(1);
        expect(userLines(device).filter(l => l === "I/user.boot\t1")).toHaveLength(2);
        device.dispose();
    });

    for (const [where, body, line] of [
        ["at top level", `sys.wait(100)`, 4],
        ["in a subscribe callback", `sys.subscribe("X", function() sys.waitUntil("Y", 10) end)\nsys.timerStart(sys.publish, 50, "X")`, 4],
        ["in a socket callback", `local so = socket.tcp()\nso:on("connect", function() sys.wait(10) end)\nso:start("10.0.0.1", 80)`, 5],
    ] as const) {
        it(`waiting ${where} fails with "attempt to yield from outside a coroutine"`, async () => {
            const device = deviceFor(body, { rebootOnCrash: false });
            await device.run("30s");
            expect(device.errors).toHaveLength(1);
            expect(device.errors[0]!.luaMessage).toBe("attempt to yield from outside a coroutine");
            expect(device.errors[0]!.message).toBe(`main.lua:${line}: attempt to yield from outside a coroutine`);
            expect(userLines(device)).toContain("E/lua.err attempt to yield from outside a coroutine");
            device.dispose();
        });
    }

    it("a boot loop keeps counting reboots, and the same run twice gives the same log", async () => {
        const body = `log.info("up", os.time()) sys.timerStart(function() error("late") end, 2000)`;
        const runs: string[] = [];
        for (let i = 0; i < 2; i += 1) {
            const device = deviceFor(body);
            await device.run("5m");
            expect(device.reboots).toBe(9);
            runs.push(device.log.map(l => `${l.timeMs} ${l.text}`).join("\n"));
            device.dispose();
        }
        expect(runs[0]).toBe(runs[1]);
    });

    it("rtos.reboot() restarts 100 ms later: a firmware that reboots at boot advances device time", async () => {
        const device = deviceFor(`log.info("boot", 1) rtos.reboot()`);
        await device.run("1s");
        expect(device.reboots).toBe(10);
        const boots = device.log.filter(l => l.text === "I/user.boot\t1").map(l => l.timeMs);
        expect(boots.slice(0, 3)).toEqual([0, 100, 200]);
        device.dispose();
    });

    it("the message bus holds 204 messages (4 KB of 12-byte messages with their 8-byte headers)", async () => {
        const device = deviceFor(`
            sys.taskInit(function()
                for i = 1, 210 do rtos.timer_start(1000 + i, 1) end
                -- tsend blocks the Lua thread past the timers' deadline: their messages pile up on the bus.
                socket.tsend("10.0.0.9", 1, "x")
            end)
        `, { firmwareLogs: true });
        await device.run("1s");
        expect(device.log.filter(l => l.text.includes("msgbus is FULL")).length).toBe(6);
        device.dispose();
    });

    it("maps a crash to the TypeScript file and line through the build's source maps", async () => {
        const dir = luaFirmware({});
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(path.join(dir, "src"), { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "crashy", version: "1.0.0" }));
        fs.writeFileSync(path.join(dir, "tstl.json"), fs.readFileSync("tstl.json", "utf8").replace('"types/index.d.ts"', JSON.stringify(path.resolve("types/index.d.ts"))));
        fs.writeFileSync(
            path.join(dir, "src/main.ts"),
            ["sys.taskInit(() => {", "    sys.wait(10);", "    const table: { x?: { y: number } } = {};", "    log.info(\"x\", table.x!.y);", "});", "sys.run();", ""].join("\n"),
        );
        build({ cwd: dir });
        const device = new SimulatedDevice({ buildDir: path.join(dir, "build/lua"), cwd: dir, rebootOnCrash: false });
        await device.run("10s");
        expect(device.errors).toHaveLength(1);
        expect(device.errors[0]!.location).toMatchObject({ file: path.join("src", "main.ts"), line: 4 });
        expect(device.errors[0]!.message).toMatch(/(^| )src\/main\.ts:4 \(\/main\.lua:\d+\): attempt to index/);
        device.dispose();
    });

    it("sys.wait inside a TSTL async function is reported with its location, not silently skipped", async () => {
        const lualib = fs.readFileSync("node_modules/typescript-to-lua/dist/lualib/universal/lualib_bundle.lua", "utf8");
        const main = [
            'PROJECT = "test"',
            'VERSION = "1.0.0"',
            '_G.sys = require("sys")',
            'local ____lualib = require("lualib_bundle")',
            "local __TS__AsyncAwaiter = ____lualib.__TS__AsyncAwaiter",
            "local function later()",
            "    return __TS__AsyncAwaiter(function(____awaiter_resolve)",
            "        sys.wait(100)",
            "    end)",
            "end",
            "sys.taskInit(function() sys.wait(10) later() end)",
            "sys.run()",
        ].join("\n");
        const device = new SimulatedDevice({ buildDir: luaFirmware({ "main.lua": main, "lualib_bundle.lua": lualib }), rebootOnCrash: false });
        await device.run("10s");
        const error = device.errors.find(e => e.kind === "wait-outside-task");
        expect(error?.location).toMatchObject({ file: "main.lua", line: 8 });
        expect(error?.message).toMatch(/^main\.lua:8: attempt to yield from outside a coroutine/);
        device.dispose();
    });
});
