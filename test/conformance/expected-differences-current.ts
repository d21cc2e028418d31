/**
 * Cases of cases-current/ whose comparison with luatos-pc is known to
 * differ, with the reason (docs/conformance.md, "Today's generation"). The
 * corpus test fails when a listed case starts to match (take it off the
 * list) and when an unlisted case differs. Reasons:
 * - `not-simulated`: a firmware function or library the simulator does not
 *   provide (docs/simulated-modules.md);
 * - `pc-console`: luatos-pc's console (printf to a terminal), not the device's
 *   serial output;
 * - `own-sys`: the simulator's sys.lua is the toolkit's own writing of the
 *   firmware's behaviour, so the line numbers in its reports differ;
 * - `heap-model`: figures of the heap model (docs/heap-current.md);
 * - `host-clock`: luatos-pc's RTC is the PC's clock; a simulated device's starts
 *   at 1970 until something sets it, as a module's does;
 * - `pc-64bit`: luatos-pc is a 64-bit program; C code that passes a pointer
 *   through an `int` (fine on the 32-bit modules) crashes it.
 */
export type CurrentDifferenceReason = "not-simulated" | "pc-console" | "own-sys" | "heap-model" | "host-clock" | "pc-64bit";

export interface CurrentExpectedDifference {
    reason: CurrentDifferenceReason;
    /** What differs, in one line. */
    what: string;
}

export const EXPECTED_DIFFERENCES_CURRENT: Record<string, CurrentExpectedDifference> = {
    "lua/error-table": { reason: "own-sys", what: "the concatenation error of a table raised in a task names sys.lua:101 on luatos-pc, another line of the simulator's sys.lua" },
    "lua/error-task": { reason: "own-sys", what: "the re-raised task error names sys.lua:608 on luatos-pc, another line of the simulator's sys.lua" },
    "os/clock": { reason: "host-clock", what: "os.time() is the PC's time on luatos-pc, 1970 plus uptime on the simulated device; os.clock() is an integer there" },
    "rtos/meminfo-figures": { reason: "heap-model", what: "used bytes within 2 % (docs/heap-current.md); the pool's transient peak while a table grows is not modelled" },
    "sys/wait-outside": { reason: "own-sys", what: "the traceback names sys.lua:147 and :161 on luatos-pc, other lines of the simulator's sys.lua" },
    "mqtt/recv": {
        reason: "pc-64bit",
        what: "luatos-pc crashes (SIGSEGV) on the first PUBLISH it receives: the message pointer is cut to an int (luat_mqtt_client.c:472); the simulator delivers it as a module does",
    },
    "websocket/recv": { reason: "pc-64bit", what: "a received data frame travels to Lua as a pointer cast to int (luat_websocket.c:564): luatos-pc dies of SIGSEGV in luat_websocket_payload; the simulator delivers \"recv\" as a 32-bit module does" },
    "log/nul-byte": { reason: "pc-console", what: "luatos-pc prints with %s: a NUL ends the text and the newline is lost" },
};
