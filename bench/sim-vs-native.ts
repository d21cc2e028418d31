/**
 * Whole-process speed of `luatos-ts sim` against native Lua 5.3: the same
 * 10 s-heartbeat firmware (bench/sim-heartbeat.ts's) for 24 h of device
 * time, once on the simulator (`node bin/luatos-ts.js sim --for 24h`, which
 * runs dist/ when `npm ci` compiled it) and once on `lua5.3` over a minimal
 * C layer in Lua (bench/sim-native.lua). Runs alternate (A B A B ...) and
 * the median of the pairwise ratios is printed, with the simulator's
 * start-up (`--for 0ms`) and the cost of one fengari coroutine yield/resume
 * against native. Run: npx tsx bench/sim-vs-native.ts [runs]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { lauxlib, lua, lualib, to_luastring } from "fengari";
import { compileStdlib } from "../compiler/stdlib.js";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";

const RUNS = Number(process.argv[2] ?? 5);
const MAIN = fs.readFileSync(path.join(TOOLKIT_ROOT, "bench", "sim-heartbeat.ts"), "utf8").split("const MAIN = `")[1]!.split("`;")[0]!;

function firmware(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-bench-"));
    for (const file of compileStdlib()) fs.writeFileSync(path.join(dir, file.name), file.data);
    fs.writeFileSync(path.join(dir, "main.lua"), MAIN);
    return dir;
}

/** Wall seconds of one whole process; its stdout is counted, not kept. */
function timed(command: string, args: string[]): { seconds: number; lines: number } {
    const start = performance.now();
    const result = spawnSync(command, args, { cwd: TOOLKIT_ROOT, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    const seconds = (performance.now() - start) / 1000;
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    return { seconds, lines: result.stdout.split("\n").filter(l => l.includes("user.beat")).length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Seconds per coroutine resume+yield pair in fengari, in this process. */
function fengariYield(pairs: number): number {
    const L = lauxlib.luaL_newstate();
    lualib.luaL_openlibs(L);
    const code = `local co = coroutine.wrap(function() while true do coroutine.yield() end end) for i = 1, ${pairs} do co() end`;
    if (lauxlib.luaL_loadstring(L, to_luastring(code)) !== lua.LUA_OK) throw new Error("load");
    const start = performance.now();
    lua.lua_call(L, 0, 0);
    return (performance.now() - start) / 1000 / pairs;
}

function nativeYield(pairs: number): number {
    const code = `local co = coroutine.wrap(function() while true do coroutine.yield() end end) local t = os.clock() for i = 1, ${pairs} do co() end print(os.clock() - t)`;
    const result = spawnSync("lua5.3", ["-e", code], { encoding: "utf8" });
    return Number(result.stdout.trim()) / pairs;
}

const dir = firmware();
try {
    const built = fs.existsSync(path.join(TOOLKIT_ROOT, "dist", ".built"));
    const sim = ["bin/luatos-ts.js", "sim", "--for", "24h", dir];
    const native = [path.join("bench", "sim-native.lua"), dir, String(86_400_000)];
    timed(process.execPath, sim); // warm the file cache
    const a: number[] = [];
    const b: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
        const s = timed(process.execPath, sim);
        const n = timed("lua5.3", native);
        if (s.lines !== 8640 || n.lines !== 8640) throw new Error(`expected 8640 heartbeats, got ${s.lines} (sim) and ${n.lines} (native)`);
        a.push(s.seconds);
        b.push(n.seconds);
        ratios.push(s.seconds / n.seconds);
    }
    const startup: number[] = [];
    for (let i = 0; i < RUNS; i += 1) startup.push(timed(process.execPath, ["bin/luatos-ts.js", "sim", "--for", "0ms", dir]).seconds);
    console.log(`heartbeat firmware, 24 h of device time (8640 log lines), ${RUNS} runs each, medians of whole processes:`);
    console.log(`  luatos-ts sim (${built ? "dist/ if current" : "tsx: no dist/, run npm run prepare"}): ${median(a).toFixed(3)} s wall`);
    console.log(`  lua5.3 + C layer in Lua:           ${median(b).toFixed(3)} s wall`);
    console.log(`  ratio sim / native:                ${median(ratios).toFixed(1)}x (goal <= 4x)`);
    console.log(`  sim start-up (--for 0ms):          ${median(startup).toFixed(3)} s wall`);
    // The floor of any Node simulator built on fengari: an empty Node process, then one that only loads fengari.
    const floor: number[] = [];
    for (let i = 0; i < RUNS; i += 1) floor.push(timed(process.execPath, ["-e", "require('fengari')"]).seconds);
    const nodeOnly: number[] = [];
    for (let i = 0; i < RUNS; i += 1) nodeOnly.push(timed(process.execPath, ["-e", "0"]).seconds);
    console.log(`  floor: node alone ${median(nodeOnly).toFixed(3)} s, node + fengari ${median(floor).toFixed(3)} s wall (${(median(floor) / median(b)).toFixed(1)}x native before any Lua runs)`);
    console.log(`  sim after start-up / native:       ${((median(a) - median(startup)) / median(b)).toFixed(1)}x`);
    const pairs = 200_000;
    fengariYield(pairs);
    const fy = median([fengariYield(pairs), fengariYield(pairs), fengariYield(pairs)]);
    const ny = median([nativeYield(pairs * 10), nativeYield(pairs * 10), nativeYield(pairs * 10)]);
    console.log(`  coroutine resume+yield: fengari ${(fy * 1e6).toFixed(2)} us, lua5.3 ${(ny * 1e6).toFixed(3)} us (${(fy / ny).toFixed(0)}x)`);
} finally {
    fs.rmSync(dir, { recursive: true, force: true });
}
