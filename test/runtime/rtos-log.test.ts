import { afterAll, describe, expect, it } from "vitest";
import { deviceFor, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

describe("log and print", () => {
    it("prints L/user.<tag> and tab-joined values through the global print", async () => {
        const device = deviceFor(`
            log.info("net", "ready", 1, 2.5, true, nil)
            log.debug("d", "x") log.warn("w", "y") log.error("e", "z")
            log.info("onlytag")
            log.info()
            print("a", 1, nil)
            local old = print
            print = function(...) old("wrapped", ...) end
            log.info("via", "print")
        `);
        await device.run("1s");
        expect(userLines(device)).toEqual([
            "I/user.net\tready\t1\t2.500000\ttrue\tnil",
            "D/user.d\tx",
            "W/user.w\ty",
            "E/user.e\tz",
            "I/user.onlytag",
            "a\t1\tnil",
            "wrapped\tI/user.via\tprint",
        ]);
        device.dispose();
    });

    it("filters by level and accepts names and numbers", async () => {
        const device = deviceFor(`
            log.setLevel("WARN") log.info("i", 1) log.warn("w", 1)
            log.setLevel(log.LOG_DEBUG) log.debug("d", log.getLevel())
            log.setLevel("SILENT") log.error("e", 1)
            log.setLevel("bogus") log.error("e", 2)
        `);
        await device.run("1s");
        expect(userLines(device)).toEqual(["W/user.w\t1", "D/user.d\t1"]);
        device.dispose();
    });
});

describe("rtos", () => {
    it("timer_start returns 1/0, ms < 1 fails, and receive returns (MSG_TIMER, id, repeat)", async () => {
        const device = deviceFor(`
            log.info("start", rtos.timer_start(7, 0), rtos.MSG_TIMER, rtos.INF_TIMEOUT)
            log.info("ok", rtos.timer_start(5, 100, 2))
            for i = 1, 3 do log.info("msg", rtos.receive(-1)) end
            log.info("timeout", rtos.receive(50))
            rtos.timer_start(6, 10, -1)
            for i = 1, 2 do log.info("loop", rtos.receive(-1)) end
            rtos.timer_stop(6)
            log.info("stopped", rtos.receive(100))
        `);
        await device.run("2s");
        expect(userLines(device).slice(0, 8)).toEqual([
            "I/user.start\t0\t1\t-1",
            "I/user.ok\t1",
            "I/user.msg\t1\t5\t2",
            "I/user.msg\t1\t5\t1",
            "I/user.msg\t1\t5\t0",
            "I/user.timeout\t-1",
            "I/user.loop\t1\t6\t-1",
            "I/user.loop\t1\t6\t-1",
        ]);
        expect(userLines(device)[8]).toBe("I/user.stopped\t-1");
        device.dispose();
    });

    it("a negative timer period is a huge unsigned one: RT-Thread's assertion stops the Lua thread for good", async () => {
        const device = deviceFor(`
            sys.timerLoopStart(function() log.info("tick", 1) end, 100)
            sys.taskInit(function()
                log.info("before", 1)
                rtos.timer_start(7, -5)
                log.info("never", 1)
            end)
        `);
        await device.run("2s");
        expect(userLines(device).slice(0, 2)).toEqual(["I/user.before\t1", "(timer->init_tick < RT_TICK_MAX / 2) assertion failed at function:rt_timer_start, line number:364 "]);
        expect(userLines(device).some(l => l.startsWith("I/user.never") || l.startsWith("I/user.tick"))).toBe(false);
        expect(device.reboots).toBe(0);
        device.dispose();
    });

    it("log.setLevel knows exactly SILENT/DEBUG/INFO/WARN/ERROR; other names (no object-prototype lookups) silence all", async () => {
        const device = deviceFor(`
            for _, name in ipairs({ "constructor", "__proto__", "hasOwnProperty", "FATAL", "INFO" }) do
                log.setLevel(name)
                local level = log.getLevel()
                log.setLevel("DEBUG")
                log.info("level", name, level)
            end
            log.info("silent", log.LOG_SILENT)
        `);
        await device.run("1s");
        expect(userLines(device)).toEqual([
            "I/user.level\tconstructor\t7",
            "I/user.level\t__proto__\t7",
            "I/user.level\thasOwnProperty\t7",
            "I/user.level\tFATAL\t7",
            "I/user.level\tINFO\t2",
            "I/user.silent\t7",
        ]);
        device.dispose();
    });

    it("reports the board's identity and a heap estimate that grows", async () => {
        const device = deviceFor(`
            log.info("id", rtos.firmware(), rtos.version(), rtos.bsp(), rtos.buildDate())
            local keep = {}
            sys.taskInit(function()
                local _, before = rtos.meminfo()
                for i = 1, 500 do keep[i] = string.rep("x", 20) .. i end
                local total, after, max = rtos.meminfo()
                log.info("mem", total, after > before + 5000, max >= after, collectgarbage("count") > 0)
                log.info("sys", rtos.meminfo("sys"))
            end)
        `);
        await device.run("1s");
        const lines = userLines(device);
        expect(lines[0]).toBe("I/user.id\tLuatOS_V0005_w60x\tV0005\tw60x\tMar 24 2021");
        // The 64 KB Lua pool as bget counts it (free plus allocated), whatever the budget of the board.
        expect(lines[1]).toBe("I/user.mem\t65528\ttrue\ttrue\ttrue");
        expect(lines[2]).toMatch(/^I\/user\.sys\t\d+\t\d+\t\d+$/);
        expect(device.meminfo().used).toBeGreaterThan(0);
        device.dispose();
    });

    it("os.time and os.date follow the device clock (UTC)", async () => {
        const device = deviceFor(`
            sys.taskInit(function()
                log.info("t0", os.time(), os.date("%Y-%m-%d %H:%M:%S"))
                sys.wait(90000)
                log.info("t1", os.time(), os.date("!%H:%M:%S"), os.time({year=2021, month=3, day=24, hour=0}))
            end)
        `);
        await device.run("2m");
        expect(userLines(device)).toEqual(["I/user.t0\t0\t1970-01-01 00:00:00", "I/user.t1\t90\t00:01:30\t1616544000"]);
        device.dispose();
    });

    it("rtos.reboot restarts main.lua at once in a fresh state", async () => {
        const device = deviceFor(`
            counter = (counter or 0) + 1
            log.info("boot", counter)
            sys.taskInit(function() sys.wait(1000) rtos.reboot() log.info("never", 1) end)
        `);
        await device.run("2500ms");
        expect(userLines(device)).toEqual(["I/user.boot\t1", "I/user.boot\t1", "I/user.boot\t1"]);
        expect(device.reboots).toBe(2);
        device.dispose();
    });
});
