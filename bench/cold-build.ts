/**
 * Cold build time: `luatos-ts build` of the reference firmware (src/)
 * against plain `tstl -p tstl.json` on the same sources, each a fresh
 * process, run in turn (A B A B ...) in one call so machine load affects
 * both alike. Prints wall and CPU seconds (user + system of the process
 * and its children) of every run, the medians and the ratios.
 *
 *     npx tsx bench/cold-build.ts [runs=5]
 *
 * `farm-bench --vs` cross-checks the figures from outside:
 *     farm-bench -n 5 --timeout 600 --vs 'npx tstl -p tstl.json --outDir /tmp/tstl-out' -- node bin/luatos-ts.js build -q
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runs = Number(process.argv[2] ?? 5);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-ts-cold-bench-"));
fs.cpSync(path.join(ROOT, "src"), path.join(dir, "src"), { recursive: true, filter: f => !f.endsWith("tsconfig.json") });
fs.writeFileSync(path.join(dir, "tstl.json"), JSON.stringify({ extends: path.join(ROOT, "tstl.json") }));
fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench", version: "1.0.0" }));

/** CPU seconds of this process's waited-for children so far (utime + stime of /proc/self/stat). */
function childCpuSeconds(): number {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state field (3).
    return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface Run {
    wall: number;
    cpu: number;
}

function time(command: string, args: string[]): Run {
    const cpu0 = childCpuSeconds();
    const t0 = performance.now();
    const result = spawnSync(command, args, { cwd: dir, encoding: "utf8", timeout: 300_000 });
    const wall = (performance.now() - t0) / 1000;
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    return { wall, cpu: childCpuSeconds() - cpu0 };
}

const tstlBin = path.join(ROOT, "node_modules", ".bin", "tstl");
const commands = {
    build: () => time(process.execPath, [path.join(ROOT, "bin", "luatos-ts.js"), "build", "-q"]),
    tstl: () => time(tstlBin, ["-p", "tstl.json", "--outDir", path.join(dir, "tstl-out")]),
};

// One unmeasured run of each: disk caches, the stdlib cache.
commands.build();
commands.tstl();
const measured: { build: Run; tstl: Run }[] = [];
for (let i = 1; i <= runs; i += 1) {
    const build = commands.build();
    const tstl = commands.tstl();
    measured.push({ build, tstl });
    console.log(`run ${i}: build ${build.wall.toFixed(2)} s wall, ${build.cpu.toFixed(2)} s cpu; tstl ${tstl.wall.toFixed(2)} s wall, ${tstl.cpu.toFixed(2)} s cpu; ratio wall ${(build.wall / tstl.wall).toFixed(2)}, cpu ${(build.cpu / tstl.cpu).toFixed(2)}`);
}
fs.rmSync(dir, { recursive: true, force: true });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const wallRatio = median(measured.map(m => m.build.wall / m.tstl.wall));
const cpuRatio = median(measured.map(m => m.build.cpu / m.tstl.cpu));
console.log(
    `median: build ${median(measured.map(m => m.build.wall)).toFixed(2)} s wall / ${median(measured.map(m => m.build.cpu)).toFixed(2)} s cpu, ` +
        `tstl ${median(measured.map(m => m.tstl.wall)).toFixed(2)} s wall / ${median(measured.map(m => m.tstl.cpu)).toFixed(2)} s cpu; ` +
        `ratio (pair by pair) wall ${wallRatio.toFixed(2)}, cpu ${cpuRatio.toFixed(2)} (goal: at most 1.3)`,
);
