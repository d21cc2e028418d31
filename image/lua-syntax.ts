import { lauxlib, lua, to_luastring } from "fengari";
import { UserError } from "../common/user-error.js";

/** A Lua file to check: its name in messages and its bytes. */
export interface LuaSource {
    /** Shown in the message, e.g. `main.lua` or `lib/conn.lua`. */
    name: string;
    data: Uint8Array;
}

/**
 * The syntax error of a Lua 5.3 chunk, as `name:line: message`, or undefined
 * when it parses. The chunk is compiled, never run (fengari's
 * `luaL_loadbuffer`, the same parser as the simulated device).
 */
export function luaSyntaxError(source: LuaSource): string | undefined {
    const L = lauxlib.luaL_newstate();
    try {
        // "=" keeps the name as given, so messages read `main.lua:3: ...` rather than `[string "..."]:3:`.
        const status = lauxlib.luaL_loadbuffer(L, source.data, source.data.length, to_luastring(`=${source.name}`)) as number;
        if (status === lua.LUA_OK) return undefined;
        return String(lua.lua_tojsstring(L, -1));
    } finally {
        lua.lua_close(L);
    }
}

/** Whether a file holds Lua source (bytecode `.luac` files are not parsed here). */
export function isLuaSourceName(name: string): boolean {
    return name.endsWith(".lua");
}

/**
 * Throws a {@link UserError} naming every Lua source file of `files` that
 * does not parse (`main.lua:3: unexpected symbol near '='`), so a broken
 * script never reaches an image or a module. Files whose names do not end
 * in `.lua` are skipped.
 */
export function checkLuaSyntax(files: readonly LuaSource[], context = ""): void {
    const errors = files.filter(f => isLuaSourceName(f.name)).flatMap(f => luaSyntaxError(f) ?? []);
    if (errors.length === 0) return;
    const count = errors.length === 1 ? "" : ` (${errors.length} files do not parse)`;
    throw new UserError(`${context}${errors.join("; ")}${count}`);
}
