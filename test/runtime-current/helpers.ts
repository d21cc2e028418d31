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
