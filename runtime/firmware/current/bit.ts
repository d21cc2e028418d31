/**
 * bit (lua/src/lbitlib.c): Lua 5.2's bit32 library on 32 bits, with
 * LuatOS's additions `bit`, `set`, `clear`, `isset` and `isclear`. The
 * firmware opens it as `bit32` (linit's table in bsp/pc/port/luat_base_mini.c,
 * LUA_COMPAT_BITLIB) and luaopen_bit32 makes the same library the global
 * `bit` too (lbitlib.c:277).
 *
 * Arguments are lua_Integers taken as unsigned; results are pushed back as
 * lua_Integer, so on LUA_32BITS firmware a result with bit 31 set is
 * negative (`bit.bnot(0)` is -1). Shifts and rotations follow the C:
 * `lshift`/`rshift`/`arshift` by 32 or more give 0 (or all ones), a
 * negative count shifts the other way, rotations take the count modulo 32.
 * The LuatOS additions shift `1 << pos` on a C `int`, which the PC build
 * (x86) does modulo 32: `bit.bit(32)` is 1 there (lbitlib.c:212).
 */
import { lauxlib, lua, S, defineModule, raiseWhere, type JsFunction, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";

/** LUA_NBITS */
const NBITS = 32;
/** ALLONES: the first NBITS bits set. */
const ALLONES = 0xffffffff;

/** checkunsigned: the argument as a 32-bit unsigned value. */
const unsignedAt = (L: LuaState, i: number): number => (lauxlib.luaL_checkinteger(L, i) as number) >>> 0;
const integerAt = (L: LuaState, i: number): number => lauxlib.luaL_checkinteger(L, i) as number;
/** pushunsigned: back to a (signed, 32-bit) lua_Integer. */
const pushUnsigned = (L: LuaState, r: number): number => {
    lua.lua_pushinteger(L, r | 0);
    return 1;
};
/**
 * C's `-i` on a lua_Integer. For the minimum it overflows, which the C
 * compiler assumes never happens: the PC build shifts as if the count were
 * 2^31 (`bit.rshift(-1, math.mininteger)` is 0), so the exact value stands.
 */
const negate = (i: number): number => -i;

function andAll(L: LuaState): number {
    const n = lua.lua_gettop(L) as number;
    let r = ALLONES;
    for (let i = 1; i <= n; i++) r = (r & unsignedAt(L, i)) >>> 0;
    return r;
}

/** b_shift: a negative count shifts right; 32 or more clears. */
function shift(L: LuaState, r: number, i: number): number {
    if (i < 0) {
        i = negate(i);
        r = i >= NBITS ? 0 : r >>> i;
    } else r = i >= NBITS ? 0 : (r << i) >>> 0;
    return pushUnsigned(L, r);
}

/** b_rot: the count modulo 32 (`d & (NBITS - 1)`). */
function rotate(L: LuaState, d: number): number {
    let r = unsignedAt(L, 1);
    const i = d & (NBITS - 1);
    if (i !== 0) r = ((r << i) | (r >>> (NBITS - i))) >>> 0;
    return pushUnsigned(L, r);
}

/** mask(n): n ones (1 <= n <= NBITS), with C's shifts (count modulo 32 on x86, as in JS). */
const mask = (n: number): number => ~((ALLONES << 1) << (n - 1)) >>> 0;

/** fieldargs: the field and width at `farg`, `farg + 1`, checked as the C checks them. */
function fieldArgs(L: LuaState, farg: number): [field: number, width: number] {
    const f = integerAt(L, farg);
    const w = lauxlib.luaL_optinteger(L, farg + 1, 1) as number;
    lauxlib.luaL_argcheck(L, 0 <= f, farg, S("field cannot be negative"));
    lauxlib.luaL_argcheck(L, 0 < w, farg + 1, S("width must be positive"));
    // f + w is a lua_Integer sum: it wraps on 32 bits.
    if (((f + w) | 0) > NBITS) raiseWhere(L, "trying to access non-existent bits");
    return [f, w];
}

/** `1 << pos` on a C int. */
const bitAt = (L: LuaState, i: number): number => 1 << integerAt(L, i);

const functions: Record<string, JsFunction> = {
    arshift: L => {
        const r = unsignedAt(L, 1);
        const i = integerAt(L, 2);
        if (i < 0 || (r & 0x80000000) === 0) return shift(L, r, negate(i));
        // Arithmetic shift of a "negative" number: the sign bit fills in.
        return pushUnsigned(L, i >= NBITS ? ALLONES : (r >>> i) | ~(ALLONES >>> i));
    },
    band: L => pushUnsigned(L, andAll(L)),
    bnot: L => pushUnsigned(L, ~unsignedAt(L, 1)),
    bor: L => {
        const n = lua.lua_gettop(L) as number;
        let r = 0;
        for (let i = 1; i <= n; i++) r |= unsignedAt(L, i);
        return pushUnsigned(L, r);
    },
    bxor: L => {
        const n = lua.lua_gettop(L) as number;
        let r = 0;
        for (let i = 1; i <= n; i++) r ^= unsignedAt(L, i);
        return pushUnsigned(L, r);
    },
    btest: L => {
        lua.lua_pushboolean(L, andAll(L) !== 0);
        return 1;
    },
    extract: L => {
        const r = unsignedAt(L, 1);
        const [f, w] = fieldArgs(L, 2);
        return pushUnsigned(L, (r >>> f) & mask(w));
    },
    lrotate: L => rotate(L, integerAt(L, 2)),
    lshift: L => shift(L, unsignedAt(L, 1), integerAt(L, 2)),
    replace: L => {
        const r = unsignedAt(L, 1);
        const v = unsignedAt(L, 2);
        const [f, w] = fieldArgs(L, 3);
        const m = mask(w);
        return pushUnsigned(L, (r & ~(m << f)) | ((v & m) << f));
    },
    rrotate: L => rotate(L, negate(integerAt(L, 2))),
    rshift: L => shift(L, unsignedAt(L, 1), negate(integerAt(L, 2))),
    bit: L => {
        lua.lua_pushinteger(L, bitAt(L, 1));
        return 1;
    },
    set: L => {
        let val = unsignedAt(L, 1);
        const total = lua.lua_gettop(L) as number;
        for (let i = 2; i <= total; i++) val |= bitAt(L, i);
        return pushUnsigned(L, val);
    },
    clear: L => {
        let val = unsignedAt(L, 1);
        const total = lua.lua_gettop(L) as number;
        for (let i = 2; i <= total; i++) val &= ~bitAt(L, i);
        return pushUnsigned(L, val);
    },
    isset: L => {
        const val = unsignedAt(L, 1);
        lua.lua_pushboolean(L, (val & bitAt(L, 2)) !== 0);
        return 1;
    },
    isclear: L => {
        const val = unsignedAt(L, 1);
        lua.lua_pushboolean(L, (val & bitAt(L, 2)) === 0);
        return 1;
    },
};

/** The bit library's functions, by name (lbitlib.c's `bitlib` table). */
export const BIT_FUNCTIONS: readonly string[] = Object.keys(functions);

/** Installs `bit32` and the same library as the global `bit`. */
export function installBit(ctx: FirmwareContext): void {
    defineModule(ctx.L, "bit32", functions);
    lua.lua_getglobal(ctx.L, S("bit32"));
    lua.lua_setglobal(ctx.L, S("bit"));
}
