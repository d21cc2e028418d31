/**
 * The build's entry points, kept at this path for existing importers: the
 * stages are in compiler/stages/, their composition in compiler/pipeline.ts.
 */
import { buildWithoutHeap, type BuildOptions, type BuildResult } from "./pipeline.js";

export { BUILD_MARKER, EXTRA_DIR } from "../common/build-layout.js";
export { buildFirmware, buildWithoutHeap, prepareBuild, type BuildOptions, type BuildResult, type PreparedBuild } from "./pipeline.js";

/**
 * Compiles a firmware project to Lua 5.3 and writes build/lua,
 * build/script.bin and build/size.json, without the heap step (see
 * {@link buildWithoutHeap}). Nothing is written when anything fails.
 */
export function build(options: BuildOptions = {}): BuildResult {
    return buildWithoutHeap(options);
}
