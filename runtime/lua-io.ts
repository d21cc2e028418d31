/**
 * The `io` library of the 2021 firmware and `os.remove`/`os.rename`, on the
 * device's file system (device-files.ts).
 *
 * LuatOS trimmed Lua 5.3's liolib.c: `io` has only `open`, `type` and its
 * own `exists`, `fileSize`, `readFile`, `writeFile` (no `io.read`,
 * `io.write`, `io.lines`, `io.close`, no standard streams). File handles
 * keep `close`, `flush`, `lines`, `read`, `seek`, `setvbuf` and `write`,
 * with these differences from standard Lua:
 * - `read("n")` is not supported ("invalid format"); `read(0)` returns nil
 *   (its EOF test pushes no value).
 * - `io.writeFile(name, data, mode?)` never closes its file, so the data
 *   stays in the C library's buffer: the file is created or truncated but
 *   reads back empty. Use `io.open` + `write` + `close`.
 * - `io.fileSize`/`io.readFile` of a missing file return nothing.
 * - Numbers written with `write` use the C library's `%.7g` (`1.5`), not
 *   the firmware's own printf that `tostring` uses (`1.500000`).
 * Writes reach the file system at once (the device flushes at `close`, or
 * when a handle is collected).
 */
import { lauxlib, lua, to_luastring } from "fengari";
import { DeviceFiles } from "./device-files.js";
import type { JsFunction, LuaState } from "./lua.js";

const FILE_HANDLE = to_luastring("FILE*");

/** An open file: its name, a working copy of its bytes, the position and what the mode allows. */
interface Handle {
    path: string;
    data: Uint8Array;
    size: number;
    pos: number;
    readable: boolean;
    writable: boolean;
    append: boolean;
    closed: boolean;
    id: number;
}

const handles = new WeakMap<object, Handle>();
let nextHandleId = 1;

const text = (s: string): Uint8Array => to_luastring(s);
const pushText = (L: LuaState, s: string): void => {
    lua.lua_pushstring(L, text(s));
};

/** The C library's `%.7g` (used by `f:write` for floats). */
export function standardG(n: number, precision = 7): string {
    if (Number.isNaN(n)) return "nan";
    if (!Number.isFinite(n)) return n < 0 ? "-inf" : "inf";
    if (n === 0) return Object.is(n, -0) ? "-0" : "0";
    const exponential = n.toExponential(precision - 1);
    const exponent = Number(exponential.slice(exponential.indexOf("e") + 1));
    const strip = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
    if (exponent < -4 || exponent >= precision) {
        const [mantissa] = exponential.split("e");
        const sign = exponent < 0 ? "-" : "+";
        return `${strip(mantissa!)}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
    }
    return strip(n.toFixed(precision - 1 - exponent));
}

/** `[rwa]%+?b*` (liolib.c l_checkmode). */
function validMode(mode: string): boolean {
    return /^[rwa]\+?b*$/.test(mode);
}

/** Pushes `nil, "<path>: No such file or directory", 2` (luaL_fileresult of a failed call). */
function failure(L: LuaState, message: string): number {
    lua.lua_pushnil(L);
    pushText(L, message);
    lua.lua_pushinteger(L, 2);
    return 3;
}

function openHandle(files: DeviceFiles, name: string, mode: string): Handle | undefined {
    const kind = mode[0]!;
    const plus = mode.includes("+");
    let data = files.read(name);
    if (kind === "r" && data === undefined) return undefined;
    if (kind !== "r" && data === undefined && !files.canCreate(name)) return undefined;
    if (kind === "w" || data === undefined) {
        data = new Uint8Array(0);
        if (kind !== "r") files.write(name, data);
    }
    return {
        path: name,
        data: data.slice(),
        size: data.length,
        pos: 0,
        readable: kind === "r" || plus,
        writable: kind !== "r" || plus,
        append: kind === "a",
        closed: false,
        id: nextHandleId++,
    };
}

/** The handle at `idx` (raises for a non-file), and that it is open when `open` is asked. */
function handleAt(L: LuaState, idx: number, open = true): Handle {
    lauxlib.luaL_checkudata(L, idx, FILE_HANDLE);
    const handle = handles.get(lua.lua_topointer(L, idx) as object)!;
    if (open && handle.closed) lauxlib.luaL_error(L, text("attempt to use a closed file"));
    return handle;
}

function pushHandle(L: LuaState, handle: Handle): void {
    lua.lua_newuserdata(L, 0);
    handles.set(lua.lua_topointer(L, -1) as object, handle);
    lauxlib.luaL_setmetatable(L, FILE_HANDLE);
}

function writeBytes(files: DeviceFiles, handle: Handle, bytes: Uint8Array): void {
    if (handle.append) handle.pos = handle.size;
    const end = handle.pos + bytes.length;
    if (end > handle.data.length) {
        const grown = new Uint8Array(Math.max(end, handle.data.length * 2));
        grown.set(handle.data.subarray(0, handle.size));
        handle.data = grown;
    }
    handle.data.set(bytes, handle.pos);
    handle.pos = end;
    handle.size = Math.max(handle.size, end);
    files.write(handle.path, handle.data.slice(0, handle.size));
}

/** One read item; pushes a value and returns whether it succeeded (liolib.c g_read). */
function readItem(L: LuaState, handle: Handle, n: number): boolean {
    if (!handle.readable) {
        lua.lua_pushnil(L);
        return false;
    }
    if (lua.lua_type(L, n) === lua.LUA_TNUMBER) {
        const count = lauxlib.luaL_checkinteger(L, n) as number;
        if (count === 0) {
            // test_eof pushes nothing: the result slot is filled with nil.
            lua.lua_pushnil(L);
            return false;
        }
        const chunk = handle.data.subarray(handle.pos, Math.min(handle.size, handle.pos + count));
        handle.pos += chunk.length;
        lua.lua_pushlstring(L, chunk, chunk.length);
        return chunk.length > 0;
    }
    let format = lauxlib.luaL_checkstring(L, n) as Uint8Array;
    if (format[0] === 42 /* '*' */) format = format.subarray(1);
    const letter = String.fromCharCode(format[0] ?? 0);
    if (letter === "l" || letter === "L") {
        let end = handle.pos;
        while (end < handle.size && handle.data[end] !== 10) end += 1;
        const newline = end < handle.size;
        const line = handle.data.subarray(handle.pos, letter === "L" && newline ? end + 1 : end);
        handle.pos = newline ? end + 1 : end;
        lua.lua_pushlstring(L, line, line.length);
        return newline || line.length > 0;
    }
    if (letter === "a") {
        const rest = handle.data.subarray(handle.pos, handle.size);
        handle.pos = handle.size;
        lua.lua_pushlstring(L, rest, rest.length);
        return true;
    }
    lauxlib.luaL_argerror(L, n, text("invalid format"));
    return false;
}

/** Reads the items at `first`.. (none: one line); returns the number of results. */
function read(L: LuaState, handle: Handle, first: number): number {
    const nargs = (lua.lua_gettop(L) as number) - first + 1;
    if (nargs <= 0) {
        lua.lua_pushstring(L, text("l"));
        const ok = readItem(L, handle, lua.lua_gettop(L) as number);
        lua.lua_remove(L, -2);
        if (!ok) {
            lua.lua_pop(L, 1);
            lua.lua_pushnil(L);
        }
        return 1;
    }
    let n = first;
    let success = true;
    for (; n < first + nargs && success; n += 1) success = readItem(L, handle, n);
    if (!success) {
        lua.lua_pop(L, 1);
        lua.lua_pushnil(L);
    }
    return n - first;
}

/** Installs `io` and the file functions of `os` on `files`. */
export function installIo(L: LuaState, files: DeviceFiles): void {
    const methods: Record<string, JsFunction> = {
        close: L1 => {
            handleAt(L1, 1).closed = true;
            lua.lua_pushboolean(L1, true);
            return 1;
        },
        flush: L1 => {
            handleAt(L1, 1);
            lua.lua_pushboolean(L1, true);
            return 1;
        },
        lines: L1 => {
            handleAt(L1, 1);
            const n = (lua.lua_gettop(L1) as number) - 1;
            lauxlib.luaL_argcheck(L1, n <= 250, 252, text("too many arguments"));
            const formats = n;
            lua.lua_pushcclosure(
                L1,
                (L2: LuaState) => {
                    const handle = handles.get(lua.lua_topointer(L2, lua.lua_upvalueindex(1)) as object)!;
                    if (handle.closed) return lauxlib.luaL_error(L2, text("file is already closed")) as number;
                    lua.lua_settop(L2, 1);
                    for (let i = 1; i <= formats; i += 1) lua.lua_pushvalue(L2, lua.lua_upvalueindex(1 + i));
                    const results = read(L2, handle, 2);
                    return lua.lua_toboolean(L2, -results) ? results : 0;
                },
                1 + n,
            );
            return 1;
        },
        read: L1 => read(L1, handleAt(L1, 1), 2),
        seek: L1 => {
            const handle = handleAt(L1, 1);
            const whence = lauxlib.luaL_checkoption(L1, 2, text("cur"), [text("set"), text("cur"), text("end")]) as number;
            const offset = lauxlib.luaL_optinteger(L1, 3, 0) as number;
            const base = whence === 0 ? 0 : whence === 1 ? handle.pos : handle.size;
            if (base + offset < 0) return failure(L1, "Invalid argument");
            handle.pos = base + offset;
            lua.lua_pushinteger(L1, handle.pos);
            return 1;
        },
        setvbuf: L1 => {
            handleAt(L1, 1);
            lauxlib.luaL_checkoption(L1, 2, null, [text("no"), text("full"), text("line")]);
            lua.lua_pushboolean(L1, true);
            return 1;
        },
        write: L1 => {
            const handle = handleAt(L1, 1);
            const top = lua.lua_gettop(L1) as number;
            let ok = handle.writable;
            for (let i = 2; i <= top; i += 1) {
                let bytes: Uint8Array;
                if (lua.lua_type(L1, i) === lua.LUA_TNUMBER) {
                    bytes = text(lua.lua_isinteger(L1, i) ? String(lua.lua_tointeger(L1, i)) : standardG(lua.lua_tonumber(L1, i) as number));
                } else bytes = lauxlib.luaL_checklstring(L1, i) as Uint8Array;
                if (ok) writeBytes(files, handle, bytes);
            }
            if (!ok) return failure(L1, "Bad file descriptor");
            lua.lua_pushvalue(L1, 1);
            return 1;
        },
    };
    lauxlib.luaL_newmetatable(L, FILE_HANDLE);
    lua.lua_createtable(L, 0, Object.keys(methods).length);
    for (const [name, fn] of Object.entries(methods)) {
        lua.lua_pushcfunction(L, fn);
        lua.lua_setfield(L, -2, text(name));
    }
    lua.lua_setfield(L, -2, text("__index"));
    lua.lua_pushcfunction(L, (L1: LuaState) => {
        const handle = handleAt(L1, 1, false);
        pushText(L1, handle.closed ? "file (closed)" : `file (${(0x20000000 + handle.id * 0x20).toString(16).toUpperCase().padStart(8, "0")})`);
        return 1;
    });
    lua.lua_setfield(L, -2, text("__tostring"));
    lua.lua_pop(L, 1);

    const io: Record<string, JsFunction> = {
        open: L1 => {
            const name = textOf(lauxlib.luaL_checkstring(L1, 1) as Uint8Array);
            const mode = textOf(lauxlib.luaL_optstring(L1, 2, text("r")) as Uint8Array);
            lauxlib.luaL_argcheck(L1, validMode(mode), 2, text("invalid mode"));
            const handle = openHandle(files, name, mode);
            if (handle === undefined) return failure(L1, DeviceFiles.notFound(name));
            pushHandle(L1, handle);
            return 1;
        },
        type: L1 => {
            lauxlib.luaL_checkany(L1, 1);
            if (lauxlib.luaL_testudata(L1, 1, FILE_HANDLE) === null) lua.lua_pushnil(L1);
            else pushText(L1, handles.get(lua.lua_topointer(L1, 1) as object)!.closed ? "closed file" : "file");
            return 1;
        },
        exists: L1 => {
            lua.lua_pushboolean(L1, files.exists(textOf(lauxlib.luaL_checkstring(L1, 1) as Uint8Array)));
            return 1;
        },
        fileSize: L1 => {
            const data = files.read(textOf(lauxlib.luaL_checkstring(L1, 1) as Uint8Array));
            if (data === undefined) return 0;
            lua.lua_pushinteger(L1, data.length);
            return 1;
        },
        readFile: L1 => {
            const name = textOf(lauxlib.luaL_checkstring(L1, 1) as Uint8Array);
            const mode = textOf(lauxlib.luaL_optstring(L1, 2, text("r")) as Uint8Array);
            const handle = validMode(mode) ? openHandle(files, name, mode) : undefined;
            if (handle === undefined) return 0;
            lua.lua_pushlstring(L1, handle.data.subarray(0, handle.size), handle.size);
            return 1;
        },
        writeFile: L1 => {
            const name = textOf(lauxlib.luaL_checkstring(L1, 1) as Uint8Array);
            lauxlib.luaL_checklstring(L1, 2);
            const mode = textOf(lauxlib.luaL_optstring(L1, 3, text("w+")) as Uint8Array);
            // The file is opened (created, truncated) but never closed: the data stays in the stdio buffer.
            const handle = validMode(mode) ? openHandle(files, name, mode) : undefined;
            if (handle === undefined) return 0;
            lua.lua_pushboolean(L1, true);
            return 1;
        },
    };
    lua.lua_createtable(L, 0, Object.keys(io).length);
    for (const [name, fn] of Object.entries(io)) {
        lua.lua_pushcfunction(L, fn);
        lua.lua_setfield(L, -2, text(name));
    }
    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, text("_LOADED"));
    lua.lua_pushvalue(L, -2);
    lua.lua_setfield(L, -2, text("io"));
    lua.lua_pop(L, 1);
    lua.lua_setglobal(L, text("io"));

    lua.lua_getglobal(L, text("os"));
    lua.lua_pushcfunction(L, (L1: LuaState) => {
        const name = textOf(lauxlib.luaL_checkstring(L1, 1) as Uint8Array);
        if (!files.remove(name)) return failure(L1, DeviceFiles.notFound(name));
        lua.lua_pushboolean(L1, true);
        return 1;
    });
    lua.lua_setfield(L, -2, text("remove"));
    lua.lua_pushcfunction(L, (L1: LuaState) => {
        const from = textOf(lauxlib.luaL_checkstring(L1, 1) as Uint8Array);
        const to = textOf(lauxlib.luaL_checkstring(L1, 2) as Uint8Array);
        if (!files.rename(from, to)) return failure(L1, DeviceFiles.NO_FILE);
        lua.lua_pushboolean(L1, true);
        return 1;
    });
    lua.lua_setfield(L, -2, text("rename"));
    lua.lua_pop(L, 1);
}

/** Lua bytes of a path as text (paths are ASCII on the device; other bytes stay distinct). */
function textOf(bytes: Uint8Array): string {
    return Buffer.from(bytes).toString("latin1");
}
