/**
 * The heap step for today's firmware (current-generation boards): boots
 * the staged Lua folder on the simulated board for {@link HEAP_BOOT_MS} of
 * device time and reads the Lua pool in use the way the firmware reports
 * it (`rtos.meminfo()` used: the firmware's own boot heap, everything the
 * firmware's scripts created in the board's struct sizes, the bget pool's
 * block headers; runtime/heap-current.ts), against the board's Lua heap.
 * Unlike the 2021 step nothing is subtracted: the budget is the whole pool
 * the firmware reports (`loadlibs luavm <total>`).
 */
import type ts from "typescript";
import type { BoardProfile } from "../../image/boards.js";
import { BOARDS as SIMULATED_BOARDS } from "../../runtime/board.js";
import { bootDevice } from "../../runtime/device.js";
import { currentHeapModel } from "../../runtime/heap-current.js";
import { bootFailed, heapNotMeasured, heapOverBudget, heapOverBudgetAllowed, notSimulatedCall } from "../diagnostics.js";

/** Device time that counts as "booted" (the same as the 2021 step). */
export const HEAP_BOOT_MS = 10_000;

/** The "footprint" entry of build/size.json for a current-generation board. */
export interface CurrentFootprint {
    deviceCurrent: {
        /** The size model's name. */
        model: string;
        board: string;
        /** The board's Lua pool (`rtos.meminfo()` total). */
        limit: number;
        /** What the firmware holds before main.lua runs (the board's figure). */
        bootHeapBytes: number;
        /** `rtos.meminfo()` used after boot; missing when the firmware failed. */
        afterBootBytes?: number;
        bootMs: number;
        problems?: string[];
        note: string;
    };
}

/** What the step found. */
export interface CurrentHeapResult {
    footprint: CurrentFootprint;
    diagnostics: ts.Diagnostic[];
    lines: string[];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Boots `luaDir` as `board` (a current-generation board with a `luaVm`)
 * and checks its Lua heap after boot against the board's pool: LTS2003
 * when it fails during boot, LTS2004 (or the LTS2005 warning with
 * `heapBudget` false) when over.
 */
export async function measureCurrentHeap(luaDir: string, options: { board: BoardProfile; heapBudget: boolean; cwd?: string }): Promise<CurrentHeapResult> {
    const { board } = options;
    if (board.luaVm === undefined) throw new Error(`board ${board.name} has no Lua VM profile`);
    const model = currentHeapModel({ integerBytes: board.integerBytes, numberBytes: board.numberBytes, luaVm: board.luaVm });
    const device = bootDevice({
        buildDir: luaDir,
        board: SIMULATED_BOARDS[board.name],
        network: "virtual",
        firmwareLogs: false,
        rebootOnCrash: false,
        heapLimit: false,
        cwd: options.cwd,
    });
    const seconds = HEAP_BOOT_MS / 1000;
    const footprint: CurrentFootprint = {
        deviceCurrent: {
            model: model.name,
            board: board.name,
            limit: board.luaHeapBytes,
            bootHeapBytes: board.luaVm.bootHeap.allocatedBytes,
            bootMs: HEAP_BOOT_MS,
            note: `rtos.meminfo() used as today's firmware would report it, estimated on the simulated device with the ${model.name} size model and the board's boot heap (docs/heap.md)`,
        },
    };
    const diagnostics: ts.Diagnostic[] = [];
    const lines: string[] = [];
    try {
        await device.run(HEAP_BOOT_MS, { stopOnCrash: true });
        const problems = device.errors.map(e => e.message);
        if (device.reboots > 0) problems.push("it rebooted itself (rtos.reboot()), so it never settles after boot");
        const { used } = device.meminfo();
        if (problems.length > 0 || used === 0) {
            footprint.deviceCurrent.problems = problems.length > 0 ? problems : ["the firmware stopped during boot"];
            const api = notSimulatedCall(footprint.deviceCurrent.problems[0]!);
            diagnostics.push(api === undefined ? bootFailed(seconds, footprint.deviceCurrent.problems[0]!) : heapNotMeasured(seconds, api));
            return { footprint, diagnostics, lines };
        }
        footprint.deviceCurrent.afterBootBytes = used;
        lines.push(`Lua heap after boot (${board.name}, ${model.name} estimate of rtos.meminfo()): ${kb(used)} of ${kb(board.luaHeapBytes)}`);
        if (used > board.luaHeapBytes) {
            const message =
                `the firmware holds an estimated ${kb(used)} (${used} bytes) of Lua heap after ${seconds} s of boot (${model.name} model on the simulated device), ` +
                `more than the ${kb(board.luaHeapBytes)} (${board.luaHeapBytes} bytes) Lua heap of ${board.name}; load fewer modules or keep less data`;
            diagnostics.push(options.heapBudget ? heapOverBudget(`${message}, or pass --no-heap-budget to build anyway`) : heapOverBudgetAllowed(`${message} (--no-heap-budget: not failing)`));
        }
        return { footprint, diagnostics, lines };
    } finally {
        device.dispose();
    }
}
