/**
 * Which C modules of each firmware generation the simulator emulates, and
 * which of a board's modules it stands in for with functions that raise
 * "<module>.<function> is not simulated" (docs/simulated-modules.md). The
 * build warns about a firmware's use of the latter (LTS1404). The module
 * lists of the boards come from the declarations' module index
 * (image/board-modules.ts).
 */
import { boardModules, moduleIndex } from "../../image/board-modules.js";
import type { GenerationName } from "../../image/boards.js";

/** The C modules the simulator emulates, per generation (partly emulated ones count: their gaps raise "not simulated" one by one). */
export const EMULATED_MODULES: Record<GenerationName, readonly string[]> = {
    "2021": ["crypto", "gpio", "json", "log", "pack", "pwm", "rtos", "sensor", "socket", "timer", "uart", "wlan"],
    current: ["bit", "fs", "fskv", "json", "log", "pack", "rtos", "socket", "zbuff"],
};

/**
 * The C modules of a board's firmware that the simulator does not emulate,
 * with their functions. A board whose firmware configuration is not known
 * (esp32) gets every C module of its generation.
 */
export function notSimulatedModules(board: { name: string; generation: GenerationName }): Map<string, readonly string[]> {
    const index = moduleIndex(board.generation);
    const names = boardModules(board.generation, board.name) ?? new Set(Object.keys(index.modules));
    const out = new Map<string, readonly string[]>();
    for (const name of [...names].sort()) {
        const module = index.modules[name];
        if (module?.kind !== "c" || EMULATED_MODULES[board.generation].includes(name)) continue;
        out.set(name, module.functions ?? []);
    }
    return out;
}

/** Emulated C modules of the generation that the board's firmware does not open (the Air302 has no `wlan`): the simulator leaves them out too. */
export function modulesNotOnBoard(board: { name: string; generation: GenerationName }): string[] {
    const names = boardModules(board.generation, board.name);
    if (names === undefined) return [];
    return EMULATED_MODULES[board.generation].filter(name => !names.has(name));
}
