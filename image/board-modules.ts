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
}

/** What modules.json holds for one generation. */
export interface GenerationModuleIndex {
    generation: GenerationName;
    /** Every module of the generation's sources, by name. */
    modules: Record<string, FirmwareModule>;
    /** For each board whose firmware configuration the sources give: the modules it opens, sorted. */
    boards: Record<string, string[]>;
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

/** The boards of a generation whose firmware opens a module. */
export function boardsWithModule(generation: GenerationName, module: string): string[] {
    return Object.entries(moduleIndex(generation).boards)
        .filter(([, modules]) => modules.includes(module))
        .map(([board]) => board);
}
