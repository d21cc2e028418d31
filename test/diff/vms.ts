/**
 * Runs one Lua program on the simulator's VM (fengari, through the
 * runtime's state factory) and on native `lua5.3`, the same way on both:
 * modules from a folder found by `require`, the program loaded as chunk
 * "=program" and called under pcall, `print` captured byte for byte, an
 * error printed as `ERROR: <message>`. No `io` on either side, as on the
 * device.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { lauxlib, lua, to_luastring } from "fengari";
import type { LuaState } from "fengari";
import { tostringBytes } from "../../runtime/lua.js";
import { createLuaState } from "../../runtime/vm.js";
import { findTool, installLine, LUA, requireTools } from "../support/tools.js";

/** How to get the native interpreter on Debian. */
export const INSTALL_LINE = installLine(LUA.aptPackage);

/** Path of native lua5.3, or undefined when it is not installed. */
export const NATIVE_LUA = findTool(LUA.name);

/** Lua modules by file name relative to the module folder (`lib/line-buffer.lua`). */
export type LuaModules = Record<string, string | Uint8Array>;

/**
 * For a test that needs native Lua: skips it, naming the package, when
 * lua5.3 is missing; in CI (CI=true) a missing interpreter fails instead.
 */
export function requireNativeLua(ctx: { skip: (note?: string) => never }): string {
    return requireTools(ctx, [LUA])[0]!;
}

function writeModules(modules: LuaModules): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-diff-"));
    for (const [name, data] of Object.entries(modules)) {
        const file = path.join(dir, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, data);
    }
    return dir;
}

/** Bytes as a string of one char per byte, so binary output compares exactly. */
function latin1(bytes: Uint8Array): string {
    return Buffer.from(bytes).toString("latin1");
}

/** Runs `program` on fengari, in a state built like the simulated device's. Returns what it printed. */
export function runFengari(program: string, modules: LuaModules = {}): string {
    const dir = writeModules(modules);
    try {
        let L: LuaState | undefined;
        L = createLuaState({
            buildDir: dir,
            // The program runs on the state's own thread: yielding there fails like on the device's main chunk.
            mainThread: () => L,
            afterResume: () => {},
            waitInAsync: () => {},
            heapKb: () => 0,
            moduleLoaded: () => {},
        });
        const out: Buffer[] = [];
        lua.lua_pushcfunction(L, (L1: LuaState) => {
            const n = lua.lua_gettop(L1) as number;
            for (let i = 1; i <= n; i++) {
                if (i > 1) out.push(Buffer.from("\t"));
                out.push(Buffer.from(tostringBytes(L1, i)));
            }
            out.push(Buffer.from("\n"));
            return 0;
        });
        lua.lua_setglobal(L, to_luastring("print"));
        const code = Buffer.from(program, "utf8");
        let status = lauxlib.luaL_loadbufferx(L, code, code.length, to_luastring("=program"), null) as number;
        if (status === lua.LUA_OK) status = lua.lua_pcall(L, 0, 0, 0) as number;
        if (status !== lua.LUA_OK) out.push(Buffer.from("ERROR: "), Buffer.from(tostringBytes(L, -1)), Buffer.from("\n"));
        return latin1(Buffer.concat(out));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The native side: a searcher over the module folder with the simulator's chunk names (`@lib/x.lua`). */
const NATIVE_RUNNER = `
local dir = ...
package.path = ""
package.cpath = ""
local open = io.open
package.searchers = { package.searchers[1], function(name)
  local file = name:gsub("%.", "/") .. ".lua"
  local f = open(dir .. "/" .. file, "rb")
  if not f then return "\\n\\tno file '/" .. file .. "'" end
  local src = f:read("a")
  f:close()
  return assert(load(src, "@" .. file)), "/" .. file
end }
local f = assert(open(dir .. "/.program.lua", "rb"))
local src = f:read("a")
f:close()
io = nil
package.loaded.io = nil
local fn, err = load(src, "=program")
if not fn then print("ERROR: " .. err) return end
local ok, e = pcall(fn)
if not ok then print("ERROR: " .. tostring(e)) end
`;

/** Runs `program` on native lua5.3. Returns what it printed; throws when lua5.3 itself failed. */
export function runNative(program: string, modules: LuaModules = {}, lua53 = NATIVE_LUA ?? "lua5.3"): string {
    const dir = writeModules({ ...modules, ".program.lua": program });
    try {
        const result = spawnSync(lua53, ["-", dir], { input: NATIVE_RUNNER, timeout: 30_000 });
        if (result.error !== undefined) throw result.error;
        if (result.status !== 0) throw new Error(`lua5.3 exited with ${result.status}: ${result.stderr.toString()}`);
        return latin1(result.stdout);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
