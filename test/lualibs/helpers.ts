/**
 * Runs Lua firmwares with the toolkit's Lua libraries (lualibs/) on three
 * targets and returns their `I/user.` lines:
 * - the simulator's current generation (virtual or host network) with
 *   libnet.lua and netclient-compat.lua in the script folder;
 * - the simulator's 2021 generation (netclient in C, the toolkit's sys.lua),
 *   which gives the lines the 2021 firmware prints for a 2021-API firmware;
 * - the real current LuatOS PC build (luatos-pc) on the same folder
 *   (test/support/reference-programs.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileStdlib } from "../../compiler/stdlib.js";
import { writeLuaLibraries } from "../../lualibs/compile.js";
import { SimulatedDevice, netclient2021, type DeviceOptions } from "../../runtime/index.js";
import { current } from "../../runtime/firmware/current/index.js";
import { PC_BOARD } from "../runtime-current/helpers.js";

const made: string[] = [];

/** What a firmware template's placeholders become: `__NAME__` -> value. */
export type Substitutions = Record<string, string | number>;

/** The firmware with its `__NAME__` placeholders replaced; a placeholder left over is a test bug. */
export function substitute(template: string, values: Substitutions): string {
    let text = template;
    for (const [name, value] of Object.entries(values)) text = text.replaceAll(`__${name}__`, String(value));
    const left = /__[A-Z0-9_]+__/.exec(text);
    if (left !== null) throw new Error(`firmware placeholder ${left[0]} has no value`);
    return text;
}

function scratch(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
}

/** A script folder for today's firmware: main.lua and the compiled libraries (libnet.lua, netclient-compat.lua). */
export function currentFolder(mainLua: string): string {
    const dir = scratch("luatos-lualibs-");
    fs.writeFileSync(path.join(dir, "main.lua"), mainLua);
    writeLuaLibraries(dir);
    return dir;
}

/** A script folder for the 2021 firmware: main.lua and the toolkit's sys.lua (the C layer has the netclient). */
export function folder2021(mainLua: string): string {
    const dir = scratch("luatos-2021-");
    fs.writeFileSync(path.join(dir, "main.lua"), mainLua);
    for (const file of compileStdlib()) fs.writeFileSync(path.join(dir, file.name), file.data);
    return dir;
}

/** The `I/user.` lines of a log, tabs (the 2021 separator) as spaces (today's). */
export function userLines(lines: readonly string[]): string[] {
    return lines.filter(l => l.startsWith("I/user.")).map(l => l.replaceAll("\t", " "));
}

/** The last user line every firmware prints. */
export const DONE = /^I\/user\.done\s+end$/;

/** Boots the current generation on a folder; the caller runs and disposes it. */
export function currentDevice(dir: string, options: Partial<DeviceOptions> = {}): SimulatedDevice {
    return new SimulatedDevice({ buildDir: dir, generation: current, board: PC_BOARD, firmwareLogs: false, rebootOnCrash: false, ...options });
}

/** Boots the 2021 generation on a folder. */
export function device2021(dir: string, options: Partial<DeviceOptions> = {}): SimulatedDevice {
    return new SimulatedDevice({ buildDir: dir, generation: netclient2021, firmwareLogs: false, rebootOnCrash: false, ...options });
}

/** Runs a device until it prints {@link DONE} (or `limit` of device time); fails with its log otherwise. */
export async function runToDone(device: SimulatedDevice, limit = "30s"): Promise<string[]> {
    const result = await device.run(limit, { until: { log: DONE } });
    if (result.reason !== "log") throw new Error(`the firmware did not finish (${result.reason}):\n${device.logText()}`);
    return userLines(device.log.map(l => l.text));
}

export function removeTemporaryFolders(): void {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
