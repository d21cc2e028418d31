import * as fs from "node:fs";
import { Command } from "commander";
import { registerBuild } from "./commands/build.js";

const pkg = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

const program = new Command()
    .name("luatos-ts")
    .description("TypeScript toolkit for LuatOS firmware: build, simulate, pack and flash")
    .version(pkg.version)
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(`luatos-ts: ${text.replace(/^error: /, "")}`) });

registerBuild(program);

await program.parseAsync(process.argv);
