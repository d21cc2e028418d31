/**
 * What 32-bit floats cost the simulator: `npx tsx bench/float32.ts`.
 *
 * Runs the same Lua workloads on three kinds of state, each in a fresh
 * process: plain fengari without runtime/float32.ts's patch (the baseline), a
 * double-precision state once the patch is in (`numberBytes: 8`: the
 * replaced float setter only checks a flag), and a float32 state
 * (`numberBytes: 4`: every float result goes through Math.fround, floats
 * print through the firmware's printf). Prints the best CPU time of several
 * rounds after a warm-up, and the ratios to the baseline.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { lauxlib, lua, lualib, to_luastring } from "fengari";
import type { LuaState } from "../runtime/lua.js";
import { createLuaState } from "../runtime/vm.js";

const WORKLOADS: Record<string, string> = {
    "float arithmetic": "local x = 0.0 for i = 1, 300000 do x = x * 0.999 + i * 0.5 / 3 end return x",
    "float math.*": "local s = 0.0 for i = 1, 100000 do s = s + math.sqrt(i) + math.sin(i * 0.01) end return s",
    "integers and tables": "local t = {} for i = 1, 200000 do t[i % 100 + 1] = (t[i % 100 + 1] or 0) + i end return #t",
    "tostring of floats": "local n = 0 for i = 1, 50000 do n = n + #tostring(i * 0.1) end return n",
    "string.format %.2f": 'local n = 0 for i = 1, 50000 do n = n + #string.format("%.2f", i * 0.1) end return n',
};
const ROUNDS = 5;

function plainState(): LuaState {
    const L = lauxlib.luaL_newstate() as LuaState;
    lualib.luaL_openlibs(L);
    return L;
}

function deviceState(numberBytes: 4 | 8): LuaState {
    return createLuaState({ buildDir: process.cwd(), mainThread: () => undefined, afterResume: () => {}, waitInAsync: () => {}, heapKb: () => 0, moduleLoaded: () => {}, numberBytes });
}

/** Best CPU time (user + system: steadier than wall time on a shared machine) of `ROUNDS` runs of `code` in `L`, in milliseconds. */
function time(L: LuaState, code: string): number {
    let best = Infinity;
    for (let round = 0; round < ROUNDS; round += 1) {
        const start = process.cpuUsage();
        if (lauxlib.luaL_dostring(L, to_luastring(code)) !== lua.LUA_OK) throw new Error(lua.lua_tojsstring(L, -1));
        lua.lua_settop(L, 0);
        const used = process.cpuUsage(start);
        best = Math.min(best, (used.user + used.system) / 1000);
    }
    return best;
}

const CONFIGS = ["fengari", "patched 64", "float32"] as const;
type Config = (typeof CONFIGS)[number];

/** Times every workload in one configuration (run in a fresh process each, so JIT state is comparable). */
function measure(config: Config): Record<string, number> {
    // Creating a float32 state installs the patch for the whole process; "patched 64" creates one first.
    const L = config === "fengari" ? plainState() : config === "float32" ? deviceState(4) : (deviceState(4), deviceState(8));
    for (const code of Object.values(WORKLOADS)) time(L, code); // warm-up
    return Object.fromEntries(Object.entries(WORKLOADS).map(([name, code]) => [name, time(L, code)]));
}

const asked = process.argv[2] as Config | undefined;
if (asked !== undefined) {
    console.log(JSON.stringify(measure(asked)));
} else {
    // Three passes over the configurations, interleaved, keeping each workload's best: a shared
    // machine's load then weighs on all configurations alike.
    const results = Object.fromEntries(CONFIGS.map(config => [config, {} as Record<string, number>])) as Record<Config, Record<string, number>>;
    for (let pass = 0; pass < 3; pass += 1) {
        for (const config of CONFIGS) {
            const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), config], { encoding: "utf8" });
            if (child.status !== 0) throw new Error(`${config}: ${child.stderr}`);
            const times = JSON.parse(child.stdout.trim().split("\n").pop()!) as Record<string, number>;
            for (const [name, ms] of Object.entries(times)) results[config][name] = Math.min(results[config][name] ?? Infinity, ms);
        }
    }
    console.log(`${"workload".padEnd(22)} ${"fengari".padStart(9)} ${"patched 64".padStart(11)} ${"float32".padStart(9)} ${"64/base".padStart(8)} ${"32/base".padStart(8)}`);
    for (const name of Object.keys(WORKLOADS)) {
        const base = results.fengari[name]!;
        const wide = results["patched 64"][name]!;
        const narrow = results.float32[name]!;
        const ms = (v: number) => `${v.toFixed(1)}ms`;
        console.log(`${name.padEnd(22)} ${ms(base).padStart(9)} ${ms(wide).padStart(11)} ${ms(narrow).padStart(9)} ${(wide / base).toFixed(2).padStart(8)} ${(narrow / base).toFixed(2).padStart(8)}`);
    }
}
