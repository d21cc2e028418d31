/**
 * Running a build on luatos2021 (the 2021 firmware's C code built for
 * Linux, 32-bit, bget pool of `--lua-heap` bytes) to see whether it boots,
 * and finding the smallest pool it boots in. Used by the heap calibration
 * (bench/heap-calibration.ts) and the tests that hold the build's heap check
 * to it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { dumpLua32, type StripMode } from "../../image/lua-dump.js";
import { runLuatos2021Folder } from "./reference-programs.js";

/** How a build folder's Lua goes onto the device: as source, or as 32-bit bytecode with a strip mode. */
export type DeviceVariant = "source" | StripMode;

function walk(dir: string, prefix = ""): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
        if (entry.isDirectory()) out.push(...walk(path.join(dir, entry.name), rel));
        else out.push(rel);
    }
    return out;
}

/**
 * Writes a build folder (build/lua layout: `lib/conn.lua`) as the device's
 * script partition: Lua files flattened (`lib.conn.lua`, the image's naming),
 * as source or compiled to `.luac` with the given strip mode; source maps and
 * the build marker left out.
 */
export function writeDeviceFolder(luaDir: string, outDir: string, variant: DeviceVariant): string {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    for (const rel of walk(luaDir)) {
        if (rel.endsWith(".map") || rel.startsWith(".")) continue;
        const data = fs.readFileSync(path.join(luaDir, rel));
        if (!rel.endsWith(".lua")) {
            fs.writeFileSync(path.join(outDir, rel.replaceAll("/", ".")), data);
            continue;
        }
        const flat = rel.replaceAll("/", ".");
        if (variant === "source") fs.writeFileSync(path.join(outDir, flat), data);
        else fs.writeFileSync(path.join(outDir, flat + "c"), dumpLua32(data, "@/" + flat, variant));
    }
    return outDir;
}

/**
 * Writes a build folder in the simulator's layout (folders kept), with every
 * Lua file as source or as 32-bit bytecode; source maps are kept.
 */
export function writeSimulatorFolder(luaDir: string, outDir: string, variant: DeviceVariant): string {
    fs.rmSync(outDir, { recursive: true, force: true });
    for (const rel of walk(luaDir)) {
        const data = fs.readFileSync(path.join(luaDir, rel));
        const target = path.join(outDir, rel);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        if (variant === "source" || !rel.endsWith(".lua")) fs.writeFileSync(target, data);
        else fs.writeFileSync(target + "c", dumpLua32(data, "@/" + rel.replaceAll("/", "."), variant));
    }
    return outDir;
}

/** What one run on luatos2021 printed and whether it counts as booted. */
export interface Run2021 {
    /** Loaded and kept running: {@link loaded}, and no reboot before the end of the run. */
    booted: boolean;
    /**
     * The marker was printed (or the firmware rebooted itself with
     * `rtos.reboot()`, as a heap guard does) and no failure sign was: what
     * the pool decides. A guard counts memory the collector has not freed
     * yet, so a larger pool can trip it sooner.
     */
    loaded: boolean;
    output: string;
    status: number | null;
}

/** Options of a luatos2021 run. */
export interface Run2021Options {
    /** Pool bytes (`--lua-heap`). */
    heap: number;
    /** Wall time to run (`--for`), default 2500 ms. */
    forMs?: number;
    /** A line the firmware prints once it has loaded (booted = seen, and no failure). */
    marker: string;
    /** `--dns` entries. */
    dns?: string[];
}

/** Signs that the VM ran out of pool or stopped. */
export const FAILURE_SIGNS = ["not enough memory", "Lua VM exit"];

/**
 * Runs `dir` on luatos2021 with `--no-reboot`: booted when the marker was
 * printed, no failure sign was, and the firmware did not reboot (status 0 at
 * the end of `forMs`).
 */
export async function run2021(binary: string, dir: string, options: Run2021Options): Promise<Run2021> {
    const run = await runLuatos2021Folder(binary, dir, { forMs: options.forMs ?? 2500, luaHeap: options.heap, dns: options.dns });
    const { output, status } = run;
    // Status 3 without a failure sign: the firmware called rtos.reboot() itself (a heap guard), so it had loaded.
    const loaded = (output.includes(options.marker) || status === 3) && !FAILURE_SIGNS.some(sign => output.includes(sign));
    return { booted: loaded && status === 0, loaded, output, status: typeof status === "number" ? status : null };
}

/**
 * The smallest pool (to `step` bytes) in which `dir` loads on luatos2021
 * ({@link Run2021.loaded}: a planned reboot of the firmware's own after
 * loading does not count against the pool),
 * by binary search between `low` (assumed too small) and `high` (checked);
 * undefined when it does not boot even at `high`.
 */
export async function minimalPool(binary: string, dir: string, options: Omit<Run2021Options, "heap"> & { low?: number; high?: number; step?: number }): Promise<number | undefined> {
    let low = options.low ?? 12_000;
    let high = options.high ?? 160_000;
    const step = options.step ?? 256;
    if (!(await run2021(binary, dir, { ...options, heap: high })).loaded) return undefined;
    while (high - low > step) {
        const mid = Math.round((low + high) / 2 / 8) * 8;
        if ((await run2021(binary, dir, { ...options, heap: mid })).loaded) high = mid;
        else low = mid;
    }
    return high;
}
