/**
 * A fresh Lua 5.3 state shaped like the firmware's: the standard libraries
 * the firmware links, `require` reading the script folder, and a coroutine
 * library that knows which coroutine is the device's main thread.
 *
 * main.lua runs in a coroutine that the host resumes, so `rtos.receive` can
 * hand control back to the host while the device waits. The device's main
 * chunk is not a coroutine, so the coroutine functions here treat that
 * coroutine as the main thread: yielding from it raises "attempt to yield
 * from outside a coroutine" exactly like the firmware.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { lauxlib, lua, lualib } from "fengari";
import { DeviceFiles } from "./device-files.js";
import { useFloat32 } from "./float32.js";
import { usePackWidths } from "./pack-widths.js";
import { installIo } from "./lua-io.js";
import { S, bytesOf, luaTracebackText, raise, raiseWhere, setFunctions, textOf, type LuaState } from "./lua.js";
import { moduleFiles } from "./modules.js";
import { markFlashResident } from "./memory.js";
import { runFinalizers } from "./finalizers.js";
import { isSuspendToken, type ResumeChain } from "./lua-suspend.js";
import { widenFloats } from "../image/bytecode.js";

/** What the VM asks of the device. */
export interface VmHooks {
    /** The script folder (build/lua). */
    buildDir: string;
    /** The device's main thread (the coroutine running main.lua). */
    mainThread(): LuaState | undefined;
    /** After any coroutine.resume returns: lets the device stop Lua (reboot, watchdog). */
    afterResume(L: LuaState): void;
    /** sys.wait (or any yield) inside a TSTL async function's coroutine. */
    waitInAsync(L: LuaState): void;
    /** collectgarbage("count") in KB. */
    heapKb(): number;
    /** collectgarbage("collect") or another option that runs the collector: the next figure must be fresh. */
    collected?(): void;
    /** Where the firmware mounts the script image, in the chunk names of required modules (`/luadb` on today's firmware); default: the root. */
    scriptFolder?: string;
    /** A module was loaded (the device wraps sys.publish to watch topics). */
    moduleLoaded(L: LuaState, name: string): void;
    /**
     * Kept by `coroutine.resume`/`wrap`: who resumed the running coroutine,
     * so a waiting C call can tell whether it may suspend the Lua thread
     * (lua-suspend.ts). A resume that gets the suspend token passes it on.
     */
    resumeChain?: ResumeChain;
    /**
     * Width of Lua floats in bytes: 4 (`LUA_32BITS`, the default: the 2021
     * firmware of the Air640W and Air302) gives 32-bit floats printed with
     * `%.7g`; 8 keeps fengari's doubles. Integers are 32-bit either way.
     */
    numberBytes?: 4 | 8;
    /** Width of the board's C pointers (addresses in `tostring`); default 4. */
    pointerBytes?: 4 | 8;
    /** Today's LuatOS: math.mininteger reads -18446744071562067968 in decimal (its integer-to-text negates in 64 bits). */
    wideMinInteger?: boolean;
    /**
     * The device's file system (io, os.remove, loadfile, require). Pass the
     * same instance at every boot so written files survive reboots; by
     * default each state gets a fresh one on `buildDir`.
     */
    files?: DeviceFiles;
}

/** Where TSTL's lualib defines its async machinery (lines in lualib_bundle.lua). */
interface AsyncLines {
    awaiterFirst: number;
    awaiterLast: number;
    awaitLine: number;
}

function findAsyncLines(buildDir: string): AsyncLines | undefined {
    const file = path.join(buildDir, "lualib_bundle.lua");
    if (!fs.existsSync(file)) return undefined;
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const awaiter = lines.findIndex(l => /function __TS__AsyncAwaiter\(/.test(l));
    const awaitAt = lines.findIndex(l => /function __TS__Await\(/.test(l));
    if (awaiter < 0 || awaitAt < 0) return undefined;
    return { awaiterFirst: awaiter + 1, awaiterLast: awaitAt, awaitLine: awaitAt + 1 };
}

/** The calling Lua function's chunk and definition line (stack level 1). */
function caller(L: LuaState): { file: string; defined: number } | undefined {
    const ar = new lua.lua_Debug();
    if (!lua.lua_getstack(L, 1, ar)) return undefined;
    lua.lua_getinfo(L, S("S"), ar);
    // Chunk names are device paths (`/lualib_bundle.lua`): compare them as partition-relative names.
    return { file: textOf(ar.short_src as Uint8Array).replace(/^\//, ""), defined: ar.linedefined as number };
}

/** Sets `table[name] = nil` for each name, on the global table `table` (the global itself when `table` is undefined). */
function removeFields(L: LuaState, table: string | undefined, names: string[]): void {
    if (table === undefined) lua.lua_pushglobaltable(L);
    else lua.lua_getglobal(L, S(table));
    for (const name of names) {
        lua.lua_pushnil(L);
        lua.lua_setfield(L, -2, S(name));
    }
    lua.lua_pop(L, 1);
}

/** The message of a script that cannot be read, as the firmware's luaL_loadfilex words it. */
const cannotOpen = (name: string) => `cannot open ${name}: No such file or directory`;

/**
 * Creates the state: the 2021 firmware's libraries and number model,
 * script-folder require, loadfile/dofile and io on the device's file
 * system, device coroutines.
 */
/** A Lua library built into the firmware image (not in the script folder). */
export interface BuiltinModule {
    /** Lua source. */
    source: Uint8Array;
    /** Device path shown in chunk names and tracebacks, e.g. `/lua/sys.lua`. */
    chunk: string;
}

/** collectgarbage's options in Lua 5.3 (lbaselib.c), in luaL_checkoption's order. */
const GC_OPTIONS = ["stop", "restart", "collect", "count", "step", "setpause", "setstepmul", "isrunning"] as const;

/** fengari's global state, shared by a state and all its coroutines. */
const globalStateOf = (L: LuaState): object => (L as unknown as { l_G: object }).l_G;

/** Built-in libraries per Lua state (shared by its threads through the global state). */
const BUILTIN_MODULES = new WeakMap<object, Map<string, BuiltinModule>>();

/**
 * Registers libraries the firmware carries built in: `require` finds them
 * after the script folder, as the current firmware's searcher does, so a
 * build's own file of the same name wins.
 */
export function registerBuiltinModules(L: LuaState, modules: Record<string, BuiltinModule>): void {
    const key = globalStateOf(L);
    const map = BUILTIN_MODULES.get(key) ?? new Map<string, BuiltinModule>();
    for (const [name, module] of Object.entries(modules)) map.set(name, module);
    BUILTIN_MODULES.set(key, map);
}

/**
 * The current firmware's module searcher (lua/src/loadlib.c searcher_Lua and
 * luat_search_module): names of 1 to 48 bytes, and up to four search path
 * templates set by `rtos.setPaths`, tried before the script files.
 */
export interface ModuleSearch {
    /** The templates (`/sdcard/%s.lua`), one `%s` each; "" is an unused slot. */
    customPaths: string[];
}

/** The module searcher of each Lua state that has the current firmware's (shared by its threads). */
const MODULE_SEARCHES = new WeakMap<object, ModuleSearch>();

/** Gives the state's `require` the current firmware's searcher; returns its settings, which `rtos.setPaths` changes. */
export function useModuleSearch(L: LuaState): ModuleSearch {
    const key = globalStateOf(L);
    let search = MODULE_SEARCHES.get(key);
    if (search === undefined) {
        search = { customPaths: ["", "", "", ""] };
        MODULE_SEARCHES.set(key, search);
    }
    return search;
}

/** luat_search_module's `snprintf(filename, 64, template, name)`: `%s` is the name, `%%` a percent sign, cut to 63 bytes. */
export function searchPathFile(template: string, name: string): string {
    const file = template.replace(/%([s%])/g, (_, c: string) => (c === "s" ? name : "%"));
    const bytes = bytesOf(file);
    return bytes.length <= 63 ? file : textOf(bytes.subarray(0, 63));
}

export function createLuaState(hooks: VmHooks): LuaState {
    const L = lauxlib.luaL_newstate() as LuaState;
    lualib.luaL_openlibs(L);
    if ((hooks.numberBytes ?? 4) === 4) useFloat32(L, hooks.pointerBytes ?? 4, hooks.wideMinInteger === true);
    usePackWidths(L, hooks.numberBytes ?? 4);
    const asyncLines = findAsyncLines(hooks.buildDir);
    const asyncThreads = new WeakSet<object>();
    const files = hooks.files ?? new DeviceFiles(hooks.buildDir);
    // The collector's settings as collectgarbage reports them: luat_main.c:44 sets the pause to 90 before
    // main.lua; the step multiplier is Lua's default (LUAI_GCMUL).
    const gc = { setpause: 90, setstepmul: 200, running: true };

    // ---- the library surface of the 2021 firmware (lua/src/linit.c, lmathlib.c, loslib.c, liolib.c) ----
    // No utf8 library (nor fengari's interop one); math without pi and huge; os without the process
    // functions; no string.dump and debug.debug.
    removeFields(L, undefined, ["utf8", "fengari"]);
    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    for (const name of ["utf8", "fengari"]) {
        lua.lua_pushnil(L);
        lua.lua_setfield(L, -2, S(name));
    }
    lua.lua_pop(L, 1);
    removeFields(L, "math", ["pi", "huge"]);
    removeFields(L, "os", ["exit", "getenv", "execute", "tmpname", "setlocale"]);
    removeFields(L, "string", ["dump"]);
    // fengari's string.char passes its message where the argument number goes ("' (" instead of the
    // message); this one raises "bad argument #i to 'char' (value out of range)" as lstrlib.c does.
    lua.lua_getglobal(L, S("string"));
    setFunctions(L, {
        char: L1 => {
            const n = lua.lua_gettop(L1) as number;
            const bytes = new Uint8Array(n);
            for (let i = 1; i <= n; i += 1) {
                const c = lauxlib.luaL_checkinteger(L1, i) as number;
                lauxlib.luaL_argcheck(L1, c >= 0 && c <= 255, i, S("value out of range"));
                bytes[i - 1] = c;
            }
            lua.lua_pushlstring(L1, bytes, n);
            return 1;
        },
    });
    lua.lua_pop(L, 1);
    removeFields(L, "debug", ["debug"]);
    // debug.traceback with C Lua's "(...tail calls...)" (fengari writes "(...tail calls..)").
    lua.lua_getglobal(L, S("debug"));
    lua.lua_getfield(L, -1, S("traceback"));
    const fengariTraceback = lua.lua_tocfunction(L, -1) as (L1: LuaState) => number;
    lua.lua_pop(L, 1);
    setFunctions(L, {
        traceback: L1 => {
            // ldblib.c db_traceback: the message is the argument after an optional thread; it is left as it is.
            const messageAt = lua.lua_type(L1, 1) === lua.LUA_TTHREAD ? 2 : 1;
            const message = lua.lua_isstring(L1, messageAt) ? (lua.lua_tolstring(L1, messageAt) as Uint8Array).length : 0;
            const results = fengariTraceback(L1);
            if (lua.lua_type(L1, -1) !== lua.LUA_TSTRING) return results;
            const text = luaTracebackText(lua.lua_tolstring(L1, -1) as Uint8Array, message);
            lua.lua_pop(L1, 1);
            lua.lua_pushstring(L1, text);
            return results;
        },
    });
    lua.lua_pop(L, 1);
    installIo(L, files);
    // The firmware's libraries are rotables (read-only tables in flash), not Lua tables: package.loaded
    // holds no table whose fields are their functions, so an argument error raised through pcall names
    // the function '?' ("bad argument #2 to '?' (zero)"), where fengari would find 'math.fmod'. A proxy
    // stands in for each of them there; the globals stay tables here (each generation then makes
    // them rotables, firmware/library-rotables.ts, replacing the proxies).
    // The heap model charges each library what its rotable costs on the device (a small userdata; the
    // names and functions stay in flash) and the proxies nothing (memory.ts markFlashResident).
    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    for (const name of ["string", "table", "coroutine", "math", "os", "io", "debug"]) {
        lua.lua_newuserdata(L, 0);
        markFlashResident(lua.lua_topointer(L, -1) as object, "alias");
        lua.lua_createtable(L, 0, 2);
        lua.lua_getglobal(L, S(name));
        markFlashResident(lua.lua_topointer(L, -1) as object, "rotable");
        lua.lua_setfield(L, -2, S("__index"));
        lua.lua_pushstring(L, S("rotable"));
        lua.lua_setfield(L, -2, S("__name"));
        lua.lua_setmetatable(L, -2);
        lua.lua_setfield(L, -2, S(name));
    }
    lua.lua_pop(L, 1);

    // A path reaching outside the script partition is a file that does not exist.
    const devicePath = (L1: LuaState, idx: number) => textOf(lauxlib.luaL_checkstring(L1, idx) as Uint8Array);
    const readScript = (name: string): Uint8Array | undefined => files.read(name.replace(/^\/luadb\//, "/"));
    // Precompiled 32-bit chunks (the image's .luac) are widened to fengari's 8-byte float layout: the same functions, stripped as shipped.
    const loadScript = (L1: LuaState, name: string, bytes: Uint8Array, mode: Uint8Array | null = null): number => {
        const chunk = widenFloats(bytes, name);
        return lauxlib.luaL_loadbufferx(L1, chunk, chunk.length, bytesOf("@" + name), mode) as number;
    };

    // ---- base library: loadfile/dofile on the device's files, collectgarbage("count") estimated ----
    lua.lua_pushglobaltable(L);
    setFunctions(L, {
        loadfile: L1 => {
            const name = devicePath(L1, 1);
            const mode = lua.lua_isnoneornil(L1, 2) ? null : (lauxlib.luaL_checkstring(L1, 2) as Uint8Array);
            const hasEnv = !lua.lua_isnone(L1, 3);
            const bytes = readScript(name);
            if (bytes === undefined) {
                lua.lua_pushnil(L1);
                lua.lua_pushstring(L1, bytesOf(cannotOpen(name)));
                return 2;
            }
            if (loadScript(L1, name, bytes, mode) !== lua.LUA_OK) {
                lua.lua_pushnil(L1);
                lua.lua_insert(L1, -2);
                return 2;
            }
            if (hasEnv) {
                lua.lua_pushvalue(L1, 3);
                if (lua.lua_setupvalue(L1, -2, 1) === null) lua.lua_pop(L1, 1);
            }
            return 1;
        },
        dofile: L1 => {
            const name = devicePath(L1, 1);
            lua.lua_settop(L1, 1);
            const bytes = readScript(name);
            if (bytes === undefined) raise(L1, cannotOpen(name));
            if (loadScript(L1, name, bytes!) !== lua.LUA_OK) return lua.lua_error(L1) as number;
            lua.lua_call(L1, 0, lua.LUA_MULTRET);
            return (lua.lua_gettop(L1) as number) - 1;
        },
        // lbaselib.c luaB_collectgarbage of Lua 5.3; there is no collector to drive, so only the answers are kept.
        collectgarbage: L1 => {
            const option = GC_OPTIONS[lauxlib.luaL_checkoption(L1, 1, S("collect"), GC_OPTIONS.map(o => S(o))) as number]!;
            const data = lauxlib.luaL_optinteger(L1, 2, 0) as number;
            switch (option) {
                case "count":
                    // The kilobytes only (5.3; 5.2 also returned the remainder in bytes).
                    lua.lua_pushnumber(L1, hooks.heapKb());
                    return 1;
                case "step":
                    // True when the step finished a cycle: a step of 0 is one basic step, a step of n KB
                    // finishes the cycle when it covers the heap.
                    lua.lua_pushboolean(L1, data > 0 && data >= hooks.heapKb());
                    return 1;
                case "setpause":
                case "setstepmul": {
                    const previous = gc[option];
                    gc[option] = data;
                    lua.lua_pushinteger(L1, previous);
                    return 1;
                }
                case "isrunning":
                    lua.lua_pushboolean(L1, gc.running);
                    return 1;
                default:
                    if (option === "stop" || option === "restart") gc.running = option === "restart";
                    // A full collect: the device's figures drop to the live data now.
                    if (option === "collect") {
                        hooks.collected?.();
                        // The cycle ends with the finalizers of what it found unreachable (lgc.c luaC_fullgc, GCTM).
                        runFinalizers(L1);
                    }
                    lua.lua_pushinteger(L1, 0);
                    return 1;
            }
        },
        // require as the firmware rewrote it (lua/src/loadlib.c ll_require): package.loaded, then the
        // script files; the chunk gets (file, name); a missing module is "module 'x' not found", with the
        // caller's position as luaL_error gives it.
        require: L1 => {
            const nameBytes = lauxlib.luaL_checkstring(L1, 1) as Uint8Array;
            const name = textOf(nameBytes);
            lua.lua_settop(L1, 1);
            lauxlib.luaL_getsubtable(L1, lua.LUA_REGISTRYINDEX, S("_LOADED"));
            lua.lua_getfield(L1, 2, S(name));
            if (lua.lua_toboolean(L1, -1)) return 1;
            lua.lua_pop(L1, 1);
            const search = MODULE_SEARCHES.get(globalStateOf(L1));
            if (search !== undefined && (nameBytes.length < 1 || nameBytes.length > 48)) {
                // searcher_Lua raises this with lua_error: no position.
                lua.lua_pushstring(L1, bytesOf(`module name '${name}' len ${nameBytes.length} is invalid`));
                return lua.lua_error(L1) as number;
            }
            // rtos.setPaths' templates come first, in their order; their files are device paths.
            const custom = search?.customPaths.filter(t => t !== "").map(t => searchPathFile(t, name)).find(p => readScript(p) !== undefined);
            const file = custom === undefined ? moduleFiles(name).find(f => readScript(f) !== undefined) : undefined;
            const builtin = custom === undefined && file === undefined ? BUILTIN_MODULES.get(globalStateOf(L1))?.get(name) : undefined;
            if (custom === undefined && file === undefined && builtin === undefined) return raiseWhere(L1, `module '${name}' not found`);
            const chunk = custom ?? (file !== undefined ? `${hooks.scriptFolder ?? ""}/${file}` : builtin!.chunk);
            const source = custom !== undefined ? readScript(custom)! : file !== undefined ? readScript(file)! : builtin!.source;
            if (loadScript(L1, chunk, source) !== lua.LUA_OK) {
                const message = textOf(lua.lua_tolstring(L1, -1) as Uint8Array);
                return raiseWhere(L1, `error loading module '${name}' from file '${chunk}':\n\t${message}`);
            }
            lua.lua_pushstring(L1, bytesOf(chunk));
            lua.lua_pushstring(L1, bytesOf(name));
            // On the device's main thread the module may wait for the host (rtos.receive yields there, where the
            // device blocks): the call continues in `loaded`. Elsewhere a yield inside a module is an error, as
            // ll_require's lua_call makes it.
            if (isMain(L1)) lua.lua_callk(L1, 2, 1, 0, (L2: LuaState) => loaded(L2, name));
            else lua.lua_call(L1, 2, 1);
            return loaded(L1, name);
        },
    });
    /** The rest of ll_require once the module's chunk has returned. */
    const loaded = (L1: LuaState, name: string): number => {
        hooks.moduleLoaded(L1, name);
        if (!lua.lua_isnil(L1, -1)) lua.lua_setfield(L1, 2, S(name));
        else lua.lua_pop(L1, 1);
        if (lua.lua_getfield(L1, 2, S(name)) === lua.LUA_TNIL) {
            lua.lua_pop(L1, 1);
            lua.lua_pushboolean(L1, true);
            lua.lua_pushvalue(L1, -1);
            lua.lua_setfield(L1, 2, S(name));
        }
        return 1;
    };
    lua.lua_pop(L, 1);
    // The firmware's luaopen_package only sets require: no package table.
    removeFields(L, undefined, ["package"]);
    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, S("_LOADED"));
    lua.lua_pushnil(L);
    lua.lua_setfield(L, -2, S("package"));
    lua.lua_pop(L, 1);

    // ---- coroutines that know the device's main thread ----
    const isMain = (L1: LuaState) => L1 === hooks.mainThread();
    const auxresume = (L1: LuaState, co: LuaState, narg: number): number => {
        if (!lua.lua_checkstack(co, narg)) {
            lua.lua_pushstring(L1, S("too many arguments to resume"));
            return -1;
        }
        if (lua.lua_status(co) === lua.LUA_OK && lua.lua_gettop(co) === 0) {
            lua.lua_pushstring(L1, S("cannot resume dead coroutine"));
            return -1;
        }
        lua.lua_xmove(L1, co, narg);
        hooks.resumeChain?.enter(L1);
        let status: number;
        try {
            status = lua.lua_resume(co, L1, narg) as number;
        } finally {
            hooks.resumeChain?.leave();
        }
        if (status === lua.LUA_OK || status === lua.LUA_YIELD) {
            const nres = lua.lua_gettop(co) as number;
            if (!lua.lua_checkstack(L1, nres + 1)) {
                lua.lua_pop(co, nres);
                lua.lua_pushstring(L1, S("too many results to resume"));
                return -1;
            }
            lua.lua_xmove(co, L1, nres);
            return nres;
        }
        lua.lua_xmove(co, L1, 1);
        return -1;
    };
    const newThread = (L1: LuaState): LuaState => {
        lauxlib.luaL_checktype(L1, 1, lua.LUA_TFUNCTION);
        const co = lua.lua_newthread(L1) as LuaState;
        lua.lua_pushvalue(L1, 1);
        lua.lua_xmove(L1, co, 1);
        const from = caller(L1);
        if (asyncLines !== undefined && from !== undefined && from.file === "lualib_bundle.lua" && from.defined >= asyncLines.awaiterFirst && from.defined < asyncLines.awaiterLast) {
            asyncThreads.add(co);
        }
        return co;
    };
    // A coroutine that yielded the suspend token waits in a C call: this resume yields it on
    // (only ever reached when the whole chain may yield, see ResumeChain.suspendable).
    const passSuspend = (L1: LuaState, r: number): boolean => r === 1 && isSuspendToken(L1, -1);
    const wrapResults = (L1: LuaState, r: number): number => {
        if (r < 0) {
            if (lua.lua_type(L1, -1) === lua.LUA_TSTRING) {
                lauxlib.luaL_where(L1, 1);
                lua.lua_insert(L1, -2);
                lua.lua_concat(L1, 2);
            }
            return lua.lua_error(L1) as number;
        }
        return r;
    };
    lua.lua_getglobal(L, S("coroutine"));
    setFunctions(L, {
        create: L1 => {
            newThread(L1);
            return 1;
        },
        resume: L1 => {
            const co = lua.lua_tothread(L1, 1) as LuaState | null;
            lauxlib.luaL_argcheck(L1, co !== null, 1, S("coroutine expected"));
            const finish = (L2: LuaState, r: number): number => {
                hooks.afterResume(L2);
                if (passSuspend(L2, r)) return lua.lua_yieldk(L2, 1, 0, (L3: LuaState) => finish(L3, auxresume(L3, co!, 0))) as number;
                if (r < 0) {
                    lua.lua_pushboolean(L2, false);
                    lua.lua_insert(L2, -2);
                    return 2;
                }
                lua.lua_pushboolean(L2, true);
                lua.lua_insert(L2, -(r + 1));
                return r + 1;
            };
            return finish(L1, auxresume(L1, co!, (lua.lua_gettop(L1) as number) - 1));
        },
        wrap: L1 => {
            newThread(L1);
            lua.lua_pushcclosure(
                L1,
                (L2: LuaState) => {
                    const co = lua.lua_tothread(L2, lua.lua_upvalueindex(1)) as LuaState;
                    const finish = (L3: LuaState, r: number): number => {
                        hooks.afterResume(L3);
                        if (passSuspend(L3, r)) return lua.lua_yieldk(L3, 1, 0, (L4: LuaState) => finish(L4, auxresume(L4, co, 0))) as number;
                        return wrapResults(L3, r);
                    };
                    return finish(L2, auxresume(L2, co, lua.lua_gettop(L2) as number));
                },
                1,
            );
            return 1;
        },
        yield: L1 => {
            if (isMain(L1)) raise(L1, "attempt to yield from outside a coroutine");
            if (!lua.lua_isyieldable(L1)) raise(L1, "attempt to yield across a C-call boundary");
            if (asyncThreads.has(L1)) {
                const from = caller(L1);
                if (!(from !== undefined && from.file === "lualib_bundle.lua" && from.defined === asyncLines?.awaitLine)) {
                    hooks.waitInAsync(L1);
                    raise(L1, "attempt to yield from outside a coroutine");
                }
            }
            return lua.lua_yield(L1, lua.lua_gettop(L1)) as number;
        },
        running: L1 => {
            lua.lua_pushthread(L1);
            lua.lua_pushboolean(L1, isMain(L1));
            return 2;
        },
        isyieldable: L1 => {
            lua.lua_pushboolean(L1, !isMain(L1) && lua.lua_isyieldable(L1));
            return 1;
        },
    });
    lua.lua_pop(L, 1);
    return L;
}
