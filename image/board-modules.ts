/**
 * The modules each board's firmware opens, read from the index the
 * declarations generator writes beside the declarations
 * (types/generated/<generation>/modules.json, from the committed extract of
 * the LuatOS sources). The build types a firmware against these modules
 * (compiler/board-declarations.ts) and warns about the ones the simulator
 * does not emulate; the simulator stands in for those with functions that
 * say so (runtime/firmware/).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TOOLKIT_ROOT } from "../common/toolkit-root.js";
import type { GenerationName } from "./boards.js";

/** One module of a generation: a C library (a global of the firmware) or a Lua library. */
export interface FirmwareModule {
    kind: "c" | "lua";
    /** Its functions, sorted. */
    functions: string[];
    /** Its constants, sorted; absent when it has none. */
    constants?: string[];
    /** The values of the constants the sources give (numbers, strings, booleans), by name. */
    values?: Record<string, number | string | boolean>;
    /** Constants that are C pointers (light userdata: a font, a driver table), not NULL. */
    pointers?: string[];
    /** Constants that are a NULL pointer (`json.null`). */
    nulls?: string[];
}

/** What modules.json holds for one generation. */
export interface GenerationModuleIndex {
    generation: GenerationName;
    /** Every module of the generation's sources, by name. */
    modules: Record<string, FirmwareModule>;
    /** For each board whose firmware configuration the sources give: the modules it opens, sorted. */
    boards: Record<string, string[]>;
    /** For each board: the members of its modules that its configuration leaves out (their `#if` is false), by module. */
    omittedMembers?: Record<string, Record<string, string[]>>;
}

const indexes = new Map<GenerationName, GenerationModuleIndex>();

/** The module index of a generation (read once). */
export function moduleIndex(generation: GenerationName): GenerationModuleIndex {
    const known = indexes.get(generation);
    if (known !== undefined) return known;
    const file = path.join(TOOLKIT_ROOT, "types", "generated", generation, "modules.json");
    const index = JSON.parse(fs.readFileSync(file, "utf8")) as GenerationModuleIndex;
    indexes.set(generation, index);
    return index;
}

/** The modules a board's firmware opens, or undefined when its configuration is not known (esp32). */
export function boardModules(generation: GenerationName, board: string): ReadonlySet<string> | undefined {
    const list = moduleIndex(generation).boards[board];
    return list === undefined ? undefined : new Set(list);
}

/** The members of a module that a board's configuration leaves out (none when its configuration is not known). */
export function omittedMembers(generation: GenerationName, board: string, module: string): ReadonlySet<string> {
    return new Set(moduleIndex(generation).omittedMembers?.[board]?.[module] ?? []);
}

/** The boards of a generation whose firmware opens a module. */
export function boardsWithModule(generation: GenerationName, module: string): string[] {
    return Object.entries(moduleIndex(generation).boards)
        .filter(([, modules]) => modules.includes(module))
        .map(([board]) => board);
}
