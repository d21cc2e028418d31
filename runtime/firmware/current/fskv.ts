/**
 * fskv (components/fskv/luat_lib_fskv.c, the PC port bsp/pc/port/luat_fskv_pc.c):
 * a key-value store in its own flash region that survives reboots. Each
 * value is stored as a record: a type byte and the payload
 * (luat_lib_fskv.c:94-168). Floats go through the global `pack` and tables
 * through the global `json`, looked up at call time as the C does: a
 * firmware without them stores neither (set returns false with the C's
 * warning).
 *
 * The region is `ctx.files.kv` (fskv-region.ts), kept by the device across reboots; the
 * "initialised" flag is per boot (a C static, luat_lib_fskv.c:33).
 */
import { lauxlib, lua, S, defineModule, type LuaState } from "../../lua.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import { FSKV_BLOCK, FSKV_TOTAL } from "../../fskv-region.js";

/** LUAT_FSKV_MAX_SIZE (luat_lib_fskv.c:27): the largest record, type byte included. */
export const FSKV_MAX_RECORD = 4096;
/** littlefs name_max of the PC port (luat_fskv_pc.c:80): longer keys are no file name. */
const NAME_MAX = 63;

/** Record type bytes: Lua's type tags, and LUA_TINTEGER (LUA_TNUMBER | 1 << 4) for integers (luat_lib_fskv.c:104). */
const T_BOOLEAN = 1;
const T_NUMBER = 3;
const T_INTEGER = 3 | (1 << 4);
const T_STRING = 4;
const T_TABLE = 5;

interface IterUserdata {
    fskvOffset?: number;
}

/** A key as the C sees it: a C string (cut at the first NUL), one char per byte. */
function keyAt(L: LuaState, idx: number): string {
    const bytes = lauxlib.luaL_checklstring(L, idx) as Uint8Array;
    const end = bytes.indexOf(0);
    return String.fromCharCode(...(end < 0 ? bytes : bytes.subarray(0, end)));
}

function keyBytes(key: string): Uint8Array {
    return Uint8Array.from(key, c => c.charCodeAt(0));
}

/** Whether littlefs can open the key as a file of the root folder: not empty, not a path, at most name_max bytes. */
function validKey(key: string): boolean {
    return key.length > 0 && key.length <= NAME_MAX && !key.includes("/");
}

/** Installs `fskv` and its fdb-compatible alias `fdb` (luat_lib_fskv.c:492-523). */
export function installFskv(ctx: FirmwareContext): void {
    const region = ctx.files.kv;
    let inited = false;
    const intBytes = ctx.board.int32 ? 4 : 8;
    const warn = (text: string) => ctx.clog(LOG_LEVEL.WARN, "fskv", text);
    const notInited = () => {
        ctx.clog(LOG_LEVEL.ERROR, "fskv", "call fskv.init() first!!!");
        return 0;
    };
    const pushFalse = (L: LuaState) => {
        lua.lua_pushboolean(L, false);
        return 1;
    };

    /** l_fskvdb_init (luat_lib_fskv.c:44): the PC port mounts, formatting an empty region first (luat_fskv_pc.c:280-300, 508-517). */
    const init = (L: LuaState) => {
        if (!inited) {
            if (!region.formatted) {
                ctx.clog(LOG_LEVEL.INFO, "fskv", "fskv_lfs mount ret -84, exec auto-format");
                region.formatted = true;
            }
            ctx.clog(LOG_LEVEL.DEBUG, "fskv", "init ok");
            inited = true;
        }
        lua.lua_pushboolean(L, inited);
        return 1;
    };

    /** l_fskv_set (luat_lib_fskv.c:84-185): the record by the value's type; false for other types, records over 4096 bytes, keys littlefs refuses, a full region. */
    const set = (L: LuaState): number => {
        if (!inited) return notInited();
        const key = keyAt(L, 1);
        let record: Uint8Array;
        switch (lua.lua_type(L, 2)) {
            case lua.LUA_TBOOLEAN:
                record = Uint8Array.of(T_BOOLEAN, lua.lua_toboolean(L, 2) ? 1 : 0);
                break;
            case lua.LUA_TNUMBER:
                if (lua.lua_isinteger(L, 2)) {
                    record = new Uint8Array(1 + intBytes);
                    record[0] = T_INTEGER;
                    const view = new DataView(record.buffer);
                    const value = lua.lua_tointeger(L, 2) as number;
                    view.setInt32(1, value, true);
                    if (intBytes === 8) view.setInt32(5, value < 0 ? -1 : 0, true);
                } else {
                    if (lua.lua_getglobal(L, S("pack")) === lua.LUA_TNIL) {
                        warn("float number need pack lib");
                        return pushFalse(L);
                    }
                    lua.lua_getfield(L, -1, S("pack"));
                    lua.lua_pushstring(L, S(">f"));
                    lua.lua_pushvalue(L, 2);
                    lua.lua_call(L, 2, 1);
                    if (!lua.lua_isstring(L, -1)) {
                        warn("kdb store number fail!!");
                        return pushFalse(L);
                    }
                    record = withType(T_NUMBER, lua.lua_tolstring(L, -1) as Uint8Array);
                }
                break;
            case lua.LUA_TSTRING:
                record = withType(T_STRING, lua.lua_tolstring(L, 2) as Uint8Array);
                break;
            case lua.LUA_TTABLE: {
                lua.lua_settop(L, 2);
                if (lua.lua_getglobal(L, S("json")) === lua.LUA_TNIL) {
                    warn("miss json lib, not support table value");
                    return pushFalse(L);
                }
                lua.lua_getfield(L, -1, S("encode"));
                if (!lua.lua_isfunction(L, -1)) {
                    warn("miss json.encode, not support table value");
                    return pushFalse(L);
                }
                lua.lua_pushvalue(L, 2);
                lua.lua_call(L, 1, 1);
                if (!lua.lua_isstring(L, -1)) {
                    warn("json.encode(val) report error");
                    return pushFalse(L);
                }
                record = withType(T_TABLE, lua.lua_tolstring(L, -1) as Uint8Array);
                break;
            }
            default:
                warn("function/userdata/nil/thread isn't allow");
                return pushFalse(L);
        }
        if (record.length > FSKV_MAX_RECORD) {
            ctx.clog(LOG_LEVEL.ERROR, "fskv", `value too big ${record.length} max ${FSKV_MAX_RECORD}`);
            return pushFalse(L);
        }
        // luat_fskv_set returns the bytes written; littlefs fails to open a bad name or to write into a full region.
        if (!validKey(key)) return pushFalse(L);
        lua.lua_pushboolean(L, region.set(key, record));
        return 1;
    };

    /** l_fskv_get (luat_lib_fskv.c:288-364): nothing for a missing key or a record under 2 bytes (an empty string). */
    const get = (L: LuaState) => {
        if (!inited) return notInited();
        const key = keyAt(L, 1);
        const skey = lauxlib.luaL_optlstring(L, 2, S("")) as Uint8Array;
        const record = validKey(key) ? region.records.get(key) : undefined;
        if (record === undefined || record.length < 2) return 0;
        const payload = record.subarray(1);
        switch (record[0]) {
            case T_BOOLEAN:
                lua.lua_pushboolean(L, record[1] !== 0);
                break;
            case T_NUMBER:
                // pack.unpack(data, ">f") returns (next position, value): the value is on top.
                lua.lua_getglobal(L, S("pack"));
                lua.lua_getfield(L, -1, S("unpack"));
                lua.lua_pushlstring(L, payload, payload.length);
                lua.lua_pushstring(L, S(">f"));
                lua.lua_call(L, 2, 2);
                break;
            case T_INTEGER:
                lua.lua_pushinteger(L, new DataView(record.buffer, record.byteOffset + 1).getInt32(0, true));
                break;
            case T_STRING:
                lua.lua_pushlstring(L, payload, payload.length);
                break;
            case T_TABLE:
                lua.lua_getglobal(L, S("json"));
                lua.lua_getfield(L, -1, S("decode"));
                lua.lua_pushlstring(L, payload, payload.length);
                lua.lua_call(L, 1, 1);
                if (skey.length > 0 && lua.lua_istable(L, -1)) lua.lua_getfield(L, -1, skey);
                break;
            default:
                warn(`bad value prefix ${(record[0] ?? 0).toString(16).toUpperCase().padStart(2, "0")}`);
                lua.lua_pushnil(L);
        }
        return 1;
    };

    /** l_fskv_del (luat_lib_fskv.c:374-387): true when the key is gone, missing keys included (luat_fskv_pc.c:363-372). */
    const del = (L: LuaState) => {
        if (!inited) return notInited();
        const key = keyAt(L, 1);
        let ret = 0;
        // lfs_remove: the root itself is LFS_ERR_INVAL; a path through an existing key is LFS_ERR_NOTDIR.
        if (key === "") ret = -22;
        else if (key.includes("/") && region.records.has(key.slice(0, key.indexOf("/")))) ret = -20;
        else region.delete(key);
        if (ret !== 0) warn(`lfs_remove ret ${ret}`);
        lua.lua_pushboolean(L, ret === 0);
        return 1;
    };

    /** l_fskv_clr (luat_lib_fskv.c:397-405): formats the region. */
    const clear = (L: LuaState) => {
        if (!inited) return notInited();
        region.clear();
        lua.lua_pushboolean(L, true);
        return 1;
    };

    /** l_fskv_iter (luat_lib_fskv.c:425-433): a userdata holding the position, 0. */
    const iter = (L: LuaState) => {
        if (!inited) return notInited();
        const ud = lua.lua_newuserdata(L, 0) as IterUserdata;
        ud.fskvOffset = 0;
        return 1;
    };

    /**
     * l_fskv_next (luat_lib_fskv.c:453-464): the key at the position in directory order, then the position
     * moves on; nothing at the end. No init check. The position is an index, so keys added or removed meanwhile
     * shift it. A value that is no userdata is a NULL pointer the C reads: the device faults.
     */
    const next = (L: LuaState) => {
        const ud = lua.lua_touserdata(L, 1) as IterUserdata | null;
        if (ud === null || typeof ud !== "object") {
            ctx.halt(L, "fskv.next: NULL iterator dereferenced (luat_lib_fskv.c:456): the firmware faults", true);
            return 0;
        }
        const offset = ud.fskvOffset ?? Number.MAX_SAFE_INTEGER;
        const keys = region.keys();
        const key = keys[offset];
        if (key === undefined) return 0;
        const bytes = keyBytes(key);
        lua.lua_pushlstring(L, bytes, bytes.length);
        ud.fskvOffset = offset + 1;
        return 1;
    };

    /** l_fskv_stat (luat_lib_fskv.c:476-489): used bytes (whole blocks, luat_fskv_pc.c:419-455), the region's size, the key count. */
    const status = (L: LuaState) => {
        if (!inited) return notInited();
        lua.lua_pushinteger(L, Math.min(region.usedBlocks() * FSKV_BLOCK, FSKV_TOTAL));
        lua.lua_pushinteger(L, FSKV_TOTAL);
        lua.lua_pushinteger(L, region.records.size);
        return 3;
    };

    /** l_fskv_sett (luat_lib_fskv.c:216-272): the stored table (or a new one) with t[skey] = value, stored again by set. */
    const sett = (L: LuaState) => {
        if (!inited) return notInited();
        const key = keyAt(L, 1);
        const skey = lauxlib.luaL_checklstring(L, 2) as Uint8Array;
        if (lua.lua_gettop(L) < 3) {
            ctx.clog(LOG_LEVEL.DEBUG, "fskv", "require key skey value");
            return 0;
        }
        const record = validKey(key) ? region.records.get(key) : undefined;
        // The C only reads records of 2 bytes and more (luat_fskv_pc.c:467).
        if (record !== undefined && record.length >= 2 && record[0] === T_TABLE) {
            const payload = record.subarray(1);
            lua.lua_getglobal(L, S("json"));
            lua.lua_getfield(L, -1, S("decode"));
            lua.lua_pushlstring(L, payload, payload.length);
            lua.lua_call(L, 1, 1);
            if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) {
                lua.lua_pop(L, 1);
                lua.lua_newtable(L);
            }
        } else lua.lua_newtable(L);
        lua.lua_pushvalue(L, 3);
        lua.lua_setfield(L, -2, skey);
        lua.lua_pushcfunction(L, set);
        lua.lua_pushvalue(L, 1);
        lua.lua_pushvalue(L, -3);
        lua.lua_call(L, 2, 1);
        return 1;
    };

    defineModule(ctx.L, "fskv", {
        init,
        set,
        get,
        del,
        clr: clear,
        clear,
        stat: status,
        status,
        iter,
        next,
        sett,
        // The fdb-compatible names (luat_lib_fskv.c:506-514).
        kvdb_init: init,
        kv_set: set,
        kv_get: get,
        kv_del: del,
        kv_clr: clear,
        kv_stat: status,
        kv_iter: iter,
        kv_next: next,
    });
    // luaopen_fskv also makes the library the global fdb (luat_lib_fskv.c:520-521).
    lua.lua_getglobal(ctx.L, S("fskv"));
    lua.lua_setglobal(ctx.L, S("fdb"));
}

function withType(type: number, payload: Uint8Array): Uint8Array {
    const record = new Uint8Array(1 + payload.length);
    record[0] = type;
    record.set(payload, 1);
    return record;
}
