/**
 * zbuff (luat_lib_zbuff.c): a fixed-size byte buffer as a userdata
 * ("ZBUFF*") with colon methods, indexing and `#`.
 *
 * The C struct keeps the cursor and the used length in one union field
 * (luat_zbuff.h:22-25), so `write`/`read`/`pack` move the same position that
 * `used()` reports and `socket.tx(ctrl, buff)` sends. Kept here: one `used`
 * field serves both.
 */
import { lauxlib, lua, S, bytesOf, defineModule, textOf, type JsFunction, type LuaState } from "../../lua.js";

/** The metatable name of zbuff userdata. */
export const ZBUFF_TYPE = "ZBUFF*";

/** One zbuff: `len` bytes of storage, `used` = the cursor. */
export interface Zbuff {
    addr: Uint8Array;
    len: number;
    used: number;
}

interface ZbuffUserdata {
    zbuff: Zbuff;
}

/** The zbuff at `idx`, or undefined when the value is not one. */
export function testZbuff(L: LuaState, idx: number): Zbuff | undefined {
    const ud = lauxlib.luaL_testudata(L, idx, S(ZBUFF_TYPE)) as ZbuffUserdata | null;
    return ud?.zbuff;
}

/** The zbuff at `idx`, raising the usual "ZBUFF* expected" argument error otherwise. */
export function checkZbuff(L: LuaState, idx: number): Zbuff {
    return (lauxlib.luaL_checkudata(L, idx, S(ZBUFF_TYPE)) as ZbuffUserdata).zbuff;
}

/** realloc semantics of __zbuff_resize: keeps the data, clamps `used`. */
export function resizeZbuff(buff: Zbuff, size: number): void {
    const next = new Uint8Array(Math.max(size, 1));
    next.set(buff.addr.subarray(0, Math.min(buff.addr.length, next.length)));
    buff.addr = next;
    buff.len = size;
    buff.used = Math.min(buff.used, size);
}

/** Appends up to the remaining room (add_bytes): returns how many bytes fit. */
function addBytes(buff: Zbuff, bytes: Uint8Array): number {
    const n = Math.min(bytes.length, buff.len - buff.used);
    buff.addr.set(bytes.subarray(0, n), buff.used);
    buff.used += n;
    return n;
}

const optInt = (L: LuaState, idx: number, dflt: number): number => lauxlib.luaL_optinteger(L, idx, dflt) as number;

/** Scalar types of pack/unpack and readXX/writeXX: size, signedness, float. */
interface Scalar {
    size: 1 | 2 | 4 | 8;
    signed: boolean;
    float: boolean;
}

const PACK_CODES: Record<string, Scalar> = {
    n: { size: 8, signed: true, float: true }, // lua_Number: a double in fengari
    d: { size: 8, signed: true, float: true },
    f: { size: 4, signed: true, float: true },
    c: { size: 1, signed: true, float: false },
    b: { size: 1, signed: false, float: false },
    h: { size: 2, signed: true, float: false },
    H: { size: 2, signed: false, float: false },
    i: { size: 4, signed: true, float: false },
    I: { size: 4, signed: false, float: false },
    l: { size: 8, signed: true, float: false },
    L: { size: 8, signed: false, float: false },
};

/** Encodes a number as `t` in little (native) or big endian. */
function encode(t: Scalar, value: number, bigEndian: boolean): Uint8Array {
    const bytes = new Uint8Array(t.size);
    const view = new DataView(bytes.buffer);
    const little = !bigEndian;
    if (t.float) {
        if (t.size === 4) view.setFloat32(0, value, little);
        else view.setFloat64(0, value, little);
    } else if (t.size === 8) view.setBigInt64(0, BigInt.asIntN(64, BigInt(Math.trunc(value))), little);
    else if (t.size === 4) view.setInt32(0, value | 0, little);
    else if (t.size === 2) view.setInt16(0, (value << 16) >> 16, little);
    else view.setInt8(0, (value << 24) >> 24);
    return bytes;
}

/** Decodes `t` at `offset`; integers come back as the 32-bit VM's lua_Integer (wrapped). */
function decode(t: Scalar, bytes: Uint8Array, offset: number, bigEndian: boolean): number {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, t.size);
    const little = !bigEndian;
    if (t.float) return t.size === 4 ? view.getFloat32(0, little) : view.getFloat64(0, little);
    if (t.size === 8) return Number(BigInt.asIntN(32, view.getBigInt64(0, little)));
    if (t.size === 4) return view.getInt32(0, little);
    if (t.size === 2) return t.signed ? view.getInt16(0, little) : view.getUint16(0, little);
    return t.signed ? view.getInt8(0) : view.getUint8(0);
}

const pushNumber = (L: LuaState, t: Scalar, value: number) => {
    if (t.float) lua.lua_pushnumber(L, value);
    else lua.lua_pushinteger(L, value);
};

/** Reads a format's repeat count after a code (`A10`, `I3`); undefined when there is none. */
function countAt(format: string, at: number): { count: number | undefined; next: number } {
    let i = at;
    while (i < format.length && format[i]! >= "0" && format[i]! <= "9") i += 1;
    return i === at ? { count: undefined, next: at } : { count: Number(format.slice(at, i)), next: i };
}

const badCode = (L: LuaState, c: string): never => lauxlib.luaL_argerror(L, 1, bytesOf(`bad code \`${c}'`)) as never;

const TYPED: Record<string, Scalar> = {
    I8: { size: 1, signed: true, float: false },
    U8: { size: 1, signed: false, float: false },
    I16: { size: 2, signed: true, float: false },
    U16: { size: 2, signed: false, float: false },
    I32: { size: 4, signed: true, float: false },
    U32: { size: 4, signed: false, float: false },
    I64: { size: 8, signed: true, float: false },
    U64: { size: 8, signed: false, float: false },
    F32: { size: 4, signed: true, float: true },
    F64: { size: 8, signed: true, float: true },
};

const methods: Record<string, JsFunction> = {
    write: L => {
        const buff = checkZbuff(L, 1);
        if (lua.lua_isinteger(L, 2)) {
            let n = 0;
            while (lua.lua_isinteger(L, 2 + n) && buff.used < buff.len) {
                buff.addr[buff.used] = (lua.lua_tointeger(L, 2 + n) as number) & 0xff;
                buff.used += 1;
                n += 1;
            }
            lua.lua_pushinteger(L, n);
            return 1;
        }
        const data = lauxlib.luaL_checklstring(L, 2) as Uint8Array;
        lua.lua_pushinteger(L, addBytes(buff, data));
        return 1;
    },
    read: L => {
        const buff = checkZbuff(L, 1);
        // The count is a size_t in C: a negative one is huge, so it reads to the end.
        const asked = optInt(L, 2, 1);
        const n = Math.min(asked < 0 ? Infinity : asked, buff.len - buff.used);
        if (n <= 0) {
            lua.lua_pushstring(L, S(""));
            return 1;
        }
        const out = buff.addr.slice(buff.used, buff.used + n);
        buff.used += n;
        lua.lua_pushlstring(L, out, out.length);
        return 1;
    },
    clear: L => {
        const buff = checkZbuff(L, 1);
        buff.addr.fill(optInt(L, 2, 0) & 0xff, 0, buff.len);
        return 0;
    },
    seek: L => {
        const buff = checkZbuff(L, 1);
        let offset = lauxlib.luaL_checkinteger(L, 2) as number;
        const whence = optInt(L, 3, 0);
        if (whence === 1) offset += buff.used;
        else if (whence === 2) offset += buff.len;
        else if (whence !== 0) return 0;
        buff.used = Math.min(Math.max(offset, 0), buff.len);
        lua.lua_pushinteger(L, buff.used);
        return 1;
    },
    pack: L => {
        const buff = checkZbuff(L, 1);
        const format = textOf(lauxlib.luaL_checkstring(L, 2) as Uint8Array);
        let arg = 3;
        let big = false;
        let written = 0;
        let i = 0;
        while (i < format.length) {
            if (buff.used === buff.len) break;
            const c = format[i]!;
            const { count, next } = countAt(format, i + 1);
            i = next;
            for (let k = 0; k < (count ?? 1) && buff.used < buff.len; k += 1) {
                if (c === "<" || c === ">" || c === "=") {
                    big = c === ">";
                    break;
                }
                if (c === " " || c === ",") continue;
                if (c === "A") {
                    written += addBytes(buff, lauxlib.luaL_checklstring(L, arg++) as Uint8Array);
                    continue;
                }
                const t = PACK_CODES[c];
                if (t === undefined) return badCode(L, c);
                const value = t.float ? (lauxlib.luaL_checknumber(L, arg++) as number) : (lauxlib.luaL_checkinteger(L, arg++) as number);
                written += addBytes(buff, encode(t, value, big));
            }
        }
        lua.lua_pushinteger(L, written);
        return 1;
    },
    unpack: L => {
        const buff = checkZbuff(L, 1);
        const format = textOf(lauxlib.luaL_checkstring(L, 2) as Uint8Array);
        const data = buff.addr.subarray(buff.used, buff.len);
        let offset = 0;
        let pushed = 0;
        let big = false;
        lua.lua_pushnil(L); // the count goes here
        let i = 0;
        outer: while (i < format.length) {
            const c = format[i]!;
            const { count, next } = countAt(format, i + 1);
            i = next;
            if (c === "A") {
                const n = count ?? 1;
                if (offset + n > data.length) break;
                lua.lua_pushlstring(L, data.slice(offset, offset + n), n);
                offset += n;
                pushed += 1;
                continue;
            }
            for (let k = 0; k < (count ?? 1); k += 1) {
                if (c === "<" || c === ">" || c === "=") {
                    big = c === ">";
                    break;
                }
                if (c === " " || c === ",") continue;
                const t = PACK_CODES[c];
                if (t === undefined) return badCode(L, c);
                if (offset + t.size > data.length) break outer;
                lua.lua_checkstack(L, 1);
                pushNumber(L, t, decode(t, data, offset, big));
                offset += t.size;
                pushed += 1;
            }
        }
        buff.used += offset;
        lua.lua_pushinteger(L, offset);
        lua.lua_replace(L, -pushed - 2);
        return pushed + 1;
    },
    get: L => index(L),
    toStr: L => {
        const buff = checkZbuff(L, 1);
        const start = Math.min(optInt(L, 2, 0), buff.len);
        let len = optInt(L, 3, buff.len);
        if (len < 0) {
            lua.lua_pushstring(L, S(""));
            return 1;
        }
        if (start + len > buff.len) len = buff.len - start;
        lua.lua_pushlstring(L, buff.addr.slice(start, start + len), len);
        return 1;
    },
    len: L => {
        lua.lua_pushinteger(L, checkZbuff(L, 1).len);
        return 1;
    },
    free: L => {
        const buff = checkZbuff(L, 1);
        buff.addr = new Uint8Array(0);
        buff.len = 0;
        buff.used = 0;
        return 0;
    },
    copy: L => {
        const buff = checkZbuff(L, 1);
        let at = optInt(L, 2, buff.used);
        if (at < 0) {
            at += buff.used;
            if (at < 0) {
                lua.lua_pushinteger(L, 0);
                return 1;
            }
        }
        let source: Uint8Array | undefined;
        if (lua.lua_isinteger(L, 3)) {
            const values: number[] = [];
            for (let k = 3; lua.lua_isinteger(L, k); k += 1) values.push((lua.lua_tointeger(L, k) as number) & 0xff);
            // The C loop grows the buffer by doubling as it walks.
            let n = 0;
            for (; n < values.length; n += 1) {
                if (at >= buff.len) resizeZbuff(buff, Math.max(at * 2, 1));
                buff.addr[at] = values[n]!;
                at += 1;
            }
            buff.used = Math.max(buff.used, at);
            lua.lua_pushinteger(L, n);
            return 1;
        }
        if (lua.lua_type(L, 3) === lua.LUA_TSTRING || lua.lua_type(L, 3) === lua.LUA_TNUMBER) source = lua.lua_tolstring(L, 3) as Uint8Array;
        else if (lua.lua_isuserdata(L, 3)) {
            const other = checkZbuff(L, 3);
            const start = optInt(L, 4, 0);
            const len = optInt(L, 5, other.used);
            if (start < 0 || start > other.len || len < 0 || len > other.len - start) {
                lua.lua_pushinteger(L, 0);
                return 1;
            }
            source = other.addr.slice(start, start + len);
        }
        if (source === undefined) {
            lua.lua_pushinteger(L, 0);
            return 1;
        }
        if (source.length + at > buff.len) resizeZbuff(buff, buff.len + source.length + at);
        buff.addr.set(source, at);
        buff.used = Math.max(buff.used, at + source.length);
        lua.lua_pushinteger(L, source.length);
        return 1;
    },
    set: L => {
        const buff = checkZbuff(L, 1);
        const value = optInt(L, 3, 0);
        const start = optInt(L, 2, 0);
        let len = optInt(L, 4, buff.len);
        if (start < 0 || start >= buff.len || len < 0) return 0;
        if (len + start > buff.len) len = buff.len - start;
        buff.addr.fill(value & 0xff, start, start + len);
        return 0;
    },
    query: L => {
        const buff = checkZbuff(L, 1);
        let start = optInt(L, 2, 0);
        if (start < 0) {
            start += buff.used;
            if (start < 0) {
                lua.lua_pushnil(L);
                return 1;
            }
        }
        start = Math.min(start, buff.used);
        let len = optInt(L, 3, buff.used);
        if (len < 0 || start + len > buff.used) len = buff.used - start;
        if (len === 0) {
            lua.lua_pushnil(L);
            return 1;
        }
        if (lua.lua_isboolean(L, 4) && len <= 8 && (len === 1 || len === 2 || len === 4 || len === 8)) {
            const big = lua.lua_toboolean(L, 4) as boolean;
            const signed = lua.lua_isboolean(L, 5) && (lua.lua_toboolean(L, 5) as boolean);
            const float = lua.lua_isboolean(L, 6) && (lua.lua_toboolean(L, 6) as boolean) && len >= 4;
            // 4 and 8 byte integers are always signed in the C code; floats are read in native (little) order.
            const t: Scalar = { size: len, signed: len >= 4 ? true : signed, float };
            pushNumber(L, t, decode(t, buff.addr, start, float ? false : big));
            return 1;
        }
        lua.lua_pushlstring(L, buff.addr.slice(start, start + len), len);
        return 1;
    },
    del: L => {
        const buff = checkZbuff(L, 1);
        let start = optInt(L, 2, 0);
        if (start < 0) {
            start += buff.used;
            if (start < 0) return 0;
        }
        if (start >= buff.used) return 0;
        let len = optInt(L, 3, buff.used);
        if (len < 0) return 0;
        if (start + len > buff.used) len = buff.used - start;
        if (len === 0) return 0;
        if (start + len !== buff.used) buff.addr.copyWithin(start, start + len, buff.used);
        buff.used -= len;
        return 0;
    },
    resize: L => {
        const buff = checkZbuff(L, 1);
        if (lua.lua_isinteger(L, 2)) resizeZbuff(buff, (lua.lua_tointeger(L, 2) as number) >>> 0);
        return 0;
    },
    used: L => {
        const buff = checkZbuff(L, 1);
        if (lua.lua_isinteger(L, 2)) buff.used = Math.min((lua.lua_tointeger(L, 2) as number) >>> 0, buff.len);
        lua.lua_pushinteger(L, buff.used);
        return 1;
    },
    isEqual: L => {
        const a = checkZbuff(L, 1);
        const off1 = optInt(L, 2, 0);
        const b = checkZbuff(L, 3);
        const off2 = optInt(L, 4, 0);
        const len = optInt(L, 5, 1);
        if (off1 < 0 || off1 > a.len || off2 < 0 || off2 > b.len || len < 0 || len > a.len - off1 || len > b.len - off2) {
            lua.lua_pushboolean(L, false);
            return 1;
        }
        for (let k = 0; k < len; k += 1) {
            if (a.addr[off1 + k] !== b.addr[off2 + k]) {
                lua.lua_pushboolean(L, false);
                lua.lua_pushinteger(L, k);
                return 2;
            }
        }
        lua.lua_pushboolean(L, true);
        lua.lua_pushinteger(L, 0);
        return 2;
    },
};
/**
 * `buff:toBase64(dst)` (`luat_lib_zbuff.c:1591`): the used bytes of `buff`
 * in base64 into `dst` from its start (with a NUL after, as mbedtls's
 * encoder writes), `dst`'s used length set to the text's; the length, or 0
 * when `dst` cannot hold the text and the NUL (the firmware then also logs
 * "zbuff toBase64 failed -1", which the simulator leaves out).
 */
methods.toBase64 = L => {
    const buff = checkZbuff(L, 1);
    const dst = checkZbuff(L, 2);
    const text = Buffer.from(buff.addr.subarray(0, buff.used)).toString("base64");
    if (text.length > 0 && dst.len < text.length + 1) {
        lua.lua_pushinteger(L, 0);
        return 1;
    }
    dst.addr.set(Buffer.from(text, "latin1"), 0);
    if (text.length > 0) dst.addr[text.length] = 0;
    dst.used = text.length;
    lua.lua_pushinteger(L, text.length);
    return 1;
};
methods.reSize = methods.resize!;
for (const [name, t] of Object.entries(TYPED)) {
    methods[`read${name}`] = L => {
        const buff = checkZbuff(L, 1);
        if (buff.len - buff.used < t.size) return 0;
        pushNumber(L, t, decode(t, buff.addr, buff.used, false));
        buff.used += t.size;
        return 1;
    };
    methods[`write${name}`] = L => {
        const buff = checkZbuff(L, 1);
        if (buff.len - buff.used < t.size) {
            lua.lua_pushinteger(L, 0);
            return 1;
        }
        const value = t.float ? (lauxlib.luaL_checknumber(L, 2) as number) : (lauxlib.luaL_checkinteger(L, 2) as number);
        buff.addr.set(encode(t, value, false), buff.used);
        buff.used += t.size;
        lua.lua_pushinteger(L, t.size);
        return 1;
    };
}

/** `buff[i]` and `buff:get(i)`: the byte, or nothing past the end. */
function index(L: LuaState): number {
    const buff = checkZbuff(L, 1);
    const o = lauxlib.luaL_checkinteger(L, 2) as number;
    // The offset is unsigned in C (size_t): a negative one is past the end too.
    if (o < 0 || o >= buff.len) return 0;
    lua.lua_pushinteger(L, buff.addr[o] ?? 0);
    return 1;
}

/** Pushes a new zbuff holding `bytes` with the cursor after them (used by other modules). */
export function pushZbuff(L: LuaState, len: number): Zbuff {
    const ud = lua.lua_newuserdata(L, 0) as ZbuffUserdata;
    ud.zbuff = { addr: new Uint8Array(Math.max(len, 1)), len, used: 0 };
    lauxlib.luaL_setmetatable(L, S(ZBUFF_TYPE));
    return ud.zbuff;
}

/** Installs the zbuff module and the ZBUFF* metatable; `warn` prints the C code's `W/zbuff` lines. */
export function installZbuff(L: LuaState, warn: (text: string) => void = () => undefined): void {
    lauxlib.luaL_newmetatable(L, S(ZBUFF_TYPE));
    const fns: Record<string, JsFunction> = {
        __len: methods.len!,
        __gc: methods.free!,
        __index: L1 => {
            if (lua.lua_isinteger(L1, 2)) return index(L1);
            if (lua.lua_type(L1, 2) === lua.LUA_TSTRING) {
                const method = methods[textOf(lua.lua_tolstring(L1, 2) as Uint8Array)];
                if (method !== undefined) {
                    lua.lua_pushcfunction(L1, method);
                    return 1;
                }
            }
            return 0;
        },
        __newindex: L1 => {
            if (!lua.lua_isinteger(L1, 2)) return 0;
            const buff = checkZbuff(L1, 1);
            const o = lua.lua_tointeger(L1, 2) as number;
            const n = (lauxlib.luaL_checkinteger(L1, 3) as number) % 256;
            if (o < 0 || o >= buff.len) {
                warn("zbuff index out of range, write refused");
                return 0;
            }
            buff.addr[o] = n & 0xff;
            return 0;
        },
    };
    for (const [name, fn] of Object.entries(fns)) {
        lua.lua_pushcfunction(L, fn);
        lua.lua_setfield(L, -2, S(name));
    }
    lua.lua_pop(L, 1);

    /** `{width, height, bit}`: ceil(width * height * bit / 8) bytes, 0 (no buffer) for a bad bit depth or size. */
    const frameBufferBytes = (L1: LuaState): number => {
        const field = (i: number) => {
            lua.lua_rawgeti(L1, 1, i);
            const value = lauxlib.luaL_checkinteger(L1, -1) as number;
            lua.lua_pop(L1, 1);
            return value;
        };
        const width = field(1) >>> 0;
        const height = field(2) >>> 0;
        const bit = field(3) & 0xff;
        if (![1, 4, 8, 16, 24, 32].includes(bit)) return 0;
        const bits = width * height * bit;
        // LUAT_ZBUFF_MAX_FRAME_BITS: 128 MB of pixels.
        if (width === 0 || height === 0 || bits > 128 * 1024 * 1024 * 8) return 0;
        return Math.floor((bits - 1) / 8) + 1;
    };

    defineModule(
        L,
        "zbuff",
        {
            create: L1 => {
                // A frame buffer {width, height, bits per pixel} (luat_lib_zbuff.c l_zbuff_create): the bytes of its pixels.
                // Its drawing functions are not emulated; the buffer is.
                const len = lua.lua_istable(L1, 1) ? frameBufferBytes(L1) : (lauxlib.luaL_checkinteger(L1, 1) as number);
                if (len < 0) warn("invalid zbuff length, create refused");
                if (len <= 0) return 0;
                const buff = pushZbuff(L1, len);
                if (lua.lua_isinteger(L1, 2)) buff.addr.fill((lua.lua_tointeger(L1, 2) as number) % 0x100 & 0xff, 0, len);
                else if (lua.lua_isstring(L1, 2)) {
                    const data = lua.lua_tolstring(L1, 2) as Uint8Array;
                    const n = Math.min(data.length, len);
                    buff.addr.set(data.subarray(0, n));
                    buff.used = n;
                }
                return 1;
            },
        },
        { SEEK_SET: 0, SEEK_CUR: 1, SEEK_END: 2, HEAP_AUTO: 0, HEAP_SRAM: 1, HEAP_PSRAM: 2 },
    );
}
