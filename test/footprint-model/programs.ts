/**
 * The Lua programs the heap model is validated on, as build folders: each
 * is a main.lua over the toolkit's sys that keeps its data reachable from
 * globals (so native lua5.3, which unwinds main.lua when the measurement
 * stops it, still holds it) and ends in sys.run().
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { compileStdlib } from "../../compiler/stdlib.js";
import { compileReferenceFirmware } from "../diff/firmware.js";

const HEAD = 'PROJECT = "heap"\nVERSION = "1.0.0"\nsys = require("sys")\n';
const RUN = "sys.run()\n";

/** Program name -> its Lua files (sys added by {@link writeProgram}). */
export const PROGRAMS: Record<string, () => Record<string, string | Buffer>> = {
    "sys alone": () => ({ "main.lua": HEAD + RUN }),
    "1000 integers": () => ({ "main.lua": HEAD + "T = {}\nfor i = 1, 1000 do T[i] = i end\n" + RUN }),
    // string.format builds each string without temporary strings (see docs/heap.md on the string table).
    "500 short strings": () => ({ "main.lua": HEAD + 'S = {}\nfor i = 1, 500 do S[i] = string.format("s%d", i) end\n' + RUN }),
    "200 closures": () => ({ "main.lua": HEAD + "F = {}\nfor i = 1, 200 do\n  local n = i\n  F[i] = function() return n end\nend\n" + RUN }),
    "reference firmware": () => compileReferenceFirmware(),
};

/** Writes a program with the toolkit's sys into `root/<slug>` and returns the folder. */
export function writeProgram(root: string, name: string): string {
    const dir = path.join(root, name.replace(/\W+/g, "-"));
    const sys = Object.fromEntries(compileStdlib().filter(f => f.name.endsWith(".lua")).map(f => [f.name, f.data]));
    for (const [file, data] of Object.entries({ ...sys, ...PROGRAMS[name]!() })) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), data);
    }
    return dir;
}

/**
 * How far the simulator's 64-bit estimate may be from native lua5.3:
 * 10% of the native figure, plus one doubling of the short-string table.
 * The table's bucket array doubles when it fills, and the two bases hold
 * different numbers of strings (native: a fake C layer written in Lua;
 * simulator: C modules in TypeScript), so one may have doubled where the
 * other has not.
 */
export function tolerance(nativeBytes: number, stringTableBytes: number): number {
    return Math.round(0.1 * nativeBytes + stringTableBytes / 2);
}
