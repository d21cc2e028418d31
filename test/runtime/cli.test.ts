import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { parseDuration } from "../../runtime/index.js";
import { luaFirmware, mainLua, removeTemporaryFolders } from "./helpers.js";

afterAll(removeTemporaryFolders);

const sim = (...args: string[]) => spawnSync(process.execPath, ["bin/luatos-ts.js", "sim", ...args], { encoding: "utf8", timeout: 60_000 });

describe("durations", () => {
    it("reads ms, s, m, h and rejects anything else", () => {
        expect([parseDuration("1500ms"), parseDuration("10s"), parseDuration("5m"), parseDuration("24h"), parseDuration("1.5s")]).toEqual([1500, 10_000, 300_000, 86_400_000, 1500]);
        for (const bad of ["", "10", "s", "-1s", "5 minutes", "1e3s"]) expect(() => parseDuration(bad)).toThrow(/malformed duration/);
    });
});

describe("luatos-ts sim", () => {
    it("prints the serial log and exits 0 when the duration ends", () => {
        const dir = luaFirmware({ "main.lua": mainLua(`sys.timerLoopStart(function() log.info("beat", os.time()) end, 10000)`) });
        const result = sim(dir, "--for", "35s", "--no-c-logs");
        expect(result.status).toBe(0);
        expect(result.stdout.split("\n").filter(l => l.startsWith("I/user."))).toEqual(["I/user.beat\t10", "I/user.beat\t20", "I/user.beat\t30"]);
    });

    it("exits 1 with the traceback when the firmware crashes, and keeps rebooting with --reboot", () => {
        const dir = luaFirmware({ "main.lua": mainLua(`sys.timerStart(function() error("boom") end, 1000)`) });
        const crash = sim(dir, "--for", "5m");
        expect(crash.status).toBe(1);
        expect(crash.stderr).toContain("main.lua:4: boom");
        expect(crash.stderr).toContain("stack traceback");
        const rebooting = sim(dir, "--for", "2m", "--reboot");
        // Rebooting keeps the device running to the end, but the errors still fail the command.
        expect(rebooting.status).toBe(1);
        expect(rebooting.stderr).toContain("3 reboot(s)");
        expect(rebooting.stderr).toMatch(/^sim: device time 2m, 3 reboot\(s\), 4 error\(s\), heap high-water \d+\.\d KB of 64\.0 KB, 0 socket\(s\) never cleaned$/m);
    });

    it("prints device timestamps, only the firmware's lines when asked, and a summary line", () => {
        const dir = luaFirmware({ "main.lua": mainLua(`sys.timerLoopStart(function() log.info("beat", os.time()) end, 10000)\nsys.timerStart(function() while true do end end, 25000)`) });
        const result = sim(dir, "--for", "35s", "--timestamps", "--firmware-only");
        expect(result.status).toBe(1);
        expect(result.stdout.split("\n").filter(l => l !== "")).toEqual(["[   10.000] I/user.beat\t10", "[   20.000] I/user.beat\t20"]);
        expect(result.stderr).toMatch(/^sim: device time 25s, 0 reboot\(s\), 1 error\(s\), heap high-water/m);
        const all = sim(dir, "--for", "35s");
        expect(all.stdout).toContain("I/luat.main LuatOS@");
        expect(all.stdout).toMatch(/^\[sim\] .*watchdog: a task ran/m);
    });

    it("runs a fleet with --devices and prints its summary", () => {
        const dir = luaFirmware({ "main.lua": mainLua(`sys.timerLoopStart(function() log.info("beat", os.time()) end, 10000)`) });
        const result = sim(dir, "--for", "2m", "--devices", "3", "--workers", "2");
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^fleet: 3 devices x 2m on 2 worker\(s\) in [\d.]+ s wall$/m);
        expect(result.stdout).toMatch(/^fleet: 0 reboot\(s\), errors none \(0 device\(s\) with errors\), heap high-water median [\d.]+ KB, max [\d.]+ KB, 0 socket\(s\) never cleaned, \d+ serial lines$/m);
        expect(sim(dir, "--for", "1m", "--devices", "0").stderr).toContain("--devices 0: expected a whole number of at least 1");
    });

    const scenarioDir = luaFirmware({ "main.lua": mainLua(""), "s.json": '{"bogus": 1}' });
    for (const [what, args, message] of [
        ["a missing build folder", ["/nonexistent/build/lua", "--for", "1s"], /does not exist/],
        ["a folder without main.lua", [luaFirmware({ "x.lua": "" }), "--for", "1s"], /has no main\.lua/],
        ["Lua that does not parse", [luaFirmware({ "main.lua": "local = 1\n", "lib/bad.lua": "x = \n" }), "--for", "1s"], /lib\/bad\.lua:2: unexpected symbol[^]*main\.lua:1: <name> expected/],
        ["a malformed duration", [luaFirmware({ "main.lua": mainLua("") }), "--for", "ten"], /malformed duration "ten"/],
        ["an unknown network", [luaFirmware({ "main.lua": mainLua("") }), "--for", "1s", "--net", "wifi"], /--net wifi/],
        ["an unknown scenario option", [scenarioDir, "--for", "1s", "--scenario", `${scenarioDir}/s.json`], /scenario file .*s\.json.*bogus/],
    ] as const) {
        it(`rejects ${what} with one clear message`, () => {
            const result = sim(...args);
            expect(result.status).not.toBe(0);
            expect(result.stderr).toMatch(message);
            expect(result.stderr).not.toMatch(/internal error|    at /);
        });
    }
});
