/**
 * mcu and timer on the simulator alone: what the luatos-pc comparison
 * (cases-current/mcu, cases-current/timer) cannot show because luatos-pc
 * runs on the PC's clock and reads the PC's id. The tick counters follow the
 * virtual clock to the millisecond and restart at each boot, the unique id
 * is the device's own (stable across reboots, different per seed), and
 * timer.mdelay moves device time while the Lua thread waits.
 */
import { afterAll, describe, expect, it } from "vitest";
import { BOARDS } from "../../runtime/index.js";
import { uniqueIdOf, UNIQUE_ID_BYTES } from "../../runtime/firmware/current/mcu.js";
import { currentDevice, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

const texts = (device: { log: { text: string }[] }) => userLines(device.log.map(l => l.text));

describe("mcu ticks on the virtual clock", () => {
    it("start at 0 at boot and grow by exactly the waited time, in ms, µs and ticks2's parts", async () => {
        const device = currentDevice(`
log.info("boot", mcu.ticks(), string.unpack("<I8", (mcu.tick64())))
sys.taskInit(function()
    sys.wait(1500)
    log.info("1500", mcu.ticks(), string.unpack("<I8", (mcu.tick64())), mcu.ticks2(1))
    log.info("us", mcu.ticks2(0))
    log.info("s", mcu.ticks2(2))
end)`);
        await device.run("2s");
        expect(texts(device)).toEqual(["I/user.boot 0 0 9", "I/user.1500 1500 1500000 0 1500", "I/user.us 1 500000", "I/user.s 0 1"]);
        device.dispose();
    });

    it("count from the last boot", async () => {
        const device = currentDevice(`log.info("ticks", mcu.ticks())`);
        await device.run("700ms");
        device.reboot();
        await device.run("300ms");
        expect(device.now).toBeGreaterThanOrEqual(1000);
        expect(texts(device)).toEqual(["I/user.ticks 0", "I/user.ticks 0"]);
        device.dispose();
    });

    it("wrap to negative after 2^31 ms (a 32-bit lua_Integer) while ticks2 keeps counting", async () => {
        const device = currentDevice(`
sys.taskInit(function()
    sys.wait(0x7fffffff)
    log.info("max", mcu.ticks() == math.maxinteger)
    sys.wait(1)
    log.info("wrapped", mcu.ticks() == math.mininteger, mcu.ticks2(1))
end)`);
        await device.run(2 ** 31 + 1000);
        expect(texts(device)).toEqual(["I/user.max true", "I/user.wrapped true 2147 483648"]);
        device.dispose();
    });
});

describe("mcu.unique_id", () => {
    const ids = `log.info("id", mcu.unique_id():toHex(), mcu.muid(), #mcu.unique_id())`;

    it("is 16 bytes drawn from the device's seed, the same after a reboot; muid is its hex", async () => {
        const device = currentDevice(ids, { seed: 7 });
        await device.run("100ms");
        device.reboot();
        await device.run("100ms");
        const hex = Buffer.from(uniqueIdOf(7)).toString("hex").toUpperCase();
        expect(UNIQUE_ID_BYTES).toBe(16);
        expect(texts(device)).toEqual([`I/user.id ${hex} ${hex} 16`, `I/user.id ${hex} ${hex} 16`]);
        device.dispose();
    });

    it("differs between devices of different seeds", async () => {
        const run = async (seed: number) => {
            const device = currentDevice(ids, { seed });
            await device.run("100ms");
            device.dispose();
            return texts(device)[0];
        };
        const [a, b, c] = [await run(1), await run(2), await run(1)];
        expect(a).not.toBe(b);
        expect(a).toBe(c);
    });
});

describe("timer.mdelay", () => {
    it("moves device time by its argument while timers wait for the Lua thread", async () => {
        const device = currentDevice(`
sys.taskInit(function()
    local fired
    sys.timerStart(function() fired = mcu.ticks() end, 100)
    local t0 = mcu.ticks()
    timer.mdelay(300)
    log.info("mdelay", mcu.ticks() - t0, fired)
    sys.wait(10)
    log.info("timer ran after", fired)
    t0 = mcu.ticks()
    timer.mdelay(1024)
    timer.mdelay(2.0)
    timer.mdelay("5")
    timer.udelay(3000)
    log.info("ignored", mcu.ticks() - t0)
end)`);
        await device.run("1s");
        expect(texts(device)).toEqual(["I/user.mdelay 300 nil", "I/user.timer ran after 300", "I/user.ignored 0"]);
        device.dispose();
    });
});

describe("mcu on the Air780EPM", () => {
    it("has altfun in iomux's place, not simulated", async () => {
        const device = currentDevice(`
local names = {}
for k in pairs(mcu) do names[#names + 1] = k end
log.info("mcu", mcu.iomux, table.concat(names, " ", 6, 9), pcall(mcu.altfun, mcu.UART, 2, 25, 3))`, { board: BOARDS.air780epm! });
        await device.run("100ms");
        expect(texts(device)).toEqual(["I/user.mcu nil dtick64 hardfault altfun XTALRefOutput false mcu.altfun is not simulated"]);
        device.dispose();
    });
});
