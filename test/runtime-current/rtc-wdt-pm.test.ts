/**
 * rtc, wdt and pm on the simulator alone: what the luatos-pc comparison
 * (cases-current/rtc, wdt, pm) cannot show because luatos-pc's clock is the
 * PC's. rtc.get reads the virtual device clock that os.time reads; rtc.set
 * leaves the PC board's clock alone (its port's setter is empty) and moves
 * a module board's, os.time and os.date following; a fed or unfed
 * watchdog never resets the device; pm.shutdown stops it for good.
 */
import { afterAll, describe, expect, it } from "vitest";
import { BOARDS } from "../../runtime/index.js";
import { currentDevice, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

const texts = (device: { log: { text: string }[] }) => userLines(device.log.map(l => l.text));

const SET_AND_READ = `
local function get() local t = rtc.get() return string.format("%04d-%02d-%02d %02d:%02d:%02d", t.year, t.mon, t.day, t.hour, t.min, t.sec) end
sys.taskInit(function()
    sys.wait(2000)
    log.info("boot", get(), os.time())
    log.info("set", rtc.set({year = 2024, mon = 2, day = 29, hour = 23, min = 59, sec = 30}))
    sys.wait(45000)
    log.info("table", get(), os.time(), os.date("!%Y-%m-%d %H:%M:%S"))
    log.info("stamp", rtc.set(1700000000), os.time(), get())
    log.info("bad", rtc.set({year = 2024, mon = 2, day = 30, hour = 0, min = 0, sec = 0}), os.time())
end)`;

describe("rtc on the virtual clock", () => {
    it("reads the device clock and, on the PC board, leaves it where it is after set", async () => {
        const device = currentDevice(SET_AND_READ);
        await device.run("50s");
        expect(texts(device)).toEqual([
            "I/user.boot 1970-01-01 00:00:02 2",
            "I/user.set true",
            "I/user.table 1970-01-01 00:00:47 47 1970-01-01 00:00:47",
            "I/user.stamp true 47 1970-01-01 00:00:47",
            "I/user.bad false 47",
        ]);
        device.dispose();
    });

    it("moves a module board's clock, which os.time and os.date follow", async () => {
        const device = currentDevice(SET_AND_READ, { board: BOARDS.air780epm! });
        await device.run("50s");
        expect(texts(device)).toEqual([
            "I/user.boot 1970-01-01 00:00:02 2",
            "I/user.set true",
            "I/user.table 2024-03-01 00:00:15 1709251215 2024-03-01 00:00:15",
            "I/user.stamp true 1700000000 2023-11-14 22:13:20",
            "I/user.bad false 1700000000",
        ]);
        device.dispose();
    });
});

describe("wdt and pm", () => {
    it("never reset the device, fed or not", async () => {
        const device = currentDevice(`
log.info("init", wdt.init(1000))
sys.taskInit(function()
    sys.wait(60000)
    log.info("alive", mcu.ticks())
end)`);
        await device.run("61s");
        expect(texts(device)).toEqual(["I/user.init true", "I/user.alive 60000"]);
        device.dispose();
    });

    it("pm.shutdown stops the firmware: nothing after it runs, timers included", async () => {
        const device = currentDevice(`
sys.timerLoopStart(function() log.info("tick") end, 400)
sys.taskInit(function()
    sys.wait(1000)
    pm.shutdown()
    log.info("after")
end)`);
        await device.run("5s");
        expect(texts(device)).toEqual(["I/user.tick", "I/user.tick"]);
        expect(device.log.map(l => l.text)).toContain("[sim] pm.shutdown: exit(0): the firmware stopped");
        device.dispose();
    });
});

describe("the boards' modules", () => {
    it("leave iotauth out where the firmware does not open it, and pm's charger calls not simulated where it does", async () => {
        const probe = `log.info("has", type(iotauth), type(rtc), type(pm))\nlog.info("chg", pcall(pm.chgcmd, nil, 1, 2))`;
        const lines: string[] = [];
        for (const board of ["air101", "air8000", "pc"]) {
            const device = currentDevice(probe, { board: BOARDS[board]! });
            await device.run("1s");
            lines.push(...texts(device).map(l => `${board} ${l}`));
            device.dispose();
        }
        expect(lines).toEqual([
            "air101 I/user.has nil userdata userdata",
            "air101 I/user.chg false attempt to call a nil value",
            "air8000 I/user.has userdata userdata userdata",
            "air8000 I/user.chg false pm.chgcmd is not simulated",
            "pc I/user.has userdata userdata userdata",
            "pc I/user.chg false attempt to call a nil value",
        ]);
    });
});
