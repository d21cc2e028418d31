import * as fs from "node:fs";
import { Command } from "commander";
import { registerBuild } from "./commands/build.js";
import { registerDecode } from "./commands/decode.js";
import { registerFlash } from "./commands/flash.js";
import { registerInit } from "./commands/init.js";
import { registerInspect } from "./commands/inspect.js";
import { registerPack } from "./commands/pack.js";
import { registerSim } from "./commands/sim.js";

const pkg = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

const program = new Command()
    .name("luatos-ts")
    .description("TypeScript toolkit for LuatOS firmware: build, simulate, pack and flash")
    .version(pkg.version)
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(`luatos-ts: ${text.replace(/^error: /, "")}`) })
    // Usage errors (unknown command or option, missing argument) exit 2; --help and --version exit 0. Inherited by every command added below.
    .exitOverride(error => process.exit(error.exitCode === 0 ? 0 : 2));

registerBuild(program);
registerDecode(program);
registerInit(program);
registerPack(program);
registerInspect(program);
registerFlash(program);
registerSim(program);

await program.parseAsync(process.argv);
