/*
 * A Lua 5.3 bytecode writer for LUA_32BITS boards, without an external luac.
 *
 * The source is compiled by fengari's parser (a port of Lua 5.3's lparser.c
 * and lcode.c, with 32-bit integers like a LUA_32BITS build), and its
 * prototypes are written in the layout of lua-5.3 ldump.c for a 32-bit MCU:
 * int, size_t, Instruction, lua_Integer 4 bytes, lua_Number a 4-byte IEEE
 * float. The board's loader (lundump.c checkHeader) compares exactly these
 * sizes and the LUAC_INT/LUAC_NUM check values.
 *
 * Float constants are narrowed to float32 here; the device computes in
 * float, so a literal such as 0.1 means the same float on both sides. What
 * can differ: fengari folds constant float expressions (`0.1 + 0.2`) in
 * double precision before the narrowing, the device's parser in float, so a
 * folded result may be one float step apart (docs/heap.md).
 */
import { lauxlib, lua, to_luastring } from "fengari";
import { UserError } from "../common/user-error.js";

/** What debug information a chunk keeps. */
export type StripMode =
    /** Like `luac -s`: no source name, line numbers, local or upvalue names. */
    | "all"
    /** Source name and line numbers kept (errors read `main.lua:5:`), local and upvalue names dropped. */
    | "keep-lines"
    /** Everything, like plain `luac`. */
    | "none";

/** The strip modes, for option parsing. */
export const STRIP_MODES: readonly StripMode[] = ["all", "keep-lines", "none"];

// fengari's constant type tags (lobject.h): nil, boolean, float, integer, short and long string.
const T_NIL = 0;
const T_BOOLEAN = 1;
const T_NUMFLT = 3;
const T_NUMINT = 19;
const T_SHRSTR = 4;
const T_LNGSTR = 20;
/** LUAI_MAXSHORTLEN: strings up to this length are short (interned). */
const MAX_SHORT_STRING = 40;

const SIGNATURE = [0x1b, 0x4c, 0x75, 0x61];
const LUAC_DATA = [0x19, 0x93, 0x0d, 0x0a, 0x1a, 0x0a];

/** fengari's TString (lstring.js), as far as the writer reads it. */
interface FengariString {
    getstr(): Uint8Array;
}
/** fengari's TValue of a constant. */
interface FengariConstant {
    type: number;
    value: unknown;
}
/** fengari's Proto (lfunc.js). */
interface FengariProto {
    k: FengariConstant[];
    p: FengariProto[];
    code: { code: number }[];
    lineinfo: number[];
    upvalues: { instack: boolean | number; idx: number; name: FengariString | null }[];
    numparams: number;
    is_vararg: boolean;
    maxstacksize: number;
    locvars: { varname: FengariString; startpc: number; endpc: number }[];
    linedefined: number;
    lastlinedefined: number;
    source: FengariString | null;
}

/** Little-endian byte writer for the 32-bit layout. */
class ChunkWriter {
    private readonly parts: Buffer[] = [];

    bytes(data: ArrayLike<number>): void {
        this.parts.push(Buffer.from(data as Uint8Array));
    }

    byte(value: number): void {
        this.parts.push(Buffer.of(value & 0xff));
    }

    /** C `int` and `lua_Integer` and `size_t`: all 4 bytes here. */
    int(value: number): void {
        const b = Buffer.alloc(4);
        b.writeInt32LE(value | 0);
        this.parts.push(b);
    }

    float(value: number): void {
        const b = Buffer.alloc(4);
        b.writeFloatLE(value);
        this.parts.push(b);
    }

    /** DumpString: 0 for NULL, else size+1 (one byte, or 0xFF and a size_t) and the bytes without the NUL. */
    string(s: Uint8Array | null): void {
        if (s === null) return this.byte(0);
        const size = s.length + 1;
        if (size < 0xff) this.byte(size);
        else {
            this.byte(0xff);
            this.int(size);
        }
        this.bytes(s);
    }

    result(): Buffer {
        return Buffer.concat(this.parts);
    }
}

function writeFunction(w: ChunkWriter, f: FengariProto, parentSource: FengariString | null, strip: StripMode): void {
    const keepSource = strip !== "all" && f.source !== parentSource;
    w.string(keepSource && f.source !== null ? f.source.getstr() : null);
    w.int(f.linedefined);
    w.int(f.lastlinedefined);
    w.byte(f.numparams);
    w.byte(f.is_vararg ? 1 : 0);
    w.byte(f.maxstacksize);
    w.int(f.code.length);
    for (const instruction of f.code) w.int(instruction.code);
    w.int(f.k.length);
    for (const k of f.k) {
        switch (k.type & 0x3f) {
            case T_NIL:
                w.byte(T_NIL);
                break;
            case T_BOOLEAN:
                w.byte(T_BOOLEAN);
                w.byte(k.value ? 1 : 0);
                break;
            case T_NUMFLT:
                w.byte(T_NUMFLT);
                w.float(k.value as number);
                break;
            case T_NUMINT:
                w.byte(T_NUMINT);
                w.int(k.value as number);
                break;
            case T_SHRSTR:
            case T_LNGSTR: {
                const bytes = (k.value as FengariString).getstr();
                w.byte(bytes.length <= MAX_SHORT_STRING ? T_SHRSTR : T_LNGSTR);
                w.string(bytes);
                break;
            }
            default:
                throw new Error(`unexpected constant type ${k.type} in a compiled function`);
        }
    }
    w.int(f.upvalues.length);
    for (const up of f.upvalues) {
        w.byte(up.instack ? 1 : 0);
        w.byte(up.idx);
    }
    w.int(f.p.length);
    for (const child of f.p) writeFunction(w, child, f.source, strip);
    const lines = strip === "all" ? [] : f.lineinfo;
    w.int(lines.length);
    for (const line of lines) w.int(line);
    const locals = strip === "none" ? f.locvars : [];
    w.int(locals.length);
    for (const local of locals) {
        w.string(local.varname.getstr());
        w.int(local.startpc);
        w.int(local.endpc);
    }
    const upvalueNames = strip === "none" ? f.upvalues : [];
    w.int(upvalueNames.length);
    for (const up of upvalueNames) w.string(up.name === null ? null : up.name.getstr());
}

/** The header of a chunk for a LUA_32BITS board (lua-5.3 ldump.c DumpHeader). */
function writeHeader(w: ChunkWriter): void {
    w.bytes(SIGNATURE);
    w.byte(0x53); // LUAC_VERSION
    w.byte(0); // LUAC_FORMAT
    w.bytes(LUAC_DATA);
    w.bytes([4, 4, 4, 4, 4]); // int, size_t, Instruction, lua_Integer, lua_Number
    w.int(0x5678); // LUAC_INT
    w.float(370.5); // LUAC_NUM
}

/**
 * Compiles Lua source into a Lua 5.3 chunk for a LUA_32BITS board.
 *
 * @param source the Lua source.
 * @param chunkName the chunk's source name as the device would name it, e.g.
 *   `@/main.lua` (kept unless `strip` is "all"); also names the file in syntax errors.
 * @param strip what debug information to drop; default "all", like `luac -s`.
 * @throws UserError when the source does not parse (`file:line: message`).
 */
export function dumpLua32(source: Uint8Array, chunkName: string, strip: StripMode = "all"): Buffer {
    // A build dumps each module twice (the image, the heap step's copy of it): the second is a lookup.
    const key = `${strip}\0${chunkName}\0${Buffer.from(source).toString("latin1")}`;
    const known = recentDumps.get(key);
    if (known !== undefined) return Buffer.from(known);
    const chunk = compileChunk(source, chunkName, strip);
    recentDumps.set(key, chunk);
    if (recentDumps.size > RECENT_DUMPS) recentDumps.delete(recentDumps.keys().next().value as string);
    return Buffer.from(chunk);
}

/** How many chunks {@link dumpLua32} remembers (a firmware's modules, with room to spare). */
const RECENT_DUMPS = 256;
const recentDumps = new Map<string, Buffer>();

function compileChunk(source: Uint8Array, chunkName: string, strip: StripMode): Buffer {
    const L = lauxlib.luaL_newstate();
    const status = lauxlib.luaL_loadbufferx(L, source, source.length, to_luastring(chunkName), to_luastring("t")) as number;
    if (status !== lua.LUA_OK) {
        const message = new TextDecoder().decode(lua.lua_tolstring(L, -1) as Uint8Array);
        throw new UserError(`${chunkName.replace(/^[@=]\/?/, "")} does not compile: ${message}`);
    }
    const closure = lua.lua_topointer(L, -1) as { p: FengariProto; nupvalues: number };
    const w = new ChunkWriter();
    writeHeader(w);
    w.byte(closure.p.upvalues.length);
    writeFunction(w, closure.p, null, strip);
    return w.result();
}
