import { ExitCode } from "../common/exit-codes.js";
import { UserError } from "../common/user-error.js";

/**
 * Runs a command's action and turns failures into the CLI's contract: a
 * {@link UserError} prints one line (its message) and exits with its code
 * ({@link ExitCode.UserInput} unless it names another); anything else is a
 * bug in the toolkit, prints its stack and exits {@link ExitCode.Internal}.
 * An action may return the exit code of a success it ends with.
 */
export async function runCommand(action: () => unknown): Promise<void> {
    try {
        const code = await action();
        if (typeof code === "number") process.exitCode = code;
    } catch (error) {
        if (error instanceof UserError) {
            process.stderr.write(`luatos-ts: ${error.message}\n`);
            process.exitCode = error.exitCode;
        } else {
            process.stderr.write(`luatos-ts: internal error (please report it): ${(error as Error)?.stack ?? String(error)}\n`);
            process.exitCode = ExitCode.Internal;
        }
    }
}
