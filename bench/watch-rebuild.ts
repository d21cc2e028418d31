/**
 * Watch-mode rebuild time: builds a copy of the reference firmware (src/)
 * in watch mode, then edits one module N times and prints the cold build
 * time and each warm rebuild time (event to output written).
 *
 *     npx tsx bench/watch-rebuild.ts [edits=10] [local|export]
 *
 * `local` (the default) adds a module-local statement, like most edits to a
 * function's body: only the edited module is transpiled again. `export` adds
 * an export, which changes the module's declarations, so TypeScript finds
 * every module that imports it affected and they are transpiled again too.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { watch, type WatchBuild } from "../compiler/watch.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const edits = Number(process.argv[2] ?? 10);
const kind = process.argv[3] ?? "local";
if (kind !== "local" && kind !== "export") throw new Error(`edit kind must be local or export, not ${kind}`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-ts-watch-bench-"));
fs.cpSync(path.join(ROOT, "src"), path.join(dir, "src"), { recursive: true, filter: f => !f.endsWith("tsconfig.json") });
fs.writeFileSync(path.join(dir, "tstl.json"), JSON.stringify({ extends: path.join(ROOT, "tstl.json") }));
fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench", version: "1.0.0" }));

// The module edited: the largest one, so the rebuild has real work.
const sources = fs
    .readdirSync(path.join(dir, "src"), { recursive: true })
    .map(String)
    .filter(f => f.endsWith(".ts"));
const target = path.join(dir, "src", sources.sort((a, b) => fs.statSync(path.join(dir, "src", b)).size - fs.statSync(path.join(dir, "src", a)).size)[0] ?? "main.ts");

const builds: WatchBuild[] = [];
const session = watch({ cwd: dir, onBuild: b => builds.push(b) });
await session.ready;
const waitFor = async (count: number) => {
    while (builds.length < count) await new Promise(r => setTimeout(r, 5));
    return builds[count - 1] as WatchBuild;
};

const first = await waitFor(1);
console.log(`cold build: ${first.ms} ms (${sources.length} modules); editing ${path.relative(dir, target)} (${kind} edits)`);
const original = fs.readFileSync(target, "utf8");
const latencies: number[] = [];
// CPU time of this process from the edit to the output: the build's own work, steadier than wall time on a busy machine.
const cpuTimes: number[] = [];
for (let i = 1; i <= edits; i += 1) {
    await new Promise(r => setTimeout(r, 150));
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    fs.writeFileSync(target, `${original}\n${kind === "export" ? "export " : ""}const benchEdit${i} = ${i};\n`);
    const build = await waitFor(i + 1);
    const latency = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    latencies.push(latency);
    cpuTimes.push(cpuMs);
    console.log(`edit ${i}: build ${build.ms} ms, save to output ${latency.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms), ${build.ok ? build.changes.length + " file(s) changed" : "FAILED"}`);
}
await session.close();
fs.rmSync(dir, { recursive: true, force: true });
const sorted = [...latencies].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
const cpuMedian = [...cpuTimes].sort((a, b) => a - b)[Math.floor(cpuTimes.length / 2)] ?? 0;
console.log(`save to output: median ${median.toFixed(0)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms over ${edits} one-file edits; CPU median ${cpuMedian.toFixed(0)} ms`);
