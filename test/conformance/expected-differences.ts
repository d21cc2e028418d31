/**
 * Cases whose comparison is known to differ, with the reason. The corpus
 * test fails when a listed case starts to match (take it off the list) and
 * when an unlisted case differs. Reasons:
 * - `not-simulated`: a firmware library the simulator does not provide
 *   (docs/simulated-modules.md; none of the corpus's at present);
 * - `shim:<what>`: the firmware program's POSIX shim, not the device (see
 *   docs/conformance.md);
 * - `unstable`: matched in quiet runs but not on a loaded machine (wall-clock
 *   races between the two runs' servers and the simulator's event loop);
 *   reported, not asserted, until the harness makes them deterministic.
 */
export type DifferenceReason = "not-simulated" | "shim:host-descriptors" | "shim:ntp-clock" | "unstable";

export interface ExpectedDifference {
    reason: DifferenceReason;
    /** Which simulator runs differ: with the official sys, the toolkit's, or both. */
    sys: "official" | "toolkit" | "both";
    /** The test outside the corpus that pins the simulator's behaviour, when there is one. */
    pinnedBy?: string;
}

export const EXPECTED_DIFFERENCES: Record<string, ExpectedDifference> = {
    "socket/fd-leak": { reason: "shim:host-descriptors", sys: "both", pinnedBy: "test/runtime/socket.test.ts" },
    "socket/ntp-sync": { reason: "shim:ntp-clock", sys: "both", pinnedBy: "test/runtime/socket.test.ts" },
};
