import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test, type TestContext } from "vitest";
import { runFlash, type FlashFlags } from "../../cli/commands/flash.js";
import { UserError } from "../../common/user-error.js";
import { resolveFlashImage } from "../../flash/image-source.js";
import { readLuaDb, writeLuaDb } from "../../image/luadb.js";
import { allByteValues, mainLua } from "./helpers.js";
import { ModuleEmulator, type EmulatorOptions } from "./module-emulator.js";
import { openPtyPair, requirePtyTools } from "./pty.js";

/*
 * `luatos-ts flash` as a user runs it: a separate node process, the exit code
 * and what it prints; against the simulated module on a pty where a port is needed.
 */

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/luatos-ts.js");

interface Result {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** Runs the CLI without blocking the event loop (the emulator runs in this process). */
function runCli(args: string[], cwd: string): Promise<Result> {
    return new Promise(resolve => {
        const child = spawn(process.execPath, [BIN, "flash", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        // Bounded, generously: starting the CLI takes seconds, far more on a loaded machine.
        const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
        child.on("close", status => {
            clearTimeout(timer);
            resolve({ status, stdout, stderr });
        });
    });
}

function tempProject({ onTestFinished }: TestContext, files: Record<string, Uint8Array> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-flash-cli-"));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    for (const [name, data] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), data);
    }
    return dir;
}

async function simulatedModule(context: TestContext, options: EmulatorOptions = {}): Promise<{ port: string; emulator: ModuleEmulator }> {
    requirePtyTools(context);
    const { onTestFinished } = context;
    const pty = await openPtyPair();
    onTestFinished(pty.close);
    const emulator = await ModuleEmulator.start(pty.device, options);
    onTestFinished(() => emulator.close());
    return { port: pty.host, emulator };
}

const IMAGE = writeLuaDb([
    { name: "main.lua", data: mainLua(1800) },
    { name: "font.bin", data: allByteValues(700) },
]);

const STALE = new Date(Date.now() - 3600_000);

/** A build folder as `luatos-ts build` leaves it. */
function buildLua(): Record<string, Uint8Array> {
    return {
        "build/lua/main.lua": Buffer.from('PROJECT = "fixture"\nVERSION = "1.0.0"\nlocal sys = require("sys")\nsys.run()\n'),
        "build/lua/sys.lua": Buffer.from("local sys = {}\nfunction sys.run() end\nreturn sys\n"),
    };
}

describe("flash command", { timeout: 600_000 }, () => {
    test.concurrent("--dry-run lists the steps and each file with its size and opens no port", async context => {
        const dir = tempProject(context, { "app.bin": IMAGE });
        const result = await runCli(["--dry-run", "--port", "/dev/does-not-exist", "--image", "app.bin"], dir);
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/would open \/dev\/does-not-exist at 115200 baud/);
        expect(result.stdout).toMatch(new RegExp(`app\\.bin: 2 files, ${IMAGE.length} bytes`));
        expect(result.stdout).toMatch(/"reinit" until a line contains DONE!/);
        expect(result.stdout).toMatch(/YModem main\.lua \(1800 bytes\)/);
        expect(result.stdout).toMatch(/YModem font\.bin \(700 bytes\)/);
    });

    test.concurrent("a missing --port is one line on stderr and exit code 1", async context => {
        const dir = tempProject(context, { "app.bin": IMAGE });
        const result = await runCli(["--image", "app.bin"], dir);
        expect(result.status).toBe(1);
        expect(result.stderr).toBe("luatos-ts: --port is required: the module's serial port, e.g. --port /dev/ttyUSB0\n");
    });

    test.concurrent("each input mistake is a UserError with one line and exit code 1", async context => {
        const dir = tempProject(context, { "app.bin": IMAGE, "bad.bin": Buffer.from("not an image") });
        const flags = { board: "air640w", baud: "115200", retries: "10", port: "/dev/null" };
        const cases: [Partial<FlashFlags>, RegExp][] = [
            [{ board: "air999", image: "app.bin" }, /^unknown board "air999"; known boards: air640w/],
            [{ board: "esp32", image: "app.bin" }, /^flashing esp32 is not supported/],
            [{ image: "missing.bin" }, /^image missing\.bin does not exist/],
            [{ image: "bad.bin" }, /^bad\.bin: not a valid LuaDB image: header magic/],
            [{ image: "app.bin", port: "/dev/no-such-port" }, /^serial port \/dev\/no-such-port does not exist/],
            [{ image: "app.bin", baud: "fast" }, /^--baud must be a positive whole number, got "fast"/],
            [{}, /^nothing to flash: neither build\/script\.bin nor build\/lua exists/],
        ];
        for (const [override, message] of cases) {
            const error = await runFlash({ ...flags, ...override }, dir).catch((e: unknown) => e);
            expect(error, JSON.stringify(override)).toBeInstanceOf(UserError);
            expect((error as UserError).message).toMatch(message);
            expect((error as UserError).message).not.toMatch(/\n/);
            expect((error as UserError).exitCode).toBe(1);
        }
    });

    test.concurrent("without --image: build/script.bin when it is current, else build/lua packed in memory", context => {
        const dir = tempProject(context, buildLua());
        expect(resolveFlashImage({ cwd: dir, board: "air640w" }).source).toBe("build/lua (packed in memory)");
        const packed = resolveFlashImage({ cwd: dir, board: "air640w" }).bytes;
        expect(readLuaDb(packed).files.map(f => f.name).sort()).toEqual(["main.lua", "sys.lua"]);

        fs.writeFileSync(path.join(dir, "build/script.bin"), IMAGE);
        for (const file of ["main.lua", "sys.lua"]) fs.utimesSync(path.join(dir, "build/lua", file), STALE, STALE);
        const current = resolveFlashImage({ cwd: dir, board: "air640w" });
        expect(current.source).toBe("build/script.bin");
        expect(current.bytes.equals(IMAGE)).toBe(true);

        // Rebuilt after the last pack: the fresh Lua wins over the old image.
        fs.utimesSync(path.join(dir, "build/script.bin"), STALE, STALE);
        fs.utimesSync(path.join(dir, "build/lua/main.lua"), new Date(), new Date());
        const fresh = resolveFlashImage({ cwd: dir, board: "air640w" });
        expect(fresh.source).toBe("build/lua (packed in memory; build/script.bin is older)");
        expect(fresh.bytes.equals(packed)).toBe(true);
    });

    test.concurrent("Lua that does not parse is refused with file and line before a byte reaches the module", async context => {
        const broken = writeLuaDb([
            { name: "main.lua", data: Buffer.from('PROJECT = "x"\nVERSION = "1"\nlocal x = = 1\n') },
            { name: "data.lua", data: Buffer.from("return {\n") },
            { name: "font.bin", data: allByteValues(300) },
        ]);
        const dir = tempProject(context, { "broken.bin": broken, ...buildLua(), "build/lua/lib/conn.lua": Buffer.from("return function(\n") });
        const { port, emulator } = await simulatedModule(context);
        const fromImage = await runCli(["--port", port, "--image", "broken.bin"], dir);
        expect(fromImage.status).toBe(1);
        expect(fromImage.stderr).toBe("luatos-ts: broken.bin: main.lua:3: unexpected symbol near '='; data.lua:2: unexpected symbol near <eof> (2 files do not parse)\n");
        // build/lua packed in memory: the module's path in the build folder is named.
        const fromBuild = await runCli(["--port", port], dir);
        expect(fromBuild.status).toBe(1);
        expect(fromBuild.stderr).toBe("luatos-ts: lib/conn.lua:2: <name> or '...' expected near <eof>\n");
        expect(emulator.bytesFromHost).toBe(0);
        expect(emulator.commands).toEqual([]);
    });

    test.concurrent("warns in one line when src/ is newer than the build it sends, and goes on", async context => {
        const dir = tempProject(context, { ...buildLua(), "src/main.ts": Buffer.from("export {};\n") });
        for (const file of ["build/lua/main.lua", "build/lua/sys.lua"]) fs.utimesSync(path.join(dir, file), STALE, STALE);
        const stale = await runCli(["--dry-run"], dir);
        expect(stale.status).toBe(0);
        expect(stale.stderr).toBe("luatos-ts: warning: src/main.ts changed after build/lua was built; run `npx luatos-ts build` to use the latest source\n");
        expect(stale.stdout).toMatch(/YModem main\.lua/);

        fs.utimesSync(path.join(dir, "src/main.ts"), STALE, STALE);
        fs.utimesSync(path.join(dir, "build/lua/main.lua"), new Date(), new Date());
        const current = await runCli(["--dry-run"], dir);
        expect(current.status).toBe(0);
        expect(current.stderr).toBe("");
    });

    test.concurrent("an image over 2 GiB is one line, exit 1 (a sparse file, nothing is read)", async context => {
        const dir = tempProject(context);
        const huge = path.join(dir, "huge.bin");
        fs.closeSync(fs.openSync(huge, "w"));
        fs.truncateSync(huge, 3 * 2 ** 30);
        const result = await runCli(["--dry-run", "--image", "huge.bin"], dir);
        expect(result.status).toBe(1);
        expect(result.stderr).toBe("luatos-ts: image huge.bin is 3.0 GiB (3221225472 bytes); files over 2 GiB are not read\n");
    });

    test.concurrent("flashes the image, prints per-file progress and a summary, exit 0", async context => {
        const dir = tempProject(context, { "build/script.bin": IMAGE });
        const { port, emulator } = await simulatedModule(context, { reinitsIgnored: 0 });
        const result = await runCli(["--port", port], dir);
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^build\/script\.bin: 2 files/m);
        expect(result.stdout).toMatch(/\[1\/2\] main\.lua 1800 bytes ok/);
        expect(result.stdout).toMatch(/\[2\/2\] font\.bin 700 bytes ok/);
        expect(result.stdout).toMatch(/flashed 2 files, 2500 bytes in [\d.]+ s, 0 retries/);
        await emulator.allRbExited();
        expect(emulator.received().get("main.lua")?.equals(mainLua(1800))).toBe(true);
        expect(emulator.received().get("font.bin")?.equals(allByteValues(700))).toBe(true);
    });

    test.concurrent("a silent module: exit 3 and one line naming the step", async context => {
        const dir = tempProject(context, { "app.bin": IMAGE });
        const { port, emulator } = await simulatedModule(context, { silent: true });
        const result = await runCli(["--port", port, "--image", "app.bin", "--retries", "2", "--timeout", "300"], dir);
        expect(result.status).toBe(3);
        expect(result.stderr.trimEnd().split("\n")).toEqual([
            'luatos-ts: flash stopped at step "reinit": no line containing DONE! after 2 "reinit" commands, 300 ms each; check the port, the baud rate and that the module runs the LuatOS firmware',
        ]);
        expect(emulator.bytesFromHost).toBeGreaterThan(0);
    });

    test.concurrent("an image that does not fit is refused before a byte reaches the module", async context => {
        const big = writeLuaDb([{ name: "main.lua", data: mainLua(1000) }, { name: "blob.bin", data: Buffer.alloc(205 * 1024, 7) }]);
        const dir = tempProject(context, { "big.bin": big });
        const { port, emulator } = await simulatedModule(context);
        const error = await runFlash({ port, image: "big.bin", board: "air640w", baud: "115200", retries: "10" }, dir).catch((e: unknown) => e);
        expect((error as UserError).message).toMatch(new RegExp(`^big\\.bin is ${big.length} bytes; the air640w script area holds 204800 bytes`));
        expect((error as UserError).exitCode).toBe(1);
        // Give stray bytes time to arrive before asserting there were none.
        await new Promise(resolve => setTimeout(resolve, 200));
        expect(emulator.bytesFromHost).toBe(0);
        expect(emulator.commands).toEqual([]);
    });
});
