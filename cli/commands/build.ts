import type { Command } from "commander";
import { build } from "../../compiler/build.js";
import { runCommand } from "../run-command.js";

export function registerBuild(program: Command): void {
    program
        .command("build")
        .description("compile the firmware in src/ to Lua 5.3 in build/lua and print the size report")
        .option("-p, --project <path>", "TSTL config file or folder (default: tstl.json, then tsconfig.json)")
        .option("-q, --quiet", "print nothing but errors")
        .action((opts: { project?: string; quiet?: boolean }) =>
            runCommand(() => {
                build({ project: opts.project, log: opts.quiet === true ? undefined : line => console.log(line) });
            }),
        );
}
