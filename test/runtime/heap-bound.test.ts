import { afterAll, describe, expect, it } from "vitest";
import { BOARDS, VM_EXIT_REBOOT_MS } from "../../runtime/index.js";
import { deviceFor, removeTemporaryFolders } from "./helpers.js";

afterAll(removeTemporaryFolders);

/** A reconnect-style loop that keeps one small table per cycle in a global: the heap grows by the same bytes every cycle. */
const LEAKING_LOOP = `
    leaked = {}
    sys.taskInit(function()
        local cycle = 0
        while true do
            sys.wait(10000)
            cycle = cycle + 1
            leaked[#leaked + 1] = { id = cycle, host = "collector.example" }
            local _, used = rtos.meminfo()
            log.info("cycle", cycle, used)
        end
    end)
`;

function cycles(lines: string[]): { cycle: number; used: number }[] {
    return lines.filter(t => t.startsWith("I/user.cycle\t")).map(t => {
        const [, cycle, used] = t.split("\t");
        return { cycle: Number(cycle), used: Number(used) };
    });
}

describe("the Lua heap is bounded like the device's", () => {
    it("air640w's pool is 64 KB, counted with the 32-bit model", () => {
        expect(BOARDS.air640w!.luaPool).toBe(64 * 1024);
    });

    it("a firmware that leaks a table per cycle runs out after the cycles the model predicts, crashes with 'not enough memory' and reboots", async () => {
        const device = deviceFor(LEAKING_LOOP, { firmwareLogs: true, keepLog: true });
        const limit = device.heapLimit!;
        expect(limit).toBe(64 * 1024);
        await device.run("3h", { until: { log: "Lua VM exit" } });
        const seen = cycles(device.log.map(l => l.text));
        const first = seen[9]!;
        const later = seen[59]!;
        const perCycle = (later.used - first.used) / (later.cycle - first.cycle);
        expect(perCycle).toBeGreaterThan(20);
        expect(perCycle).toBeLessThan(200);
        const predicted = first.cycle + (limit - first.used) / perCycle;
        const lastCycle = seen[seen.length - 1]!.cycle;
        // Hash parts double, so growth comes in steps: allow a few percent either way.
        expect(Math.abs(lastCycle - predicted) / predicted).toBeLessThan(0.05);
        const error = device.errors.find(e => e.message.includes("not enough memory"));
        expect(error).toBeDefined();
        expect(device.logText()).toMatch(/not enough memory/);
        expect(device.heapHighWater).toBeGreaterThan(limit - 2 * perCycle - 1024);
        expect(device.heapHighWater).toBeLessThan(limit + 4096);
        // The device restarts 30 s after the VM exit and main.lua runs again with an empty heap.
        const exit = device.log.find(l => l.text.includes("Lua VM exit"))!;
        await device.run(VM_EXIT_REBOOT_MS + 15_000);
        expect(device.reboots).toBe(1);
        expect(device.log.some(l => l.boot === 1 && l.text === "I/user.cycle\t1\t" + String(seen[0]!.used))).toBe(true);
        expect(exit.timeMs).toBeGreaterThan(lastCycle * 10_000);
        device.dispose();
    });

    it("outside a task, running out of memory ends the VM at once (no sys report)", async () => {
        const device = deviceFor(`
            hoard = {}
            sys.timerLoopStart(function() for i = 1, 200 do hoard[#hoard + 1] = { i } end end, 1000)
        `, { firmwareLogs: true, heapLimit: 40 * 1024 });
        await device.run("10m", { until: { log: "Lua VM exit" } });
        expect(device.errors[0]!.kind).toBe("crash");
        // The error carries no position (LUA_ERRMEM); the report adds the firmware line that was running.
        expect(device.errors[0]!.message).toMatch(/^(main\.lua:\d+: )?not enough memory$/);
        expect(device.logText()).toContain("E/lua.err LUAT: \nE/lua.err not enough memory\n");
        device.dispose();
    });

    it("a firmware that only churns short-lived strings runs a device-day without running out", async () => {
        const device = deviceFor(`
            sys.taskInit(function()
                local n = 0
                while true do
                    sys.wait(10000)
                    n = n + 1
                    local text = string.rep("sample ", 20) .. n .. os.time()
                    local parts = {}
                    for word in text:gmatch("%S+") do parts[#parts + 1] = word:upper() end
                    if n % 60 == 0 then log.info("hour", n // 360, #table.concat(parts, ",")) end
                end
            end)
        `, { keepLog: true });
        await device.run("24h");
        expect(device.errors).toEqual([]);
        expect(device.reboots).toBe(0);
        expect(device.log.filter(l => l.text.startsWith("I/user.hour")).length).toBe(144);
        expect(device.heapHighWater).toBeGreaterThan(10_000);
        expect(device.heapHighWater).toBeLessThan(device.heapLimit!);
        device.dispose();
    });

    it("heapLimit: false turns the bound off", async () => {
        const device = deviceFor(`
            hoard = {}
            sys.timerLoopStart(function() for i = 1, 200 do hoard[#hoard + 1] = { i } end end, 1000)
        `, { heapLimit: false });
        await device.run("2m");
        expect(device.heapLimit).toBeUndefined();
        expect(device.errors).toEqual([]);
        device.dispose();
    });

    it("meminfo twice with nothing run between gives the same figure", async () => {
        const device = deviceFor(`sys.taskInit(function() sys.wait(100) local a, b = rtos.meminfo() local c, d = rtos.meminfo() log.info("same", b == d) end)`, {});
        await device.run("1s");
        expect(device.log.map(l => l.text)).toContain("I/user.same\ttrue");
        const first = device.meminfo();
        expect(device.meminfo()).toEqual(first);
        device.dispose();
    });
});
