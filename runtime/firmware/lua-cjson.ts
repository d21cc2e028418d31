/**
 * lua-cjson as LuatOS builds it (the `json` module of both firmware
 * generations): the encoder and the decoder, with what each generation
 * does its own way (escapes, number printing, number tokens) passed in as
 * a {@link CjsonDialect}. The modules themselves are
 * runtime/firmware/netclient-2021/json.ts and runtime/firmware/current/json.ts.
 */
import { lauxlib, lua, S, textOf, type LuaState } from "../lua.js";

const MAX_DEPTH = 1000;
const SPARSE_RATIO = 2;
const SPARSE_SAFE = 10;

/** A Lua error raised by the encoder or decoder, carried to the protected wrapper. */
export class JsonError extends Error {}

/** The encoder's number settings (json_easy_config: one per firmware, kept between calls). */
export interface Precision {
    mode: "f" | "g";
    digits: number;
}

/** What one firmware's lua_cjson does its own way. */
export interface CjsonDialect {
    /** char2escape: the escape of a byte of a string, or undefined to copy it. */
    escapeOf(byte: number): string | undefined;
    /** An integer as the encoder prints it (`%ld`). */
    formatInteger(value: number): string;
    /** A finite float as the encoder prints it with the current settings. */
    formatFloat(value: number, precision: Precision): string;
    /** A number token of the decoder (the text from the token on): its length and the Lua value, or undefined for "invalid number". */
    readNumber(text: string, float32: boolean): { length: number; value: number; integer: boolean } | undefined;
}

/** What strtod accepts of a decimal number (hex, inf and nan are rejected before). */
export const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;

function encodeString(bytes: Uint8Array, out: number[], dialect: CjsonDialect): void {
    out.push(0x22);
    for (const byte of bytes) {
        const escape = dialect.escapeOf(byte);
        if (escape === undefined) out.push(byte);
        else for (let i = 0; i < escape.length; i++) out.push(escape.charCodeAt(i));
    }
    out.push(0x22);
}

function encodeNumber(L: LuaState, index: number, settings: EncodeSettings): string {
    const value = lua.lua_tonumber(L, index) as number;
    if (!Number.isFinite(value)) throw new JsonError("Cannot serialise number: must not be NaN or Inf");
    if (lua.lua_isinteger(L, index)) return settings.dialect.formatInteger(lua.lua_tointeger(L, index) as number);
    return settings.dialect.formatFloat(value, settings.precision);
}

/** The dialect and the number settings of one encode call. */
export interface EncodeSettings {
    dialect: CjsonDialect;
    precision: Precision;
}

/** lua_array_length: the array size of the table on top, or -1 for an object. */
function arrayLength(L: LuaState): number {
    let max = 0;
    let items = 0;
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2) !== 0) {
        const k = lua.lua_type(L, -2) === lua.LUA_TNUMBER ? (lua.lua_tonumber(L, -2) as number) : 0;
        if (k !== 0 && Math.floor(k) === k && k >= 1) {
            max = Math.max(max, k);
            items++;
            lua.lua_pop(L, 1);
            continue;
        }
        lua.lua_pop(L, 2);
        return -1;
    }
    if (max > items * SPARSE_RATIO && max > SPARSE_SAFE) throw new JsonError("Cannot serialise table: excessively sparse array");
    return max;
}

function pushAscii(out: number[], text: string): void {
    for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i));
}

/** json_append_data: the value on top of the stack. */
export function encodeValue(L: LuaState, depth: number, out: number[], settings: EncodeSettings): void {
    const type = lua.lua_type(L, -1);
    switch (type) {
        case lua.LUA_TSTRING:
            encodeString(lua.lua_tolstring(L, -1) as Uint8Array, out, settings.dialect);
            return;
        case lua.LUA_TNUMBER:
            pushAscii(out, encodeNumber(L, -1, settings));
            return;
        case lua.LUA_TBOOLEAN:
            pushAscii(out, lua.lua_toboolean(L, -1) ? "true" : "false");
            return;
        case lua.LUA_TNIL:
            pushAscii(out, "null");
            return;
        case lua.LUA_TTABLE: {
            if (depth + 1 > MAX_DEPTH || !lua.lua_checkstack(L, 3)) throw new JsonError(`Cannot serialise, excessive nesting (${depth + 1})`);
            const length = arrayLength(L);
            if (length > 0) {
                out.push(0x5b);
                for (let i = 1; i <= length; i++) {
                    if (i > 1) out.push(0x2c);
                    lua.lua_rawgeti(L, -1, i);
                    encodeValue(L, depth + 1, out, settings);
                    lua.lua_pop(L, 1);
                }
                out.push(0x5d);
                return;
            }
            out.push(0x7b);
            let comma = false;
            lua.lua_pushnil(L);
            while (lua.lua_next(L, -2) !== 0) {
                if (comma) out.push(0x2c);
                comma = true;
                const keyType = lua.lua_type(L, -2);
                if (keyType === lua.LUA_TNUMBER) {
                    out.push(0x22);
                    pushAscii(out, encodeNumber(L, -2, settings));
                    pushAscii(out, '":');
                } else if (keyType === lua.LUA_TSTRING) {
                    encodeString(lua.lua_tolstring(L, -2) as Uint8Array, out, settings.dialect);
                    out.push(0x3a);
                } else throw new JsonError(`Cannot serialise ${textOf(lua.lua_typename(L, keyType) as Uint8Array)}: table key must be a number or string`);
                encodeValue(L, depth + 1, out, settings);
                lua.lua_pop(L, 1);
            }
            out.push(0x7d);
            return;
        }
        case lua.LUA_TLIGHTUSERDATA:
            if (lua.lua_touserdata(L, -1) === null) {
                pushAscii(out, "null");
                return;
            }
        // falls through: other light userdata cannot be serialised
        default:
            throw new JsonError(`Cannot serialise ${textOf(lua.lua_typename(L, type) as Uint8Array)}: type not supported`);
    }
}

type Token =
    | { type: "T_OBJ_BEGIN" | "T_OBJ_END" | "T_ARR_BEGIN" | "T_ARR_END" | "T_COLON" | "T_COMMA" | "T_END" | "T_NULL"; index: number }
    | { type: "T_STRING"; index: number; value: Uint8Array }
    | { type: "T_NUMBER"; index: number; value: number; integer: boolean }
    | { type: "T_BOOLEAN"; index: number; value: boolean }
    | { type: "T_ERROR"; index: number; value: string };

const SINGLE: Record<number, Token["type"]> = { 0x7b: "T_OBJ_BEGIN", 0x7d: "T_OBJ_END", 0x5b: "T_ARR_BEGIN", 0x5d: "T_ARR_END", 0x2c: "T_COMMA", 0x3a: "T_COLON" };
const ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x74: 0x09, 0x6e: 0x0a, 0x66: 0x0c, 0x72: 0x0d };

/** The decoder over the bytes of one text (a NUL byte ends it, as in C). */
export class Parser {
    private ptr = 0;
    private depth = 0;

    constructor(
        private readonly L: LuaState,
        private readonly data: Uint8Array,
        private readonly float32: boolean,
        private readonly dialect: CjsonDialect,
    ) {}

    private at(i: number): number {
        return i < this.data.length ? this.data[i]! : 0;
    }

    private startsWith(word: string): boolean {
        for (let i = 0; i < word.length; i++) if (this.at(this.ptr + i) !== word.charCodeAt(i)) return false;
        return true;
    }

    next(): Token {
        let ch = this.at(this.ptr);
        while (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) ch = this.at(++this.ptr);
        const index = this.ptr;
        if (ch === 0) return { type: "T_END", index };
        const single = SINGLE[ch];
        if (single !== undefined) {
            this.ptr++;
            return { type: single, index } as Token;
        }
        if (ch === 0x22) return this.string(index);
        if (ch === 0x2d || (ch >= 0x30 && ch <= 0x39)) return this.number(index);
        if (this.startsWith("true")) {
            this.ptr += 4;
            return { type: "T_BOOLEAN", index, value: true };
        }
        if (this.startsWith("false")) {
            this.ptr += 5;
            return { type: "T_BOOLEAN", index, value: false };
        }
        if (this.startsWith("null")) {
            this.ptr += 4;
            return { type: "T_NULL", index };
        }
        return { type: "T_ERROR", index, value: "invalid token" };
    }

    private number(index: number): Token {
        let p = this.ptr;
        if (this.at(p) === 0x2d) p++;
        if (this.at(p) === 0x30) {
            const ch2 = this.at(p + 1);
            if ((ch2 | 0x20) === 0x78 || (ch2 >= 0x30 && ch2 <= 0x39)) return { type: "T_ERROR", index, value: "invalid number" };
        }
        let text = "";
        for (let i = this.ptr; i < this.data.length && i < this.ptr + 400 && this.data[i] !== 0; i++) text += String.fromCharCode(this.data[i]!);
        const number = this.dialect.readNumber(text, this.float32);
        if (number === undefined) return { type: "T_ERROR", index, value: "invalid number" };
        this.ptr += number.length;
        return { type: "T_NUMBER", index, value: number.value, integer: number.integer };
    }

    private hex4(at: number): number {
        let value = 0;
        for (let i = 0; i < 4; i++) {
            const ch = this.at(at + i) | 0x20;
            const digit = ch >= 0x30 && ch <= 0x39 ? ch - 0x30 : ch >= 0x61 && ch <= 0x66 ? ch - 0x61 + 10 : -1;
            if (digit < 0 || this.at(at + i) === 0) return -1;
            value = value * 16 + digit;
        }
        return value;
    }

    private string(index: number): Token {
        this.ptr++;
        const out: number[] = [];
        for (;;) {
            const ch = this.at(this.ptr);
            if (ch === 0x22) break;
            if (ch === 0) return { type: "T_ERROR", index: this.ptr, value: "unexpected end of string" };
            if (ch !== 0x5c) {
                out.push(ch);
                this.ptr++;
                continue;
            }
            const code = this.at(this.ptr + 1);
            if (code === 0x75) {
                let point = this.hex4(this.ptr + 2);
                let length = 6;
                if (point >= 0xdc00 && point <= 0xdfff) point = -1;
                else if (point >= 0xd800 && point <= 0xdbff) {
                    const low = this.at(this.ptr + 6) === 0x5c && this.at(this.ptr + 7) === 0x75 ? this.hex4(this.ptr + 8) : -1;
                    point = low >= 0xdc00 && low <= 0xdfff ? (((point & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000 : -1;
                    length = 12;
                }
                if (point < 0) return { type: "T_ERROR", index: this.ptr, value: "invalid unicode escape code" };
                out.push(...Buffer.from(String.fromCodePoint(point), "utf8"));
                this.ptr += length;
                continue;
            }
            const translated = ESCAPES[code];
            if (translated === undefined) return { type: "T_ERROR", index: this.ptr, value: "invalid escape code" };
            out.push(translated);
            this.ptr += 2;
        }
        this.ptr++;
        return { type: "T_STRING", index, value: Uint8Array.from(out) };
    }

    fail(expected: string, token: Token): never {
        const found = token.type === "T_ERROR" ? token.value : token.type;
        throw new JsonError(`Expected ${expected} but found ${found} at character ${token.index + 1}`);
    }

    private descend(slots: number): void {
        this.depth++;
        if (this.depth <= MAX_DEPTH && lua.lua_checkstack(this.L, slots)) return;
        throw new JsonError(`Found too many nested data structures (${this.depth}) at character ${this.ptr}`);
    }

    /** json_process_value: pushes the value that starts with `token`. */
    value(token: Token): void {
        const L = this.L;
        switch (token.type) {
            case "T_STRING":
                lua.lua_pushlstring(L, token.value, token.value.length);
                return;
            case "T_NUMBER":
                if (token.integer) lua.lua_pushinteger(L, token.value);
                else lua.lua_pushnumber(L, token.value);
                return;
            case "T_BOOLEAN":
                lua.lua_pushboolean(L, token.value);
                return;
            case "T_NULL":
                lua.lua_pushlightuserdata(L, null);
                return;
            case "T_OBJ_BEGIN": {
                this.descend(3);
                lua.lua_newtable(L);
                let t = this.next();
                if (t.type === "T_OBJ_END") break;
                for (;;) {
                    if (t.type !== "T_STRING") this.fail("object key string", t);
                    lua.lua_pushlstring(L, t.value, t.value.length);
                    t = this.next();
                    if (t.type !== "T_COLON") this.fail("colon", t);
                    this.value(this.next());
                    lua.lua_rawset(L, -3);
                    t = this.next();
                    if (t.type === "T_OBJ_END") break;
                    if (t.type !== "T_COMMA") this.fail("comma or object end", t);
                    t = this.next();
                }
                break;
            }
            case "T_ARR_BEGIN": {
                this.descend(2);
                lua.lua_newtable(L);
                let t = this.next();
                if (t.type === "T_ARR_END") break;
                for (let i = 1; ; i++) {
                    this.value(t);
                    lua.lua_rawseti(L, -2, i);
                    t = this.next();
                    if (t.type === "T_ARR_END") break;
                    if (t.type !== "T_COMMA") this.fail("comma or array end", t);
                    t = this.next();
                }
                break;
            }
            default:
                this.fail("value", token);
        }
        this.depth--;
    }
}


/** Runs `body` as the C's lua_pcall would: a {@link JsonError} (argument checks included) comes back as its message. */
export function protect(L: LuaState, body: () => number): number | string {
    const base = lua.lua_gettop(L);
    try {
        return body();
    } catch (error) {
        if (!(error instanceof JsonError)) throw error;
        lua.lua_settop(L, base);
        return error.message;
    }
}

/**
 * json.encode's body once the options are read: the text of the value at
 * index 1 (the only argument, `top` being how many there are), or nil and
 * the error message, as lua_cjson.c's protected encode returns them.
 */
export function encodeResult(L: LuaState, top: number, settings: EncodeSettings): number {
    const result = protect(L, () => {
        if (top !== 1) throw new JsonError("bad argument #1 to '?' (expected 1 argument)");
        const out: number[] = [];
        encodeValue(L, 0, out, settings);
        lua.lua_pushlstring(L, Uint8Array.from(out), out.length);
        return 1;
    });
    if (typeof result === "number") return result;
    lua.lua_pushnil(L);
    lua.lua_pushstring(L, S(result));
    return 2;
}

/** json.decode's body: the value of the text at index 1 pushed, or a {@link JsonError}. */
export function decodeText(L: LuaState, float32: boolean, dialect: CjsonDialect): number {
    if (lua.lua_gettop(L) !== 1) throw new JsonError("bad argument #1 to '?' (expected 1 argument)");
    if (!lua.lua_isstring(L, 1)) throw new JsonError(`bad argument #1 to '?' (string expected, got ${textOf(lauxlib.luaL_typename(L, 1) as Uint8Array)})`);
    const data = lua.lua_tolstring(L, 1) as Uint8Array;
    if (data.length >= 2 && (data[0] === 0 || data[1] === 0)) throw new JsonError("JSON parser does not support UTF-16 or UTF-32");
    const parser = new Parser(L, data, float32, dialect);
    parser.value(parser.next());
    const end = parser.next();
    if (end.type !== "T_END") parser.fail("the end", end);
    return 1;
}

/** json.decode as both generations return it: the value and 1, or nil, false and the message. */
export function decode(L: LuaState, float32: boolean, dialect: CjsonDialect): number {
    const result = protect(L, () => decodeText(L, float32, dialect));
    if (typeof result === "number") {
        lua.lua_pushinteger(L, 1);
        return 2;
    }
    lua.lua_pushnil(L);
    lua.lua_pushboolean(L, false);
    lua.lua_pushstring(L, S(result));
    return 3;
}
