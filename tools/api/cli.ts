/** Command-line plumbing shared by the API tools: arguments and errors as the toolkit reports them. */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../../common/user-error.js";

/** Parses options; a wrong command line is a usage error (exit code 2), in one line. */
export function parseOptions<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
    try {
        return parseArgs({ args: argv, options, allowPositionals: false, strict: true });
    } catch (e) {
        throw new UserError((e as Error).message.split("\n")[0]!, 2);
    }
}

/** Runs `main` when `moduleUrl` is the script node was started with; user errors print one line and exit. */
export function runIfMain(moduleUrl: string, name: string, main: (argv: string[]) => void): void {
    if (process.argv[1] === undefined || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
    try {
        main(process.argv.slice(2));
    } catch (e) {
        if (e instanceof UserError) {
            process.stderr.write(`${name}: ${e.message}\n`);
            process.exit(e.exitCode);
        }
        throw e;
    }
}
