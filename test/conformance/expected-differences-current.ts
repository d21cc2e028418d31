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
 * - `rotables`: the firmware keeps its libraries in flash as rotables
 *   (userdata); the simulator's are tables;
 * - `heap-model`: figures of the heap model (docs/heap-current.md);
 * - `host-clock`: luatos-pc's RTC is the PC's clock; a simulated device's starts
 *   at 1970 until something sets it, as a module's does.
 */
export type CurrentDifferenceReason = "not-simulated" | "pc-console" | "own-sys" | "rotables" | "heap-model" | "host-clock";

export interface CurrentExpectedDifference {
    reason: CurrentDifferenceReason;
    /** What differs, in one line. */
    what: string;
}

export const EXPECTED_DIFFERENCES_CURRENT: Record<string, CurrentExpectedDifference> = {
    "lua/error-table": { reason: "own-sys", what: "the concatenation error of a table raised in a task names sys.lua:101 on luatos-pc, another line of the simulator's sys.lua" },
    "lua/error-task": { reason: "own-sys", what: "the re-raised task error names sys.lua:608 on luatos-pc, another line of the simulator's sys.lua" },
    "lua/library-types": { reason: "rotables", what: "type() of a firmware library is userdata on luatos-pc (a rotable), table in the simulator" },
    "lua/more-libraries": { reason: "not-simulated", what: "bit and fs are not simulated (nor declared: lbitlib.c and the io alias of luat_lib_fs.c are outside the extract)" },
    "os/clock": { reason: "host-clock", what: "os.time() is the PC's time on luatos-pc, 1970 plus uptime on the simulated device; os.clock() is an integer there" },
    "rtos/meminfo-figures": { reason: "heap-model", what: "used bytes within 2 % (docs/heap-current.md); the pool's transient peak while a table grows is not modelled" },
    "sys/wait-outside": { reason: "own-sys", what: "the traceback names sys.lua:147 and :161 on luatos-pc, other lines of the simulator's sys.lua" },
    "log/nul-byte": { reason: "pc-console", what: "luatos-pc prints with %s: a NUL ends the text and the newline is lost" },
};
