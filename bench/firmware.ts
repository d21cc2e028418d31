/**
 * Benchmark of the reference firmware (src/):
 *
 * - simulation speed: device hours of the firmware, with the embedded
 *   collector on the virtual network, simulated per wall-clock second, on a
 *   calm network and under a fault mix (every hour: a reset, a peer close,
 *   5 minutes of interface down, 10 minutes of 1-byte splits, 10 minutes of
 *   coalescing);
 * - compiled size: the helper library (src/lib/), the application (src/app,
 *   config, main), sys.lua and the TSTL lualib the build ships, next to the
 *   full lualib bundle; and the check that the helper library plus any
 *   lualib it needs stays under 8 KB of Lua source.
 *
 *     npx tsx bench/firmware.ts [--hours 24]
 *
 * Prints figures; exits 1 when the helper library is over its budget.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { startTelemetryRig } from "../collector/rig.js";
import { build } from "../compiler/build.js";
import { bootDevice } from "../runtime/index.js";
import type { Fault } from "../runtime/net/faults.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The helper library's budget, in bytes of Lua source (the limit). */
const HELPER_BUDGET = 8 * 1024;
const FULL_LUALIB = path.join(ROOT, "node_modules", "typescript-to-lua", "dist", "lualib", "universal", "lualib_bundle.lua");

/** Builds src/ in a temporary copy of the project (build/lua of the checkout is left alone). */
function buildFirmware(): { dir: string; files: Record<string, number> } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-bench-firmware-"));
    fs.cpSync(path.join(ROOT, "src"), path.join(dir, "src"), { recursive: true });
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ extends: path.join(ROOT, "tstl.json") }));
    const result = build({ cwd: dir });
    return { dir, files: result.size.files };
}

function faultMix(hours: number): Fault[] {
    const session = { host: "collector.local", port: 9000 };
    const faults: Fault[] = [];
    for (let h = 0; h < hours; h++) {
        const at = h * HOUR;
        faults.push(
            { kind: "reset", at: at + 7 * MINUTE + 1234, ...session },
            { kind: "peer-close", at: at + 13 * MINUTE + 4321, ...session },
            { kind: "interface-down", from: at + 20 * MINUTE, until: at + 25 * MINUTE },
            { kind: "split", bytes: 1, from: at + 30 * MINUTE, until: at + 40 * MINUTE, ...session },
            { kind: "coalesce", hold: 2000, from: at + 45 * MINUTE, until: at + 55 * MINUTE, ...session },
        );
    }
    return faults;
}

/** Runs the firmware for `hours` device hours; returns device hours per wall second and what the collector got. */
async function simulate(buildDir: string, hours: number, faults: Fault[]): Promise<{ rate: number; samples: number; wallMs: number }> {
    const device = bootDevice({ buildDir, firmwareLogs: false, seed: 1 });
    const net = device.virtualNetwork!;
    const rig = startTelemetryRig(net);
    for (const fault of faults) net.addFault(fault);
    const started = performance.now();
    await device.run(hours * HOUR);
    const wallMs = performance.now() - started;
    const samples = rig.collector.distinct();
    if (device.errors.length > 0) throw new Error(`the firmware failed: ${device.errors[0]!.message}`);
    device.dispose();
    return { rate: hours / (wallMs / 1000), samples, wallMs };
}

function kb(bytes: number): string {
    return `${bytes} B (${(bytes / 1024).toFixed(1)} KB)`;
}

async function main(): Promise<void> {
    const at = process.argv.indexOf("--hours");
    const hours = at >= 0 ? Number(process.argv[at + 1]) : 24;
    if (!Number.isInteger(hours) || hours < 1) throw new Error("--hours takes a whole number of hours >= 1");

    const { dir, files } = buildFirmware();
    try {
        const buildDir = path.join(dir, "build", "lua");
        const sum = (pick: (name: string) => boolean) => Object.entries(files).filter(([name]) => pick(name)).reduce((a, [, bytes]) => a + bytes, 0);
        const helper = sum(name => name.startsWith("lib/"));
        const lualib = files["lualib_bundle.lua"] ?? 0;
        const sys = files["sys.lua"] ?? 0;
        const app = sum(name => name !== "lualib_bundle.lua" && name !== "sys.lua" && !name.startsWith("lib/"));
        const helperNeedsLualib = fs
            .readdirSync(path.join(buildDir, "lib"))
            .some(name => fs.readFileSync(path.join(buildDir, "lib", name), "utf8").includes("lualib_bundle"));
        const helperTotal = helper + (helperNeedsLualib ? lualib : 0);
        const full = fs.statSync(FULL_LUALIB).size;

        console.log("compiled size of src/ (Lua source as built, source maps not counted)");
        console.log(`  helper library (src/lib/)          ${kb(helper)}`);
        for (const [name, bytes] of Object.entries(files).filter(([n]) => n.startsWith("lib/"))) console.log(`    ${name.padEnd(30)} ${bytes} B`);
        console.log(`  firmware (src/app, config, main)   ${kb(app)}`);
        console.log(`  sys.lua (toolkit stdlib)           ${kb(sys)}`);
        console.log(`  lualib shipped                     ${kb(lualib)}`);
        console.log(`  total                              ${kb(helper + app + sys + lualib)}`);
        console.log(`  full lualib bundle (TSTL 1.37.1)   ${kb(full)}`);
        const within = helperTotal < HELPER_BUDGET;
        console.log(
            `helper library + the lualib it needs: ${kb(helperTotal)} of ${kb(HELPER_BUDGET)} budget — ${within ? "within" : "OVER"}` +
                (helperNeedsLualib ? "" : " (it needs no lualib)"),
        );

        console.log(`\nsimulation speed, ${hours} device hours each (one device, virtual network, collector, beacon, boot report)`);
        const calm = await simulate(buildDir, hours, []);
        console.log(`  calm network   ${calm.rate.toFixed(0)} device-hours per wall-second (${(calm.wallMs / 1000).toFixed(2)} s; ${calm.samples} samples collected)`);
        const faulty = await simulate(buildDir, hours, faultMix(hours));
        console.log(`  fault mix      ${faulty.rate.toFixed(0)} device-hours per wall-second (${(faulty.wallMs / 1000).toFixed(2)} s; ${faulty.samples} samples collected)`);
        if (!within) process.exitCode = 1;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 70;
});
