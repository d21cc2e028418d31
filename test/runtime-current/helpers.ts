import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BOARDS, SimulatedDevice, type BoardProfile, type DeviceOptions } from "../../runtime/index.js";
import { current } from "../../runtime/firmware/current/index.js";
import { requireReferenceBinary, runLuatosPc } from "../support/reference-programs.js";
import type { SkipContext } from "../support/tools.js";

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
export function requireLuatosPc(ctx: SkipContext, what: string): string {
    return requireReferenceBinary(ctx, "luatos-pc", what);
}

/** Runs a script folder on luatos-pc in a fresh scratch folder; the lines without the `[date][ticks] ` prefix. */
export async function runOnLuatosPc(binary: string, dir: string): Promise<string[]> {
    return (await runLuatosPc(binary, { folder: dir }, { limitMs: 20_000 })).lines;
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
