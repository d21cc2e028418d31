import type { Command } from "commander";
import { build } from "../../compiler/build.js";
import { watch } from "../../compiler/watch.js";
import { runCommand } from "../run-command.js";

interface BuildFlags {
    project?: string;
    quiet?: boolean;
    watch?: boolean;
}

/** Runs a watch session until Ctrl-C (SIGINT) or SIGTERM, then exits 0. */
async function watchUntilInterrupted(flags: BuildFlags): Promise<number> {
    const log = (line: string) => console.log(line);
    // Quiet still shows errors and the one-line rebuild reports, not the size table.
    const session = watch({ project: flags.project, log: flags.quiet === true ? line => (/^\s|^size report/.test(line) ? undefined : log(line)) : log });
    await session.ready;
    await new Promise<void>(resolve => {
        const stop = () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
    });
    await session.close();
    console.log("stopped watching");
    return 0;
}

export function registerBuild(program: Command): void {
    program
        .command("build")
        .description("compile the firmware in src/ to Lua 5.3 in build/lua and print the size report")
        .option("-p, --project <path>", "TSTL config file or folder (default: tstl.json, then tsconfig.json)")
        .option("-w, --watch", "rebuild when src/, lib/ or the config change, reporting what changed (Ctrl-C to stop)")
        .option("-q, --quiet", "print nothing but errors (with --watch: errors and one line per rebuild)")
        .addHelpText(
            "after",
            `
Exit codes: 0 built (with --watch: stopped with Ctrl-C), 1 the firmware does not
build (type errors, missing main.ts, no config), 2 bad usage.

Examples:
  luatos-ts build
  luatos-ts build --watch
  luatos-ts build -p firmware/tstl.json`,
        )
        .action((flags: BuildFlags) =>
            runCommand(() => {
                if (flags.watch === true) return watchUntilInterrupted(flags);
                build({ project: flags.project, log: flags.quiet === true ? undefined : line => console.log(line) });
                return undefined;
            }),
        );
}
