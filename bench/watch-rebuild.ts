/**
 * Watch-mode rebuild time: builds a copy of the reference firmware (src/)
 * in watch mode, then edits one module N times and prints the cold build
 * time and each warm rebuild time (event to output written).
 *
 *     npx tsx bench/watch-rebuild.ts [edits=10] [local|export] [--vs <checkout>]
 *
 * `local` (the default) adds a module-local statement, like most edits to a
 * function's body: only the edited module is transpiled again. `export` adds
 * an export, which changes the module's declarations, so TypeScript finds
 * every module that imports it affected and they are transpiled again too.
 *
 * `--vs <checkout>` runs a second session, from the toolkit in another
 * checkout (an older commit: `git worktree add /tmp/before <commit>`), in
 * the same process, editing the two in turn so machine load affects both
 * alike, and prints both medians and the ratios pair by pair (this
 * checkout / the other).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { WatchBuild, WatchOptions, Watcher } from "../compiler/watch.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const vsAt = args.indexOf("--vs");
const other = vsAt >= 0 ? args[vsAt + 1] : undefined;
if (vsAt >= 0 && (other === undefined || !fs.existsSync(path.join(other, "compiler", "watch.ts")))) throw new Error("--vs needs a checkout of the toolkit (a folder with compiler/watch.ts)");
const positional = vsAt >= 0 ? [...args.slice(0, vsAt), ...args.slice(vsAt + 2)] : args;
const edits = Number(positional[0] ?? 10);
const kind = positional[1] ?? "local";
if (kind !== "local" && kind !== "export") throw new Error(`edit kind must be local or export, not ${kind}`);

/** One watch session on a copy of a checkout's src/, built by that checkout's toolkit. */
interface Session {
    root: string;
    dir: string;
    target: string;
    original: string;
    builds: WatchBuild[];
    watcher: Watcher;
    latencies: number[];
    cpuTimes: number[];
}

async function start(root: string): Promise<Session> {
    const { watch } = (await import(pathToFileURL(path.join(root, "compiler", "watch.ts")).href)) as { watch: (options: WatchOptions) => Watcher };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-ts-watch-bench-"));
    fs.cpSync(path.join(root, "src"), path.join(dir, "src"), { recursive: true, filter: f => !f.endsWith("tsconfig.json") });
    fs.writeFileSync(path.join(dir, "tstl.json"), JSON.stringify({ extends: path.join(root, "tstl.json") }));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench", version: "1.0.0" }));
    // The module edited: the largest one, so the rebuild has real work.
    const sources = fs
        .readdirSync(path.join(dir, "src"), { recursive: true })
        .map(String)
        .filter(f => f.endsWith(".ts"));
    const target = path.join(dir, "src", sources.sort((a, b) => fs.statSync(path.join(dir, "src", b)).size - fs.statSync(path.join(dir, "src", a)).size)[0] ?? "main.ts");
    const builds: WatchBuild[] = [];
    const watcher = watch({ cwd: dir, onBuild: b => builds.push(b) });
    await watcher.ready;
    // A developer edits seconds after starting a session: its warm-up rebuilds are over by then (older checkouts have none).
    await (watcher as Watcher & { primed?: Promise<void> }).primed;
    const session = { root, dir, target, original: fs.readFileSync(target, "utf8"), builds, watcher, latencies: [], cpuTimes: [] };
    const first = await waitFor(session, 1);
    console.log(`${other === undefined ? "" : `${root}: `}cold build: ${first.ms} ms (${sources.length} modules); editing ${path.relative(dir, target)} (${kind} edits)`);
    return session;
}

async function waitFor(session: Pick<Session, "builds">, count: number): Promise<WatchBuild> {
    while (session.builds.length < count) await new Promise(r => setTimeout(r, 5));
    return session.builds[count - 1] as WatchBuild;
}

/** Edit `i` of a session: save, wait for the build, record the latency and this process's CPU time. */
async function edit(session: Session, i: number): Promise<void> {
    await new Promise(r => setTimeout(r, 150));
    const t0 = performance.now();
    // CPU time of this process from the edit to the output: the build's own work, steadier than wall time on a busy machine.
    const cpu0 = process.cpuUsage();
    fs.writeFileSync(session.target, `${session.original}\n${kind === "export" ? "export " : ""}const benchEdit${i} = ${i};\n`);
    const build = await waitFor(session, i + 1);
    const latency = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    session.latencies.push(latency);
    session.cpuTimes.push(cpuMs);
    const who = other === undefined ? "" : `${session.root === ROOT ? "this" : "other"} `;
    console.log(`${who}edit ${i}: build ${build.ms} ms, save to output ${latency.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms), ${build.ok ? build.changes.length + " file(s) changed" : "FAILED"}`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const sessions = [await start(ROOT), ...(other === undefined ? [] : [await start(path.resolve(other))])];
for (let i = 1; i <= edits; i += 1) {
    // The order alternates, so neither session always follows the other's build.
    for (const session of i % 2 === 1 ? sessions : [...sessions].reverse()) await edit(session, i);
}
for (const session of sessions) {
    await session.watcher.close();
    fs.rmSync(session.dir, { recursive: true, force: true });
}
for (const session of sessions) {
    const prefix = other === undefined ? "" : `${session.root}: `;
    console.log(
        `${prefix}save to output: median ${median(session.latencies).toFixed(0)} ms, max ${Math.max(...session.latencies).toFixed(0)} ms over ${edits} one-file edits; CPU median ${median(session.cpuTimes).toFixed(0)} ms`,
    );
}
const [mine, theirs] = sessions;
if (mine !== undefined && theirs !== undefined) {
    const wall = median(mine.latencies.map((l, i) => l / (theirs.latencies[i] ?? l)));
    const cpu = median(mine.cpuTimes.map((c, i) => c / (theirs.cpuTimes[i] ?? c)));
    console.log(`ratio this / other (pair by pair, median): save to output ${wall.toFixed(2)}, CPU ${cpu.toFixed(2)}`);
}
