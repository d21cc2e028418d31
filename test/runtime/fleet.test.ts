import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../common/user-error.js";
import { runFleet } from "../../runtime/index.js";
import { luaFirmware, mainLua, removeTemporaryFolders } from "./helpers.js";

afterAll(removeTemporaryFolders);

/** A heartbeat whose task fails at its 30th beat (300 s): every device crashes once and reboots. */
const HEARTBEAT = mainLua(`
    sys.taskInit(function()
        local n = 0
        while true do
            sys.wait(10000)
            n = n + 1
            log.info("beat", n)
            if n == 30 then local t = nil; log.info("x", t.y) end
        end
    end)
`);

describe("fleets of simulated devices on worker threads", () => {
    it("runs every device, sums reboots and errors, and gives the same per-device results with 1 or 2 workers", async () => {
        const buildDir = luaFirmware({ "main.lua": HEARTBEAT });
        const seen: number[] = [];
        const two = await runFleet({ devices: 5, buildDir, duration: "10m", workers: 2, onDevice: s => seen.push(s.index) });
        expect(two.workers).toBe(2);
        expect(two.devices).toHaveLength(5);
        expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
        for (const [i, device] of two.devices.entries()) {
            expect(device.index).toBe(i);
            expect(device.seed).toBe(1 + i);
            expect(device.deviceTimeMs).toBe(600_000);
            // A task error at 300 s: sys logs it, the VM exits 500 ms later, the device reboots 30 s after.
            expect(device.errors).toEqual({ crash: 1 });
            expect(device.reboots).toBe(1);
            expect(device.firstError).toMatch(/attempt to index a nil value/);
            // At least the fresh firmware's base (9.8 KB modelled, docs/heap.md).
            expect(device.heapHighWater).toBeGreaterThan(9_000);
            expect(device.logLines).toBeGreaterThan(30);
        }
        expect(two.reboots).toBe(5);
        expect(two.errors).toEqual({ crash: 5 });
        expect(two.devicesWithErrors).toBe(5);
        const one = await runFleet({ devices: 5, buildDir, duration: "10m", workers: 1 });
        const strip = (r: typeof one) => r.devices.map(({ wallMs: _, ...rest }) => rest);
        expect(strip(one)).toEqual(strip(two));
    });

    it("rejects a bad fleet with one clear message before starting workers", async () => {
        const buildDir = luaFirmware({ "main.lua": HEARTBEAT });
        await expect(runFleet({ devices: 0, buildDir, duration: "1m" })).rejects.toThrow(UserError);
        await expect(runFleet({ devices: 2, buildDir, duration: "1m", board: "nope" })).rejects.toThrow(/unknown board "nope"/);
        await expect(runFleet({ devices: 2, buildDir: "/nonexistent/luatos", duration: "1m" })).rejects.toThrow(UserError);
    });
});
