/** Locations in the repository used by the API tools. */
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Where the committed extract of a generation lives. */
export function extractPath(generation: string): string {
    return path.join(REPO_ROOT, "api", "extract", `luatos-${generation}.json`);
}

/** The folder of a generation's generated declarations. */
export function generatedDir(generation: string): string {
    return path.join(REPO_ROOT, "types", "generated", generation);
}
