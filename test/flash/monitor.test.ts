import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
import { build } from "../../compiler/build.js";
import { BIN, makeTemp, removeTemp, writeProject } from "../cli/helpers.js";
import { openPtyPair, requirePtyTools } from "./pty.js";
import { ModuleEmulator } from "./module-emulator.js";
import { mainLua } from "./helpers.js";
import { writeLuaDb } from "../../image/luadb.js";

/*
 * `luatos-ts monitor` as a user runs it, on a socat pty whose host end is a
 * fixed path (a symbolic link socat makes and removes), so the port can
 * vanish and come back like a USB adapter that is unplugged and plugged in.
 */

const MAIN = `sys.taskInit(() => {
    log.info("main", "boot");
    error("sensor missing"); // THROW
});
sys.run();
`;

/** 1-based line of the first line containing `marker`. */
function lineOf(text: string, marker: string): number {
    const index = text.split("\n").findIndex(l => l.includes(marker));
    if (index < 0) throw new Error(`${marker} not found`);
    return index + 1;
}

/** A CLI process whose stdout and stderr the test waits on. */
class Running {
    stdout = "";
    stderr = "";
    readonly exited: Promise<number | null>;

    constructor(readonly child: ChildProcess) {
        child.stdout!.setEncoding("utf8").on("data", (d: string) => (this.stdout += d));
        child.stderr!.setEncoding("utf8").on("data", (d: string) => (this.stderr += d));
        this.exited = new Promise(resolve => child.once("exit", code => resolve(code)));
    }

    /** Waits until `check` holds; the bound only keeps a broken monitor from hanging the test. */
    async until(what: string, check: (run: Running) => boolean, ms = 240_000): Promise<void> {
        const deadline = Date.now() + ms;
        while (!check(this)) {
            if (Date.now() > deadline || this.child.exitCode !== null) {
                throw new Error(`no ${what} (exit ${this.child.exitCode}); stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
            }
            await new Promise(resolve => setTimeout(resolve, 25));
        }
    }
}

/** The last line the monitor wrote on stderr. */
function lastStatus(run: Running): string {
    return run.stderr.trimEnd().split("\n").at(-1) ?? "";
}

function count(text: string, part: string): number {
    return text.split(part).length - 1;
}

function start(context: TestContext, args: string[], cwd: string): Running {
    const run = new Running(spawn(process.execPath, [BIN, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] }));
    context.onTestFinished(async () => {
        if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
        await run.exited;
    });
    return run;
}

let dir: string;
let luaDir: string;
beforeAll(() => {
    dir = makeTemp("monitor");
    writeProject(dir, { "src/main.ts": MAIN });
    luaDir = build({ cwd: dir }).project.outDir;
}, 600_000);
afterAll(() => removeTemp(dir));

describe("luatos-ts monitor", { timeout: 600_000 }, () => {
    test("prints the log with TypeScript locations, waits while the port is gone, reconnects, stops on SIGTERM", async context => {
        requirePtyTools(context);
        const links = { host: path.join(dir, "ttyUSB-test"), device: path.join(dir, "device-end") };
        const luaThrow = lineOf(fs.readFileSync(path.join(luaDir, "main.lua"), "utf8"), "sensor missing");
        const tsThrow = lineOf(MAIN, "THROW");

        // Started before the port exists: it waits for it.
        const monitor = start(context, ["monitor", "--port", links.host], dir);
        await monitor.until('"waiting for PORT"', run => run.stderr.includes(`luatos-ts: waiting for ${links.host}\n`));

        const first = await openPtyPair(links);
        context.onTestFinished(first.close);
        await monitor.until("connection", run => lastStatus(run).startsWith("luatos-ts: connected to"));
        fs.writeFileSync(links.device, `[2026-11-27 10:00:00.000] I/user.main\tboot\r\nE/user.coroutine.resume\t/luadb/main.lua:${luaThrow}: sensor missing\r\n`);
        await monitor.until("the mapped traceback", run => run.stdout.includes("sensor missing"));
        expect(monitor.stdout).toBe(
            `[2026-11-27 10:00:00.000] I/user.main\tboot\r\nE/user.coroutine.resume\tsrc/main.ts:${tsThrow} (/luadb/main.lua:${luaThrow}): sensor missing\r\n`,
        );

        // Unplugged: socat stops and the link disappears.
        await first.close();
        // Its latest status is "waiting": its last attempt found no port (socat removed the link when it exited),
        // so the next connection can only be to the new pty. Counts are not compared exactly: under load the
        // port may drop more than once while socat exits.
        await monitor.until('"went away" and waiting again', run => run.stderr.includes("went away") && lastStatus(run) === `luatos-ts: waiting for ${links.host}`);

        // Plugged in again at the same path: wait until the monitor's latest status is a new connection.
        const before = monitor.stderr.length;
        const second = await openPtyPair(links);
        context.onTestFinished(second.close);
        await monitor.until("reconnection", run => run.stderr.slice(before).includes("connected to") && lastStatus(run).startsWith("luatos-ts: connected to"));
        fs.writeFileSync(links.device, `main.lua:${luaThrow}: again\r\nmsh />`);
        await monitor.until("the unfinished prompt", run => run.stdout.endsWith("msh />"));
        expect(monitor.stdout).toContain(`src/main.ts:${tsThrow} (main.lua:${luaThrow}): again\r\n`);

        monitor.child.kill("SIGTERM");
        expect(await monitor.exited).toBe(0);
        // One "waiting for" per absence (the start, and after each time it went away), however many times it polled.
        expect(count(monitor.stderr, "waiting for")).toBeGreaterThanOrEqual(2);
        expect(count(monitor.stderr, "waiting for")).toBeLessThanOrEqual(count(monitor.stderr, "went away") + 1);
        expect(monitor.stderr).toMatch(/luatos-ts: monitor stopped\n$/);
        expect(monitor.stderr).not.toMatch(/internal error|\n\s+at /);
    });

    test("a port whose path now leads to another device went away, even while the old one stays silent", async context => {
        requirePtyTools(context);
        // The old pty stays open and silent (no read error, no end of file): only the path tells it is not the port any more,
        // as when an adapter is unplugged and another one takes its name.
        const link = path.join(dir, "ttyUSB-swap");
        const first = await openPtyPair();
        context.onTestFinished(first.close);
        fs.symlinkSync(first.host, link);
        context.onTestFinished(() => fs.rmSync(link, { force: true }));
        const monitor = start(context, ["monitor", "--port", link], dir);
        await monitor.until("connection", run => lastStatus(run).startsWith("luatos-ts: connected to"));

        const second = await openPtyPair();
        context.onTestFinished(second.close);
        fs.rmSync(link);
        fs.symlinkSync(second.host, link);
        await monitor.until('"went away" and a new connection', run => run.stderr.includes("went away") && lastStatus(run).startsWith("luatos-ts: connected to"));
        fs.writeFileSync(second.device, "from the new port\r\n");
        await monitor.until("the new port's log", run => run.stdout.includes("from the new port"));
        monitor.child.kill("SIGTERM");
        expect(await monitor.exited).toBe(0);
    });

    test("bad input is one line and exit 1: no --port, bad --baud, a --build without source maps", async context => {
        const runs = [
            start(context, ["monitor"], dir),
            start(context, ["monitor", "--port", "/dev/null", "--baud", "fast"], dir),
            start(context, ["monitor", "--port", "/dev/null", "--build", "nowhere"], dir),
        ];
        const expected = [
            /^luatos-ts: --port is required: the module's serial port, e\.g\. --port \/dev\/ttyUSB0\n$/,
            /^luatos-ts: --baud must be a positive whole number, got "fast"\n$/,
            /^luatos-ts: build folder not found: nowhere/,
        ];
        for (const [i, run] of runs.entries()) {
            expect(await run.exited, run.stderr).toBe(1);
            expect(run.stderr).toMatch(expected[i]!);
            expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
        }
    });

    test("flash --monitor prints the module's log after flashing", async context => {
        requirePtyTools(context);
        fs.writeFileSync(path.join(dir, "app.bin"), writeLuaDb([{ name: "main.lua", data: mainLua(600) }]));
        const luaThrow = lineOf(fs.readFileSync(path.join(luaDir, "main.lua"), "utf8"), "sensor missing");
        const pty = await openPtyPair();
        context.onTestFinished(pty.close);
        const emulator = await ModuleEmulator.start(pty.device);
        context.onTestFinished(() => emulator.close());
        // In the project: the monitor maps with its build/lua.
        const flash = start(context, ["flash", "--port", pty.host, "--image", "app.bin", "--monitor"], dir);
        await flash.until("the flash and the monitor", run => run.stdout.includes("flashed 1 files") && run.stderr.includes("connected to"));
        await emulator.allRbExited();
        emulator.log(`main.lua:${luaThrow}: after flash\r\n`);
        await flash.until("the module's log", run => run.stdout.includes("after flash"));
        expect(flash.stdout).toContain(`src/main.ts:${lineOf(MAIN, "THROW")} (main.lua:${luaThrow}): after flash\r\n`);
        flash.child.kill("SIGINT");
        expect(await flash.exited).toBe(0);
    });
});
