/**
 * `bit` of the current generation (`lua/src/lbitlib.c`): Lua 5.2's bit32
 * library, opened as `bit32` and also set as the global `bit`
 * (`luaopen_bit32`, lbitlib.c:277), with LuatOS's `bit`, `set`, `clear`,
 * `isset` and `isclear`. The sources' extract does not see it (it is part
 * of the Lua core, without annotations).
 *
 * Numbers are taken as 32-bit unsigned values and the results come back as
 * Lua integers: on 32-bit firmware (LUA_32BITS: the PC build and the
 * modules) a result with bit 31 set is negative (`bit.bnot(0)` is -1), and
 * a float without an integer value (`2 ** 31` there) is refused.
 *
 * TypeScriptToLua reserves the names `bit` and `bit32` (LuaJIT's and Lua
 * 5.2's libraries), so the declarations call the library `bit_`; it
 * compiles to `bit`: `bit_.band(x, 0xff)` is `bit.band(x, 0xff)` in Lua.
 * @customName bit
 */
declare namespace bit_ {
    /** Bitwise and of all the arguments (-1, all ones, with none). Source: `lbitlib.c:58`. */
    function band(this: void, ...values: number[]): number;
    /** Bitwise or of all the arguments (0 with none). Source: `lbitlib.c:72`. */
    function bor(this: void, ...values: number[]): number;
    /** Bitwise exclusive or of all the arguments (0 with none). Source: `lbitlib.c:82`. */
    function bxor(this: void, ...values: number[]): number;
    /** Bitwise not. Source: `lbitlib.c:92`. */
    function bnot(this: void, value: number): number;
    /** Whether the bitwise and of the arguments is not zero. Source: `lbitlib.c:65`. */
    function btest(this: void, ...values: number[]): boolean;
    /** `value` shifted left by `count` bits: 0 from 32 on; a negative count shifts right. Source: `lbitlib.c:116`. */
    function lshift(this: void, value: number, count: number): number;
    /** `value` shifted right by `count` bits, zeros coming in: 0 from 32 on; a negative count shifts left. Source: `lbitlib.c:121`. */
    function rshift(this: void, value: number, count: number): number;
    /** `value` shifted right by `count` bits, copies of bit 31 coming in (-1 from 32 on for a negative value). Source: `lbitlib.c:126`. */
    function arshift(this: void, value: number, count: number): number;
    /** `value` rotated left by `count` bits (modulo 32). Source: `lbitlib.c:152`. */
    function lrotate(this: void, value: number, count: number): number;
    /** `value` rotated right by `count` bits (modulo 32). Source: `lbitlib.c:157`. */
    function rrotate(this: void, value: number, count: number): number;
    /**
     * The `width` bits (default 1) of `value` from bit `field` (0 is the
     * lowest). Raises an error when `field` is negative, `width` not positive
     * or `field + width` past 32. Source: `lbitlib.c:180`.
     */
    function extract(this: void, value: number, field: number, width?: number): number;
    /** `value` with the `width` bits (default 1) from bit `field` replaced by the low bits of `v`; errors as {@link bit_.extract}. Source: `lbitlib.c:190`. */
    function replace(this: void, value: number, v: number, field: number, width?: number): number;
    /** `1 << position` (on the PC build the position counts modulo 32: `bit.bit(32)` is 1). Source: `lbitlib.c:202`. */
    function bit(this: void, position: number): number;
    /** `value` with the bits at the positions set. Source: `lbitlib.c:209`. */
    function set(this: void, value: number, ...positions: number[]): number;
    /** `value` with the bits at the positions cleared. Source: `lbitlib.c:221`. */
    function clear(this: void, value: number, ...positions: number[]): number;
    /** Whether the bit at `position` of `value` is set. Source: `lbitlib.c:233`. */
    function isset(this: void, value: number, position: number): boolean;
    /** Whether the bit at `position` of `value` is clear. Source: `lbitlib.c:243`. */
    function isclear(this: void, value: number, position: number): boolean;
}
