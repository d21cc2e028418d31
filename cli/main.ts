import * as fs from "node:fs";
import * as path from "node:path";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";
import { Command } from "commander";
import { ExitCode } from "../common/exit-codes.js";

const pkg = JSON.parse(fs.readFileSync(path.join(TOOLKIT_ROOT, "package.json"), "utf8")) as { version: string };

const program = new Command()
    .name("luatos-ts")
    .description("TypeScript toolkit for LuatOS firmware: build, simulate, pack and flash")
    .version(pkg.version)
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(`luatos-ts: ${text.replace(/^error: /, "")}`) })
    // Usage errors (unknown command or option, missing argument) exit 2; --help and --version exit 0. Inherited by every command added below.
    .exitOverride(error => process.exit(error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage));


// Each command pulls in heavy dependencies (TypeScript, fengari, serialport):
// load only the one asked for, or all of them for the general help.
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
    build: async () => (await import("./commands/build.js")).registerBuild,
    collector: async () => (await import("./commands/collector.js")).registerCollector,
    decode: async () => (await import("./commands/decode.js")).registerDecode,
    init: async () => (await import("./commands/init.js")).registerInit,
    pack: async () => (await import("./commands/pack.js")).registerPack,
    inspect: async () => (await import("./commands/inspect.js")).registerInspect,
    flash: async () => (await import("./commands/flash.js")).registerFlash,
    monitor: async () => (await import("./commands/monitor.js")).registerMonitor,
    sim: async () => (await import("./commands/sim.js")).registerSim,
};
const requested = process.argv[2];
const load = requested !== undefined && Object.hasOwn(COMMANDS, requested) ? [requested] : Object.keys(COMMANDS);
for (const name of load) (await COMMANDS[name]!())(program);

await program.parseAsync(process.argv);
