/**
 * The CLI's exit codes, a contract documented in docs/cli.md: scripts tell
 * a wrong invocation from a failing build by them. Every command exits
 * through these names.
 */
export const ExitCode = {
    /** Done. */
    Ok: 0,
    /** A problem with the user's input or firmware, told in one line. */
    UserInput: 1,
    /** The command line itself is wrong (unknown command or option, missing argument). */
    Usage: 2,
    /** `flash`: the module stopped answering or cancelled the transfer. */
    DeviceNotAnswering: 3,
    /** A bug in the toolkit (EX_SOFTWARE of sysexits.h). */
    Internal: 70,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
