/**
 * Which C modules of each firmware generation the simulator emulates, and
 * which of a board's modules it stands in for with functions that raise
 * "<module>.<function> is not simulated" (docs/simulated-modules.md). The
 * build warns about a firmware's use of the latter (LTS1404). The module
 * lists of the boards come from the declarations' module index
 * (image/board-modules.ts).
 */
import { boardModules, moduleIndex, omittedMembers } from "../../image/board-modules.js";
import type { GenerationName } from "../../image/boards.js";

/** The C modules the simulator emulates, per generation (partly emulated ones count: their gaps raise "not simulated" one by one). */
export const EMULATED_MODULES: Record<GenerationName, readonly string[]> = {
    "2021": ["crypto", "gpio", "json", "log", "pack", "pwm", "rtos", "sensor", "socket", "timer", "uart", "wlan"],
    current: ["bit", "crypto", "fs", "fskv", "http", "iotauth", "json", "log", "mcu", "mqtt", "pack", "pm", "rtc", "rtos", "socket", "timer", "wdt", "websocket", "zbuff"],
};

/**
 * A C module the simulator stands in for: its functions raise "not
 * simulated"; its constants read as on the device where the sources give
 * their value, and raise "<module>.<constant> is not simulated" where they
 * do not (a value from a chip's SDK header, an ambiguous definition).
 */
export interface NotSimulatedModule {
    functions: readonly string[];
    /** Constants with a known value (integers, floats, strings, booleans). */
    values: Readonly<Record<string, number | string | boolean>>;
    /** Constants that are C pointers: each reads as a light userdata of its own. */
    pointers: readonly string[];
    /** Constants that are a NULL pointer. */
    nulls: readonly string[];
    /** Constants whose value the sources do not give. */
    unknown: readonly string[];
}

/**
 * The C modules of a board's firmware that the simulator does not emulate,
 * with their members, less those the board's configuration leaves out. A
 * board whose firmware configuration is not known (esp32) gets every C
 * module of its generation with all their members.
 */
export function notSimulatedModules(board: { name: string; generation: GenerationName }): Map<string, NotSimulatedModule> {
    const index = moduleIndex(board.generation);
    const names = boardModules(board.generation, board.name) ?? new Set(Object.keys(index.modules));
    const out = new Map<string, NotSimulatedModule>();
    for (const name of [...names].sort()) {
        const module = index.modules[name];
        if (module?.kind !== "c" || EMULATED_MODULES[board.generation].includes(name)) continue;
        const omitted = omittedMembers(board.generation, board.name, name);
        const present = (member: string) => !omitted.has(member);
        const values = Object.fromEntries(Object.entries(module.values ?? {}).filter(([k]) => present(k)));
        const pointers = (module.pointers ?? []).filter(present);
        const nulls = (module.nulls ?? []).filter(present);
        const known = new Set([...Object.keys(values), ...pointers, ...nulls]);
        out.set(name, {
            functions: module.functions.filter(present),
            values,
            pointers,
            nulls,
            unknown: (module.constants ?? []).filter(k => present(k) && !known.has(k)),
        });
    }
    return out;
}

/**
 * The functions the board's firmware registers in each module the simulator
 * emulates (less those its configuration leaves out): those an emulation
 * lacks raise "not simulated" too (not-simulated.ts `installEmulationGaps`).
 */
export function emulatedModuleFunctions(board: { name: string; generation: GenerationName }): Map<string, readonly string[]> {
    const index = moduleIndex(board.generation);
    const names = boardModules(board.generation, board.name) ?? new Set(Object.keys(index.modules));
    const out = new Map<string, readonly string[]>();
    for (const name of EMULATED_MODULES[board.generation]) {
        const module = index.modules[name];
        if (module?.kind !== "c" || !names.has(name)) continue;
        const omitted = omittedMembers(board.generation, board.name, name);
        out.set(name, module.functions.filter(f => !omitted.has(f)));
    }
    return out;
}

/** Emulated C modules of the generation that the board's firmware does not open (the Air302 has no `wlan`): the simulator leaves them out too. */
export function modulesNotOnBoard(board: { name: string; generation: GenerationName }): string[] {
    const names = boardModules(board.generation, board.name);
    if (names === undefined) return [];
    return EMULATED_MODULES[board.generation].filter(name => !names.has(name));
}
