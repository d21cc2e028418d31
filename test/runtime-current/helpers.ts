import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BOARDS, SimulatedDevice, type BoardProfile, type DeviceOptions } from "../../runtime/index.js";
import { current } from "../../runtime/firmware/current/index.js";

/** The PC build of the current firmware, as a board profile (bsp, heap, version and banners luatos-pc reports). */
export const PC_BOARD: BoardProfile = BOARDS.pc!;

const made: string[] = [];

/** A temporary script folder holding just main.lua (the firmware brings sys). */
export function firmwareFolder(mainLua: string, extra: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-current-"));
    made.push(dir);
    for (const [name, text] of Object.entries({ "main.lua": mainLua, ...extra })) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

/** Boots the current firmware on a main.lua body followed by sys.run(). */
export function currentDevice(body: string, options: Partial<DeviceOptions> = {}): SimulatedDevice {
    return new SimulatedDevice({
        buildDir: firmwareFolder(`${body}\nsys.run()\n`),
        generation: current,
        board: PC_BOARD,
        firmwareLogs: false,
        rebootOnCrash: false,
        ...options,
    });
}

/** The `I/user.` lines of a log, in order. */
export function userLines(lines: readonly string[]): string[] {
    return lines.filter(l => l.startsWith("I/user."));
}

/** Lua that names socket events: `names[ev]` is "ON_LINE", "TX_OK", ... */
export const EVENT_NAMES = `local names = {}\nfor _, k in ipairs({"ON_LINE", "TX_OK", "EVENT", "CLOSED", "LINK"}) do names[socket[k]] = k end\n`;

export function removeTemporaryFolders(): void {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** luatos-pc ($LUATOS_PC or the shared binaries folder beside the checkout); without it the test skips, and fails under CI=true. */
export function requireLuatosPc(ctx: { skip: (note?: string) => never }, what: string): string {
    const root = path.resolve(import.meta.dirname, "../..");
    const found = [process.env.LUATOS_PC, path.resolve(root, "../shared/luatos/bin/luatos-pc")].find((file): file is string => file !== undefined && file !== "" && fs.existsSync(file));
    if (found !== undefined) return found;
    const message = `luatos-pc not found (../shared/luatos/bin/luatos-pc or $LUATOS_PC): ${what} skipped`;
    if (process.env.CI === "true") throw new Error(`${message} (CI=true: the differential tests must run)`);
    return ctx.skip(message);
}

/** Runs a script folder on luatos-pc in a fresh scratch folder; the lines without the `[date][ticks] ` prefix. */
export function runOnLuatosPc(binary: string, dir: string): Promise<string[]> {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-pc-run-"));
    return new Promise((resolve, reject) => {
        execFile(binary, [dir + "/"], { cwd: scratch, timeout: 20_000, maxBuffer: 4 << 20, encoding: "utf8" }, (error, stdout) => {
            fs.rmSync(scratch, { recursive: true, force: true });
            if (error !== null && error.killed) return reject(new Error(`luatos-pc did not exit within 20 s:\n${stdout}`));
            resolve(stdout.split("\n").map(line => line.replace(/^\[[^\]]*\]\[[^\]]*\] /, "").replace(/\r$/, "")));
        });
    });
}

/** Runs a script folder that ends with os.exit on the simulated pc board; its log lines. */
export async function runOnSimulator(dir: string): Promise<string[]> {
    const device = new SimulatedDevice({ buildDir: dir, generation: current, board: PC_BOARD, network: "virtual", firmwareLogs: true, rebootOnCrash: false });
    try {
        const result = await device.run("5s", { until: { log: "[sim] os.exit" } });
        if (result.reason !== "log") throw new Error(`the simulator did not reach os.exit:\n${device.logText()}`);
        return device.log.map(l => l.text);
    } finally {
        device.dispose();
    }
}
