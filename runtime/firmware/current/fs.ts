/**
 * fs and the file functions of today's io library, on the device's file
 * system (runtime/device-files.ts).
 *
 * Today's firmware has no fs library of its own: luaopen_fs
 * (luat/modules/luat_lib_fs.c:9) returns the io library, so `fs` is `io`,
 * and io carries what fs used to have (liolib.c:1141 "从fs库迁移函数"):
 * `fsstat`, `fsize` (the same C function as `fileSize`), `dexist` and the
 * constants `FILE` 0 and `DIR` 1. Its file functions differ from the 2021
 * firmware's (runtime/lua-io.ts):
 * - `fileSize`/`fsize` return 0 for a file that does not exist;
 * - `readFile(path, mode = "rb", offset = 0, len)` reads `len` bytes from
 *   `offset` (a negative offset reads from the start);
 * - `writeFile(path, data, mode = "wb+")` closes its file: the data is there;
 * - every open that fails logs `D/vfs fopen <path> <mode> not found`
 *   (luat/vfs/luat_vfs.c:249), `exists` included, and `io.open` returns
 *   `nil, "<path>: 2", 2` (errno as a number);
 * - `io.lines(path)` is there (the 2021 firmware's io has no `lines`);
 * - the script image is mounted read-only at `/luadb/` (its files are the
 *   script folder's): "w" and "a" opens fail with a `W/luadb` line.
 * The folder functions (`mkdir`, `rmdir`, `lsdir`, `mkfs`, `lsmount`) raise
 * "not simulated": the device's file system has no folders made at run time.
 */
import { lauxlib, lua, S, bytesOf, raiseWhere, setFunctions, setIntegers, type JsFunction, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { LOG_LEVEL } from "../context.js";
import { notSimulated } from "../netclient-2021/not-simulated.js";

/** How C's fopen (glibc) takes a mode: its first letter, and a `+` among the rest. */
export interface OpenMode {
    read: boolean;
    write: boolean;
    /** `w`: the file is emptied (and created). */
    truncate: boolean;
    /** `a`: writes go to the end (the file is created). */
    append: boolean;
}

function openMode(mode: string): OpenMode | undefined {
    const plus = mode.slice(1).includes("+");
    switch (mode[0]) {
        case "r":
            return { read: true, write: plus, truncate: false, append: false };
        case "w":
            return { read: plus, write: true, truncate: true, append: false };
        case "a":
            return { read: plus, write: true, truncate: false, append: true };
        default:
            // glibc's fopen refuses any other first letter (EINVAL).
            return undefined;
    }
}

/** The LuaDB script image's mount point on today's firmware. */
const SCRIPT_MOUNT = "/luadb/";

/**
 * Where a path's file lives: the script image's files under `/luadb/` are
 * the script folder's (the device's root files here), read-only; any other
 * path is the root file system's.
 */
function mountOf(path: string): { file: string; readOnly: boolean } {
    return path.startsWith(SCRIPT_MOUNT) ? { file: "/" + path.slice(SCRIPT_MOUNT.length), readOnly: true } : { file: path, readOnly: false };
}

/** What luat_fs_fopen does with a path and mode before the file system looks: undefined, logged, when it fails there. */
export type OpenCheck = (path: string, mode: string) => { file: string; how: OpenMode } | undefined;

/** luat_fs_fopen: a file's current bytes (empty for a new one) and the mode, or undefined (logged) when it cannot be opened. */
export type DeviceFopen = (path: string, mode: string) => { file: string; data: Uint8Array; how: OpenMode } | undefined;

/** luat_fs_fopen's checks (OpenCheck) and the file's opening on the device's files (also for crypto's md_file and crc_file). */
export function deviceFopen(ctx: FirmwareContext): { check: OpenCheck; open: DeviceFopen; notFound: (path: string, mode: string) => void } {
    const files = ctx.files;
    const notFound = (path: string, mode: string) => ctx.clog(LOG_LEVEL.DEBUG, "vfs", `fopen ${path} ${mode} not found`);

    const check: OpenCheck = (path, mode) => {
        const how = openMode(mode);
        const { file, readOnly } = mountOf(path);
        if (how !== undefined && readOnly && (how.truncate || how.append)) {
            // luat_fs_luadb.c refuses "w" and "a" (an "r+" opens, and its writes fail).
            ctx.clog(LOG_LEVEL.WARN, "luadb", `/luadb is readonly ${path.slice(SCRIPT_MOUNT.length)} ${mode}`);
        } else if (how !== undefined) return { file, how };
        notFound(path, mode);
        return undefined;
    };

    const open: DeviceFopen = (path, mode) => {
        const opened = check(path, mode);
        if (opened === undefined) return undefined;
        const data = files.read(opened.file);
        if (data !== undefined) return { ...opened, data };
        if ((opened.how.truncate || opened.how.append) && files.canCreate(opened.file)) return { ...opened, data: new Uint8Array(0) };
        notFound(path, mode);
        return undefined;
    };
    return { check, open, notFound };
}

/** Lua bytes of a path as the text DeviceFiles takes (paths are ASCII on the device; other bytes stay distinct). */
export const pathText = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1");

/** Installs today's io file functions and the global `fs`, the same table as `io`. */
export function installFs(ctx: FirmwareContext): void {
    const files = ctx.files;
    const { check, open, notFound } = deviceFopen(ctx);

    const fileSize: JsFunction = L => {
        // luat_fs_fsize: 0 when there is no such file.
        lua.lua_pushinteger(L, files.read(mountOf(pathText(lauxlib.luaL_checkstring(L, 1) as Uint8Array)).file)?.length ?? 0);
        return 1;
    };

    const functions: Record<string, JsFunction> = {
        exists: L => {
            // io_exists opens the file for reading.
            lua.lua_pushboolean(L, open(pathText(lauxlib.luaL_checkstring(L, 1) as Uint8Array), "r") !== undefined);
            return 1;
        },
        fileSize,
        fsize: fileSize,
        readFile: L => {
            const path = pathText(lauxlib.luaL_checkstring(L, 1) as Uint8Array);
            const mode = pathText(lauxlib.luaL_optstring(L, 2, S("rb")) as Uint8Array);
            const offset = lauxlib.luaL_optinteger(L, 3, 0) as number;
            const length = lauxlib.luaL_optinteger(L, 4, 1 << 30) as number;
            const file = open(path, mode);
            if (file === undefined) return 0;
            if (file.how.truncate) files.write(file.file, new Uint8Array(0));
            // fread of a file opened for writing only reads nothing.
            const data = file.how.read && !file.how.truncate ? file.data : new Uint8Array(0);
            const start = offset > 0 ? offset : 0;
            const part = data.subarray(start, start + Math.max(0, length));
            lua.lua_pushlstring(L, part, part.length);
            return 1;
        },
        writeFile: L => {
            const path = pathText(lauxlib.luaL_checkstring(L, 1) as Uint8Array);
            const data = lauxlib.luaL_checklstring(L, 2) as Uint8Array;
            const mode = pathText(lauxlib.luaL_optstring(L, 3, S("wb+")) as Uint8Array);
            const file = open(path, mode);
            if (file === undefined) return 0;
            if (file.how.write && !mountOf(path).readOnly) {
                const old = file.how.truncate ? new Uint8Array(0) : file.data;
                // `a` writes at the end; `r+` over the start, keeping what lies past the data.
                const at = file.how.append ? old.length : 0;
                const out = new Uint8Array(Math.max(old.length, at + data.length));
                out.set(old);
                out.set(data, at);
                files.write(file.file, out);
            }
            // A write to a file opened for reading fails, but fclose succeeds: true all the same.
            lua.lua_pushboolean(L, true);
            return 1;
        },
        dexist: L => {
            const path = pathText(lauxlib.luaL_checkstring(L, 1) as Uint8Array);
            // A mount point itself exists (luat_vfs.c:601): the script image's. The image has no folders to open.
            if (path.startsWith(SCRIPT_MOUNT) && path !== SCRIPT_MOUNT) ctx.clog(LOG_LEVEL.DEBUG, "vfs", "such mount not support opendir");
            lua.lua_pushboolean(L, path === SCRIPT_MOUNT || (!path.startsWith(SCRIPT_MOUNT) && files.folderExists(path)));
            return 1;
        },
        fsstat: L => {
            lauxlib.luaL_optstring(L, 1, S("/"));
            const fileSystem = ctx.board.fileSystem;
            if (fileSystem === undefined) return notSimulated("io.fsstat")(L);
            lua.lua_pushboolean(L, true);
            lua.lua_pushinteger(L, fileSystem.totalBlocks);
            lua.lua_pushinteger(L, fileSystem.usedBlocks);
            lua.lua_pushinteger(L, fileSystem.blockSize);
            lua.lua_pushstring(L, bytesOf(fileSystem.type));
            return 5;
        },
    };
    for (const name of ["mkdir", "rmdir", "lsdir", "mkfs", "lsmount"]) functions[name] = notSimulated(`io.${name}`);

    const L: LuaState = ctx.L;
    lua.lua_getglobal(L, S("io"));
    // io.open keeps its handles (runtime/lua-io.ts); a failure reads as today's luaL_fileresult words it.
    // Bare host functions, no upvalues: the library becomes a rotable, whose entries are plain C functions.
    lua.lua_getfield(L, -1, S("open"));
    const handles = lua.lua_tocfunction(L, -1) as JsFunction | null;
    lua.lua_pop(L, 1);
    if (handles === null) throw new Error("io.open is not a host function");
    const ioOpen: JsFunction = L1 => openFile(L1, handles, check, notFound);
    functions.open = ioOpen;
    functions.lines = L1 => lines(L1, ioOpen);
    setFunctions(L, functions);
    setIntegers(L, { FILE: 0, DIR: 1 });
    // luaopen_fs returns the io library itself.
    lua.lua_setglobal(L, S("fs"));
}

/** ENOENT, the errno of every failed open here. */
const ENOENT = 2;

/**
 * io.open over the handle functions of runtime/lua-io.ts (`handles`):
 * a failure logs the vfs line and returns `nil, "<path>: 2", 2`
 * (lauxlib.c luaL_fileresult prints errno as a number). A script image
 * file opens read-only.
 */
function openFile(L: LuaState, handles: JsFunction, check: OpenCheck, notFound: (path: string, mode: string) => void): number {
    const path = pathText(lauxlib.luaL_checkstring(L, 1) as Uint8Array);
    const mode = pathText(lauxlib.luaL_optstring(L, 2, S("r")) as Uint8Array);
    // liolib.c l_checkmode, before fopen.
    lauxlib.luaL_argcheck(L, /^[rwa]\+?b*$/.test(mode), 2, S("invalid mode"));
    const opened = check(path, mode);
    if (opened !== undefined) {
        lua.lua_settop(L, 2);
        lua.lua_pushcfunction(L, handles);
        lua.lua_pushstring(L, bytesOf(opened.file));
        // A script image file is opened for reading: its writes fail.
        lua.lua_pushstring(L, bytesOf(opened.file !== path ? "r" : mode));
        lua.lua_call(L, 2, lua.LUA_MULTRET);
        if (!lua.lua_isnil(L, 3)) return (lua.lua_gettop(L) as number) - 2;
        notFound(path, mode);
    }
    lua.lua_settop(L, 0);
    lua.lua_pushnil(L);
    lua.lua_pushstring(L, bytesOf(`${path}: ${ENOENT}`));
    lua.lua_pushinteger(L, ENOENT);
    return 3;
}

/**
 * io.lines(path, ...) with `open` (io.open): the file's lines
 * (`handle:lines(...)`), the file closed once they end; a file that cannot
 * be opened raises "cannot open file '<path>' (2)" (liolib.c opencheck).
 * Without a path it takes the default input, which this firmware has not.
 */
function lines(L: LuaState, open: JsFunction): number {
    if (lua.lua_isnone(L, 1)) lua.lua_pushnil(L);
    if (lua.lua_isnil(L, 1)) {
        lauxlib.luaL_checkudata(L, 1, S("FILE*"));
        return 0;
    }
    const path = lauxlib.luaL_checkstring(L, 1) as Uint8Array;
    const formats = (lua.lua_gettop(L) as number) - 1;
    lua.lua_pushcfunction(L, open);
    lua.lua_pushvalue(L, 1);
    lua.lua_pushstring(L, S("r"));
    lua.lua_call(L, 2, 1);
    if (lua.lua_isnil(L, -1)) raiseWhere(L, `cannot open file '${pathText(path)}' (${ENOENT})`);
    lua.lua_replace(L, 1);
    // handle:lines(formats...)
    lua.lua_getfield(L, 1, S("lines"));
    lua.lua_insert(L, 2);
    lua.lua_pushvalue(L, 1);
    lua.lua_insert(L, 3);
    lua.lua_call(L, 1 + formats, 1);
    lua.lua_pushcclosure(
        L,
        (L1: LuaState) => {
            lua.lua_settop(L1, 0);
            lua.lua_pushvalue(L1, lua.lua_upvalueindex(2));
            lua.lua_call(L1, 0, lua.LUA_MULTRET);
            if (lua.lua_toboolean(L1, 1)) return lua.lua_gettop(L1) as number;
            // io_readline: at the end the file is closed and nothing is returned.
            lua.lua_getfield(L1, lua.lua_upvalueindex(1), S("close"));
            lua.lua_pushvalue(L1, lua.lua_upvalueindex(1));
            lua.lua_call(L1, 1, 0);
            return 0;
        },
        2,
    );
    return 1;
}
