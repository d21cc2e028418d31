/**
 * Suspending the whole Lua thread from inside a C call, for the wall clock.
 *
 * On the device a C call that waits (`socket.tsend`, a write to a full pipe,
 * `timer.mdelay`) stops the single Lua thread wherever it is, however deep
 * in coroutines. On the virtual clock the simulator waits in place by running
 * the clock inside the call. On the wall clock it cannot: Node's event loop
 * (real sockets, timers) only runs once the Lua code returns to the host. So
 * the waiting C function yields a private token, each `coroutine.resume` in
 * between yields it on to its own resumer, and the device's main coroutine
 * hands it to the host, which resumes the chain when the wait is over: every
 * resume re-enters its coroutine and the C function finishes through its
 * continuation. Lua code sees nothing of this.
 *
 * That is only possible where every thread of the chain may yield (not
 * inside a metamethod, `string.gsub` or `table.sort` callback, or `require`
 * of a module); {@link ResumeChain.suspendable} says whether it is.
 */
import { lua, type LuaState } from "./lua.js";

/** The light userdata a suspending C function yields (Lua code cannot make one). */
const SUSPEND_TOKEN = Object.freeze({ luatosTsSuspend: true });

/** Pushes the token a suspending C function yields (then `return lua_yieldk(L, 1, ...)`). */
export function pushSuspendToken(L: LuaState): void {
    lua.lua_pushlightuserdata(L, SUSPEND_TOKEN);
}

/** Whether the value at `idx` is the suspend token. */
export function isSuspendToken(L: LuaState, idx: number): boolean {
    return lua.lua_islightuserdata(L, idx) && lua.lua_touserdata(L, idx) === SUSPEND_TOKEN;
}

/** The threads that resumed the running coroutine, outermost first (kept by `coroutine.resume`/`wrap`). */
export class ResumeChain {
    private readonly resumers: LuaState[] = [];

    /** `from` is about to resume a coroutine. */
    enter(from: LuaState): void {
        this.resumers.push(from);
    }

    /** That resume returned. */
    leave(): void {
        this.resumers.pop();
    }

    /**
     * Whether `L`, running now, can suspend up to the host: it and every
     * resumer may yield, and the outermost is the main thread the host resumes.
     */
    suspendable(L: LuaState, main: LuaState | undefined): boolean {
        if (main === undefined || !lua.lua_isyieldable(L)) return false;
        if (this.resumers.length === 0) return L === main;
        return this.resumers[0] === main && this.resumers.every(r => lua.lua_isyieldable(r) as boolean);
    }
}
