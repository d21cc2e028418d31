import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileStdlib } from "../../compiler/stdlib.js";
import { SimulatedDevice, type DeviceOptions } from "../../runtime/index.js";

const made: string[] = [];

/** A temporary script folder with the given Lua files plus the toolkit's sys.lua (unless given). */
export function luaFirmware(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-sim-"));
    made.push(dir);
    if (!("sys.lua" in files)) {
        for (const file of compileStdlib()) fs.writeFileSync(path.join(dir, file.name), file.data);
    }
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

/** main.lua boilerplate around a body: PROJECT/VERSION, sys, body, sys.run(). */
export function mainLua(body: string): string {
    return `PROJECT = "test"\nVERSION = "1.0.0"\n_G.sys = require("sys")\n${body}\nsys.run()\n`;
}

/** Boots a device on a Lua main body with the toolkit's sys. */
export function deviceFor(body: string, options: Partial<DeviceOptions> = {}, extra: Record<string, string> = {}): SimulatedDevice {
    return new SimulatedDevice({ buildDir: luaFirmware({ "main.lua": mainLua(body), ...extra }), firmwareLogs: false, ...options });
}

/** Lines the firmware printed, without the boot banner and simulator notes. */
export function userLines(device: SimulatedDevice): string[] {
    return device.log.map(l => l.text).filter(t => !t.startsWith("I/luat.main LuatOS@") && !t.startsWith("D/luat.main"));
}

export function removeTemporaryFolders(): void {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
