import { ExitCode } from "./exit-codes.js";

/**
 * An error caused by the user's input (a missing file, a bad flag, a type
 * error in their firmware). The CLI prints its message alone, with no stack
 * trace, and exits with its exit code.
 */
export class UserError extends Error {
    constructor(
        message: string,
        /** Process exit code for the CLI (common/exit-codes.ts). Default 1, {@link ExitCode.UserInput}. */
        readonly exitCode: ExitCode = ExitCode.UserInput,
    ) {
        super(message);
        this.name = "UserError";
    }
}
