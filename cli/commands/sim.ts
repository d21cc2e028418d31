import type { Command } from "commander";
import { UserError } from "../../common/user-error.js";
import { formatFirmwareError, parseDuration, SimulatedDevice } from "../../runtime/index.js";
import { parseDnsOverrides } from "../../runtime/net/dns.js";
import { applyScenario, loadScenario } from "../../runtime/net/scenario.js";
import { runCommand } from "../run-command.js";
import { staleBuildWarning } from "../stale-build.js";

interface SimOptions {
    for?: string;
    net: string;
    dns: string[];
    seed?: string;
    scenario?: string;
    reboot?: boolean;
    cLogs?: boolean;
}

/** Runs a build folder on the simulated device and prints its serial output. */
export async function sim(buildDir: string, opts: SimOptions, out: (line: string) => void, err: (line: string) => void): Promise<number> {
    const stale = staleBuildWarning(process.cwd(), buildDir);
    if (stale !== undefined) err(`luatos-ts: ${stale}`);
    if (opts.for === undefined) throw new UserError("--for DURATION is required (e.g. --for 10s, 5m, 24h)");
    const duration = parseDuration(opts.for);
    if (opts.net !== "virtual" && opts.net !== "host") throw new UserError(`--net ${opts.net}: expected "virtual" or "host"`);
    let seed: number | undefined;
    if (opts.seed !== undefined) {
        if (!/^-?\d+$/.test(opts.seed)) throw new UserError(`--seed ${opts.seed}: expected an integer`);
        seed = Number(opts.seed);
    }
    const dns = parseDnsOverrides(opts.dns);
    if (opts.scenario !== undefined && opts.net === "host") throw new UserError("--scenario describes the virtual network; it cannot be used with --net host");
    const scenario = opts.scenario !== undefined ? await loadScenario(opts.scenario) : undefined;
    const reboot = opts.reboot === true;
    const device = new SimulatedDevice({
        buildDir,
        network: opts.net as "virtual" | "host",
        seed: seed ?? scenario?.seed ?? 1,
        dns,
        rebootOnCrash: reboot,
        firmwareLogs: opts.cLogs !== false,
        onLog: line => out(line.text),
    });
    try {
        const net = device.virtualNetwork;
        if (net !== undefined) {
            for (const [name, ip] of Object.entries(dns)) net.dns.set(name, ip);
            if (scenario !== undefined) await applyScenario(scenario, net);
        }
        const result = await device.run(duration, { stopOnCrash: !reboot });
        if (result.reason === "crash") {
            const error = device.errors[device.errors.length - 1];
            if (error !== undefined) err(formatFirmwareError(error));
            return 1;
        }
        if (reboot) err(`device time ${opts.for}: ${device.reboots} reboot(s), ${device.errors.length} error(s)`);
        return 0;
    } finally {
        device.dispose();
    }
}

export function registerSim(program: Command): void {
    program
        .command("sim")
        .description("run a build folder on the simulated LuatOS device and print its serial output")
        .argument("[BUILD_DIR]", "script folder with main.lua", "build/lua")
        .option("--for <duration>", "device time to run: 1500ms, 10s, 5m, 24h (required)")
        .option("--net <kind>", "virtual (in-process, deterministic) or host (real sockets, wall clock)", "virtual")
        .option("--dns <NAME=IP>", "resolve NAME to IP (repeatable)", (value: string, all: string[]) => [...all, value], [] as string[])
        .option("--seed <n>", "seed of the virtual network's random draws")
        .option("--scenario <file>", "virtual network scenario (.json, or a module exporting a setup function)")
        .option("--reboot", "keep rebooting after a crash like the device, and report the count at the end")
        .option("--no-c-logs", "hide the firmware's own C log lines (I/luat.netc ...)")
        .addHelpText("after", "\nExits 0 when the duration ends, 1 with the TypeScript-mapped traceback when the firmware crashes (unless --reboot).")
        .action((buildDir: string, opts: SimOptions) =>
            runCommand(() =>
                sim(
                    buildDir,
                    opts,
                    line => process.stdout.write(line + "\n"),
                    line => process.stderr.write(line + "\n"),
                ),
            ),
        );
}
