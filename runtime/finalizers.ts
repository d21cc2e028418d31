/**
 * `__gc` of userdata the firmware's C code gives a finalizer (the 2021
 * socket objects, luat_lib_socket.c `netc_gc`). fengari has no finalizers:
 * its objects are JavaScript objects the JavaScript collector frees
 * silently. So the simulator keeps the finalizable userdata of a state in a
 * list of its own (outside the Lua heap, as C Lua's `finobj` list is), and a
 * full collection (`collectgarbage()` / `"collect"`, {@link runFinalizers})
 * finds which of them Lua can no longer reach, with the heap estimate's walk
 * from the same roots C Lua marks from (the registry, the main thread, the
 * basic types' metatables; memory.ts), and calls their metatable's `__gc`
 * as lgc.c GCTM does: newest object first, once each, inside the call that
 * collected. Errors propagate as "error in __gc metamethod (<message>)".
 *
 * What the simulator does not model: the device's incremental collector
 * also finalizes garbage between explicit collections, at times that depend
 * on its allocation pace (luat_main.c sets the pause to 90); here `__gc`
 * runs only at an explicit full collection.
 */
import lobject from "fengari/src/lobject.js";
import { lua, S, textOf, type LuaState } from "./lua.js";
import { estimateHeapDetail } from "./memory.js";

/** fengari's tag of full userdata TValues (LUA_TUSERDATA). */
const LUA_TUSERDATA = 7;

/** The finalizable userdata of each global state (`L.l_G`), oldest first. */
const finalizable = new WeakMap<object, object[]>();

const globalStateOf = (L: LuaState): object => (L as unknown as { l_G: object }).l_G;

/**
 * Marks the userdata at `index` as finalizable: what C Lua's
 * luaC_checkfinalizer does when a metatable with `__gc` is set on it.
 */
export function markFinalizable(L: LuaState, index: number): void {
    const udata = lua.lua_topointer(L, index) as object | null;
    if (lua.lua_type(L, index) !== lua.LUA_TUSERDATA || udata === null) throw new Error("markFinalizable: not a full userdata");
    const list = finalizable.get(globalStateOf(L)) ?? [];
    list.push(udata);
    finalizable.set(globalStateOf(L), list);
}

/**
 * A full collection's finalizers: calls `__gc` of every marked userdata Lua
 * can no longer reach, newest first, on thread `L` (the caller of
 * collectgarbage). Returns how many ran.
 */
export function runFinalizers(L: LuaState): number {
    const list = finalizable.get(globalStateOf(L));
    if (list === undefined || list.length === 0) return 0;
    const reached = new Set<object>();
    estimateHeapDetail(L, undefined, { reached });
    const garbage = list.filter(udata => !reached.has(udata));
    if (garbage.length === 0) return 0;
    // Finalized objects leave the list: a resurrected object is not finalized again (lgc.c udata2finalize).
    finalizable.set(globalStateOf(L), list.filter(udata => reached.has(udata)));
    const order = garbage.reverse();
    for (let i = 0; i < order.length; i += 1) {
        const top = lua.lua_gettop(L) as number;
        lua.lua_checkstack(L, 3);
        lobject.pushobj2s(L, { type: LUA_TUSERDATA, value: order[i] });
        if (lua.lua_getmetatable(L, -1) === 0 || lua.lua_getfield(L, -1, S("__gc")) !== lua.LUA_TFUNCTION) {
            lua.lua_settop(L, top);
            continue;
        }
        lua.lua_remove(L, -2);
        lua.lua_insert(L, -2);
        if (lua.lua_pcall(L, 1, 0, 0) !== lua.LUA_OK) {
            // The objects not finalized yet wait for the next collection (they stay on lgc.c's tobefnz list).
            finalizable.get(globalStateOf(L))!.push(...order.slice(i + 1).reverse());
            const message = lua.lua_type(L, -1) === lua.LUA_TSTRING ? textOf(lua.lua_tolstring(L, -1) as Uint8Array) : "no message";
            lua.lua_settop(L, top);
            lua.lua_pushstring(L, S(`error in __gc metamethod (${message})`));
            lua.lua_error(L);
        }
    }
    return garbage.length;
}
