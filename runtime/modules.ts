import * as fs from "node:fs";
import * as path from "node:path";
import { lauxlib, lua } from "fengari";
import { UserError } from "../common/user-error.js";
import { textOf } from "./lua.js";

/**
 * The files `require(name)` tries, in the firmware's order (`/<name>.luac`,
 * then `/<name>.lua`), relative to the script folder. A dotted name maps to
 * folders first (`lib.conn` -> `lib/conn.lua`, the build folder's layout;
 * the script image flattens paths later), then to the image's flat name
 * (`lib.conn.lua`, what the firmware opens), so an extracted image runs too.
 */
export function moduleFiles(name: string): string[] {
    const base = name.split(".").join("/");
    // Then the image's flat names (`lib.conn.luac`), which the firmware itself looks up: a folder extracted from a script image boots as the device boots it.
    return base === name ? [`${base}.luac`, `${base}.lua`] : [`${base}.luac`, `${base}.lua`, `${name}.luac`, `${name}.lua`];
}

/**
 * The chunk name of a script file: its absolute path on the device, as the
 * firmware's loader names it, so error messages read `/main.lua:3:` and
 * `/lib/conn.lua:3:` as on the module.
 */
export function chunkName(relativeFile: string): string {
    return "@/" + relativeFile;
}

function luaFiles(dir: string): string[] {
    return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter(entry => entry.isFile() && entry.name.endsWith(".lua"))
        .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
        .sort();
}

/**
 * Checks a build folder before booting: it exists, holds main.lua, and
 * every `.lua` file parses. Throws one {@link UserError} naming each problem
 * (`file:line: message`).
 */
export function validateBuildFolder(dir: string): void {
    if (!fs.existsSync(dir)) throw new UserError(`build folder ${dir} does not exist: run \`npx luatos-ts build\` first, or name the folder with the Lua files`);
    if (!fs.statSync(dir).isDirectory()) throw new UserError(`${dir} is not a folder: give the build folder that holds main.lua (build/lua)`);
    if (!moduleFiles("main").some(name => fs.existsSync(path.join(dir, name)))) throw new UserError(`${dir} has no main.lua: a LuatOS script folder needs main.lua as its entry point`);
    const L = lauxlib.luaL_newstate();
    const problems: string[] = [];
    for (const file of luaFiles(dir)) {
        const bytes = fs.readFileSync(path.join(dir, file));
        const status = lauxlib.luaL_loadbufferx(L, bytes, bytes.length, new TextEncoder().encode(chunkName(file)), null) as number;
        if (status !== lua.LUA_OK) problems.push(`${dir.replace(/\/$/, "")}${textOf(lua.lua_tolstring(L, -1) as Uint8Array)}`);
        lua.lua_settop(L, 0);
    }
    if (problems.length > 0) throw new UserError(`Lua that does not parse:\n${problems.join("\n")}`);
}
