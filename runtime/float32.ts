/**
 * 32-bit floats and the firmware's number printing in fengari.
 *
 * Firmware built with `LUA_32BITS` (Air640W, Air302, ESP32) has 32-bit
 * integers, like fengari, and 32-bit floats, unlike fengari's JavaScript
 * doubles: `0.1 + 0.2 == 0.3` is true on the device, `16777217.0` is
 * `16777216.0`. Its Lua core also prints floats through its own printf
 * (number-format.ts): `tostring(1.5)` is `1.500000`.
 *
 * fengari has no build options for either, so a state is made "float32"
 * here, at run time:
 * - Every float result of the VM (arithmetic, for loops, string to number,
 *   the parser's constants and constant folding) is stored through
 *   `TValue.prototype.setfltvalue`; it is replaced by one that rounds with
 *   `Math.fround` while a float32 state is running. Whether one is running
 *   is tracked by wrapping the API entry points the host uses
 *   (`lua_resume`, `lua_pcall`, `lua_call`, the loaders): fengari has one
 *   prototype for every state in the process, and other states (the build's
 *   syntax check, the differential tests' reference VM) keep doubles.
 * - `lua_pushnumber` as the host calls it rounds for a float32 state; the
 *   libraries call fengari's internal one, so the float results of `math`,
 *   `string.unpack` and `os` functions are rounded by wrappers.
 * - `luaO_tostring` (used by `lua_tolstring` and `..`) is replaced to print
 *   with `%.7g`; `tostring` and `string.format` are the firmware's (lauxlib's
 *   `luaL_tolstring` and lstrlib's `str_format` over the embedded printf).
 *
 * Rounding each result of a double operation gives the float32 result for
 * `+ - * /` and `sqrt` of float32 operands (a double holds the exact
 * result of these to well past twice float's precision). It does not when an
 * operand is an integer above 2^24 (the device converts it to float first),
 * for `//` whose quotient rounds up to an integer in float, for the exit test
 * of a float `for` loop (compared before rounding), and string to number
 * conversions can differ in the last bit for decimal strings that fall
 * almost exactly between two floats (double rounding). docs/vm-differences.md
 * lists these.
 */
import { lauxlib, lua, to_luastring } from "fengari";
import lobject from "fengari/src/lobject.js";
import lstring from "fengari/src/lstring.js";
import { floatToString, formatOne, parseConversion } from "./number-format.js";
import type { JsFunction, LuaState } from "./lua.js";

/** fengari's tag for float TValues (LUA_TNUMFLT). */
const LUA_TNUMFLT = 3;
/** fengari's tag for integer TValues (LUA_TNUMINT). */
const LUA_TNUMINT = 3 | (1 << 4);

/** Marks a global state (`L.l_G`) whose floats are 32-bit (a property: checked on every API entry). */
const FLOAT32 = Symbol("luatos float32");

/** Marks a global state whose C pointers are 64-bit (`%p` then prints 16 hex digits, as on the PC build). */
const POINTER64 = Symbol("luatos pointer64");

/** Marks a global state whose decimal text of math.mininteger is today's LuatOS's (see {@link integerText}). */
const WIDE_MININT = Symbol("luatos wide mininteger");
/** How today's LuatOS (32-bit VM) writes -2^31 in decimal: its integer-to-text negates the value in 64 bits. */
const WIDE_MININT_TEXT = "-18446744071562067968";

/** Decimal text of integer `n` in state `L`. */
function integerText(L: LuaState, n: number): string {
    return n === -2147483648 && globalOf(L)[WIDE_MININT] === true ? WIDE_MININT_TEXT : String(n);
}

/** Whether the Lua code running now belongs to a float32 state. */
let float32Running = false;

const globalOf = (L: LuaState): Record<symbol, boolean> => (L as unknown as { l_G: Record<symbol, boolean> }).l_G;

/** Whether the state (or coroutine) `L` has 32-bit floats. */
export function isFloat32(L: LuaState): boolean {
    return globalOf(L)[FLOAT32] === true;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => any;

let installed = false;

/** Replaces fengari's float setter and number printing, and wraps the entry points (once per process). */
function patchFengari(): void {
    if (installed) return;
    installed = true;
    const proto = lobject.TValue.prototype as { setfltvalue(x: number): void; chgfltvalue(x: number): void; type: number; value: unknown };
    proto.setfltvalue = function (this: { type: number; value: unknown }, x: number) {
        this.type = LUA_TNUMFLT;
        this.value = float32Running ? Math.fround(x) : x;
    };
    proto.chgfltvalue = function (this: { value: unknown }, x: number) {
        this.value = float32Running ? Math.fround(x) : x;
    };

    const originalTostring = lobject.luaO_tostring as (L: LuaState, obj: { type: number; value: number; setsvalue(s: unknown): void }) => void;
    lobject.luaO_tostring = (L: LuaState, obj: { type: number; value: number; setsvalue(s: unknown): void }) => {
        if (obj.type === LUA_TNUMFLT && isFloat32(L)) {
            obj.setsvalue(lstring.luaS_bless(L, binaryBytes(floatToString(obj.value))));
            return;
        }
        if (obj.type === LUA_TNUMINT && obj.value === -2147483648 && globalOf(L)[WIDE_MININT] === true) {
            obj.setsvalue(lstring.luaS_bless(L, binaryBytes(WIDE_MININT_TEXT)));
            return;
        }
        originalTostring(L, obj);
    };

    const originalPushnumber = lua.lua_pushnumber as (L: LuaState, n: number) => void;
    lua.lua_pushnumber = (L: LuaState, n: number) => originalPushnumber(L, isFloat32(L) ? Math.fround(n) : n);

    // Entry points: the Lua code they run (or parse) belongs to L's state.
    // Hot (the device calls lua_call for every log line): fixed arity (lua_pcallk has the most
    // parameters, five after L), and nothing to do when the
    // running state does not change.
    const enter = (target: Record<string, unknown>, name: string): void => {
        const original = target[name] as AnyFunction;
        target[name] = (L: LuaState, a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown) => {
            const wanted = isFloat32(L);
            if (wanted === float32Running) return original(L, a, b, c, d, e);
            float32Running = wanted;
            try {
                return original(L, a, b, c, d, e);
            } finally {
                float32Running = !wanted;
            }
        };
    };
    for (const name of ["lua_resume", "lua_pcall", "lua_pcallk", "lua_call", "lua_callk", "lua_load", "lua_stringtonumber"]) enter(lua, name);
    for (const name of ["luaL_loadbufferx", "luaL_loadbuffer", "luaL_loadstring", "luaL_dostring", "luaL_loadfilex", "luaL_loadfile", "luaL_dofile"]) {
        if (typeof lauxlib[name] === "function") enter(lauxlib, name);
    }
}

/** A binary string (one char per byte) as Lua bytes. */
function binaryBytes(text: string): Uint8Array {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
    return bytes;
}

/** Lua bytes as a binary string. */
function binaryText(bytes: Uint8Array): string {
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return text;
}

/** Rounds the float results a library function left on the stack. */
function roundingResults(fn: JsFunction): JsFunction {
    return (L: LuaState) => {
        const n = fn(L);
        const top = lua.lua_gettop(L) as number;
        for (let i = top - n + 1; i <= top; i += 1) {
            if (lua.lua_type(L, i) === lua.LUA_TNUMBER && !lua.lua_isinteger(L, i)) {
                lua.lua_pushnumber(L, Math.fround(lua.lua_tonumber(L, i) as number));
                lua.lua_replace(L, i);
            }
        }
        return n;
    };
}

/** Wraps the functions of global table `lib` (all, or the names given) with {@link roundingResults}. */
function roundLibrary(L: LuaState, lib: string, names?: string[]): void {
    lua.lua_getglobal(L, to_luastring(lib));
    if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) {
        lua.lua_pop(L, 1);
        return;
    }
    const wanted = names === undefined ? undefined : new Set(names);
    const found: [Uint8Array, JsFunction][] = [];
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2) !== 0) {
        const fn: unknown = lua.lua_iscfunction(L, -1) ? lua.lua_tocfunction(L, -1) : null;
        if (lua.lua_type(L, -2) === lua.LUA_TSTRING && typeof fn === "function") {
            const key = lua.lua_tolstring(L, -2) as Uint8Array;
            if (wanted === undefined || wanted.has(binaryText(key))) found.push([key, fn as JsFunction]);
        }
        lua.lua_pop(L, 1);
    }
    for (const [key, fn] of found) {
        lua.lua_pushcfunction(L, roundingResults(fn));
        lua.lua_setfield(L, -2, key);
    }
    lua.lua_pop(L, 1);
}

const pointerIds = new WeakMap<object, number>();
let nextPointerId = 0x100;

/** A stand-in address for `%p`: the embedded printf prints pointers as uppercase hex digits, 8 or (64-bit) 16. */
function pointerText(value: unknown, wide = false): string {
    let id: number | undefined;
    if (typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "number") id = (value as { id: number }).id;
    else if ((typeof value === "object" && value !== null) || typeof value === "function") {
        id = pointerIds.get(value as object);
        if (id === undefined) {
            id = nextPointerId++;
            pointerIds.set(value as object, id);
        }
    }
    const text = formatOne("%08X", ((id ?? 0) * 16) >>> 0);
    return wide ? "00000000" + text : text;
}

/**
 * `luaL_tolstring` as the firmware has it: `__tostring`, floats with `%.7g`
 * through the embedded printf, other objects as `type: XXXXXXXX`. Pushes the
 * string and returns its bytes.
 */
export function deviceTolstring(L: LuaState, idx: number): Uint8Array {
    idx = lua.lua_absindex(L, idx) as number;
    if (lauxlib.luaL_callmeta(L, idx, S__tostring)) {
        if (!lua.lua_isstring(L, -1)) lauxlib.luaL_error(L, to_luastring("'__tostring' must return a string"));
        return lua.lua_tolstring(L, -1) as Uint8Array;
    }
    switch (lua.lua_type(L, idx)) {
        case lua.LUA_TNUMBER:
            if (lua.lua_isinteger(L, idx)) lua.lua_pushstring(L, to_luastring(integerText(L, lua.lua_tointeger(L, idx) as number)));
            else lua.lua_pushstring(L, binaryBytes(floatToString(lua.lua_tonumber(L, idx) as number)));
            break;
        case lua.LUA_TSTRING:
            lua.lua_pushvalue(L, idx);
            break;
        case lua.LUA_TBOOLEAN:
            lua.lua_pushstring(L, to_luastring(lua.lua_toboolean(L, idx) ? "true" : "false"));
            break;
        case lua.LUA_TNIL:
            lua.lua_pushstring(L, to_luastring("nil"));
            break;
        default: {
            const tt = lauxlib.luaL_getmetafield(L, idx, S__name) as number;
            const kind = tt === lua.LUA_TSTRING ? binaryText(lua.lua_tolstring(L, -1) as Uint8Array) : binaryText(lauxlib.luaL_typename(L, idx) as Uint8Array);
            if (tt !== lua.LUA_TNIL) lua.lua_pop(L, 1);
            lua.lua_pushstring(L, binaryBytes(`${kind}: ${pointerText(lua.lua_topointer(L, idx), globalOf(L)[POINTER64] === true)}`));
        }
    }
    return lua.lua_tolstring(L, -1) as Uint8Array;
}

const S__tostring = to_luastring("__tostring");
const S__name = to_luastring("__name");

/** Flags Lua's `string.format` accepts (lstrlib.c L_FMTFLAGS). */
const FORMAT_FLAGS = "-+ #0";

/** `%q` of a string (lstrlib.c addquoted). */
function quoted(s: string): string {
    let out = '"';
    for (let i = 0; i < s.length; i += 1) {
        const c = s.charCodeAt(i);
        const ch = s[i]!;
        if (ch === '"' || ch === "\\" || ch === "\n") out += "\\" + ch;
        else if (c < 32 || c === 127) {
            const next = s.charCodeAt(i + 1);
            out += next >= 48 && next <= 57 ? "\\" + String(c).padStart(3, "0") : "\\" + String(c);
        } else out += ch;
    }
    return out + '"';
}

/**
 * `string.format` of the 2021 firmware: Lua 5.3's `str_format` with every
 * item written by the embedded printf (number-format.ts). So `%g` keeps
 * trailing zeros, `%a` prints `a`, `%5.1f` pads `inf`.
 */
export const stringFormat: JsFunction = (L: LuaState) => {
    const top = lua.lua_gettop(L) as number;
    let arg = 1;
    const format = binaryText(lauxlib.luaL_checklstring(L, arg) as Uint8Array);
    let out = "";
    let i = 0;
    const fail = (message: string): never => {
        lauxlib.luaL_error(L, to_luastring("%s"), binaryBytes(message));
        throw new Error("unreachable");
    };
    while (i < format.length) {
        const ch = format[i]!;
        if (ch !== "%") {
            out += ch;
            i += 1;
            continue;
        }
        i += 1;
        if (format[i] === "%") {
            out += "%";
            i += 1;
            continue;
        }
        arg += 1;
        if (arg > top) lauxlib.luaL_argerror(L, arg, binaryBytes("no value"));
        // scanformat: flags, at most two digits of width and of precision.
        let p = i;
        while (p < format.length && FORMAT_FLAGS.includes(format[p]!)) p += 1;
        if (p - i >= FORMAT_FLAGS.length + 1) fail("invalid format (repeated flags)");
        const isDigit = (k: number) => format[k] !== undefined && format[k]! >= "0" && format[k]! <= "9";
        if (isDigit(p)) p += 1;
        if (isDigit(p)) p += 1;
        if (format[p] === ".") {
            p += 1;
            if (isDigit(p)) p += 1;
            if (isDigit(p)) p += 1;
        }
        if (isDigit(p)) fail("invalid format (width or precision too long)");
        const spec = "%" + format.slice(i, p + 1);
        const conversion = format[p] ?? "";
        i = p + 1;
        const c = parseConversion(spec)!;
        switch (conversion) {
            case "c":
                out += formatOne(c, lauxlib.luaL_checkinteger(L, arg) as number);
                break;
            case "d":
            case "i": {
                const n = lauxlib.luaL_checkinteger(L, arg) as number;
                const text = integerText(L, n);
                out += text === String(n) ? formatOne(c, n) : formatOne(parseConversion(spec.slice(0, -1) + "s")!, text);
                break;
            }
            case "o":
            case "u":
            case "x":
            case "X":
                out += formatOne(c, lauxlib.luaL_checkinteger(L, arg) as number);
                break;
            case "a":
            case "A":
                lauxlib.luaL_checknumber(L, arg);
                out += conversion;
                break;
            case "e":
            case "E":
            case "f":
            case "g":
            case "G":
                out += formatOne(c, lauxlib.luaL_checknumber(L, arg) as number);
                break;
            case "q":
                out += quotedLiteral(L, arg);
                break;
            case "s": {
                const s = binaryText(deviceTolstring(L, arg));
                lua.lua_pop(L, 1);
                if (spec === "%s") out += s;
                else {
                    lauxlib.luaL_argcheck(L, !s.includes("\0"), arg, binaryBytes("string contains zeros"));
                    out += !spec.includes(".") && s.length >= 100 ? s : formatOne(c, s);
                }
                break;
            }
            default:
                fail(`invalid option '%${conversion}' to 'format'`);
        }
    }
    lua.lua_pushlstring(L, binaryBytes(out), out.length);
    return 1;
};

/** `%q` of any value (lstrlib.c addliteral): floats go through `%a`, which the embedded printf prints as `a`. */
function quotedLiteral(L: LuaState, arg: number): string {
    switch (lua.lua_type(L, arg)) {
        case lua.LUA_TSTRING:
            return quoted(binaryText(lua.lua_tolstring(L, arg) as Uint8Array));
        case lua.LUA_TNUMBER: {
            if (!lua.lua_isinteger(L, arg)) return "a";
            const n = lua.lua_tointeger(L, arg) as number;
            return n === -0x80000000 ? "0x80000000" : String(n);
        }
        case lua.LUA_TNIL:
        case lua.LUA_TBOOLEAN: {
            const s = binaryText(deviceTolstring(L, arg));
            lua.lua_pop(L, 1);
            return s;
        }
        default:
            lauxlib.luaL_argerror(L, arg, binaryBytes("value has no literal form"));
            return "";
    }
}

/** `tostring(v)` of the firmware. */
const tostring: JsFunction = (L: LuaState) => {
    lauxlib.luaL_checkany(L, 1);
    deviceTolstring(L, 1);
    return 1;
};

/**
 * Gives state `L` the 2021 firmware's number model: 32-bit floats
 * (`LUA_32BITS`), floats printed with `%.7g` through the embedded printf,
 * and that firmware's `tostring` and `string.format` (addresses as wide as
 * the board's C pointers; with `wideMinInteger`, math.mininteger in decimal
 * as today's LuatOS writes it). Call before any Lua
 * code runs in the state.
 */
export function useFloat32(L: LuaState, pointerBytes: 4 | 8 = 4, wideMinInteger = false): void {
    patchFengari();
    globalOf(L)[FLOAT32] = true;
    if (pointerBytes === 8) globalOf(L)[POINTER64] = true;
    if (wideMinInteger) globalOf(L)[WIDE_MININT] = true;
    roundLibrary(L, "math");
    roundLibrary(L, "string", ["unpack"]);
    roundLibrary(L, "os", ["clock", "difftime"]);
    lua.lua_pushcfunction(L, tostring);
    lua.lua_setglobal(L, to_luastring("tostring"));
    lua.lua_getglobal(L, to_luastring("string"));
    lua.lua_pushcfunction(L, stringFormat);
    lua.lua_setfield(L, -2, to_luastring("format"));
    lua.lua_pop(L, 1);
}
