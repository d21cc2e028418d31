// Minimal typing for fengari 0.1.5 (a Lua 5.3 VM in JavaScript), which ships
// no declarations. Its API mirrors the C API; values stay loosely typed.
declare module "fengari" {
    /** A Lua state or coroutine (fengari's lua_State). */
    export type LuaState = { readonly __luaState: unique symbol } & object;
    /** A JavaScript function callable from Lua: returns the number of results. */
    export type JsFunction = (L: LuaState) => number;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    export const lua: any;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    export const lauxlib: any;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    export const lualib: any;
    export function to_luastring(s: string, cache?: boolean): Uint8Array;
    export function to_jsstring(bytes: Uint8Array, from?: number, to?: number, replacementChar?: boolean): string;
}
// fengari internals the simulator patches to give a state 32-bit floats (runtime/float32.ts).
declare module "fengari/src/lobject.js" {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const lobject: any;
    export default lobject;
}
declare module "fengari/src/lstring.js" {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const lstring: any;
    export default lstring;
}
