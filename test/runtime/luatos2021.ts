/**
 * The 2021 LuatOS core built for Linux (`luatos2021`), for tests that run
 * the same Lua on the simulator and on the firmware's own C code and compare
 * what they print. Found at `../shared/luatos/bin/luatos2021` beside the
 * checkout or through `$LUATOS2021`; when it is missing a test skips with a
 * message, and fails under CI=true.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Path of the luatos2021 executable, or undefined. */
export const LUATOS2021: string | undefined = [process.env.LUATOS2021, path.resolve(root, "../shared/luatos/bin/luatos2021")].find(
    (file): file is string => file !== undefined && file !== "" && fs.existsSync(file),
);

/** For a test that needs luatos2021: skips it when missing, fails under CI=true. */
export function requireLuatos2021(ctx: { skip: (note?: string) => never }): string {
    if (LUATOS2021 !== undefined) return LUATOS2021;
    const message = "luatos2021 not found (set $LUATOS2021 or put it at ../shared/luatos/bin/luatos2021)";
    if (process.env.CI === "true") throw new Error(`${message} (CI=true: the firmware comparison must run)`);
    return ctx.skip(message);
}

/** Lines of the firmware's boot banner and VM exit, which the comparisons leave out. */
const FIRMWARE_NOISE = /^(I\/luat\.main LuatOS@|D\/luat\.main |E\/luat\.main Lua VM exit)/;

/**
 * Runs `main.lua` (plus `files`) as the script partition of luatos2021.
 * `rtos.reboot()` is appended so the program ends as soon as main.lua has
 * run (the binary exits at a reboot with --no-reboot); give `keepRunning`
 * to leave main.lua as it is (it must end by itself, e.g. `sys.run()` and
 * a reboot); `luaHeapBytes` enlarges the 64 KB Lua heap for programs too big
 * to compile in it; `forMs` ends the run sooner than 20 s (an uncaught error
 * waits 30 s for its reboot). Returns the printed lines, boot banner and exit lines removed,
 * split like the simulator's serial log (at `\n`, a trailing `\r` dropped).
 */
export function runLuatos2021(
    binary: string,
    mainLua: string,
    options: { files?: Record<string, string | Uint8Array>; keepRunning?: boolean; luaHeapBytes?: number; forMs?: number } = {},
): string[] {
    const { files = {}, keepRunning = false } = options;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos2021-"));
    try {
        for (const [name, data] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
            fs.writeFileSync(path.join(dir, name), data);
        }
        fs.writeFileSync(path.join(dir, "main.lua"), keepRunning ? mainLua : `${mainLua}\nrtos.reboot()\n`);
        const heap = options.luaHeapBytes === undefined ? [] : ["--lua-heap", String(options.luaHeapBytes)];
        const result = spawnSync(binary, ["--for", String(options.forMs ?? 20_000), "--no-reboot", "--dns-only", ...heap, dir], { timeout: 30_000 });
        if (result.error !== undefined) throw result.error;
        const text = result.stdout.toString("latin1");
        return text
            .replace(/\n$/, "")
            .split("\n")
            .map(line => line.replace(/\r$/, ""))
            .filter(line => !FIRMWARE_NOISE.test(line));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
