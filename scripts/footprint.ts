/**
 * Prints the native lua5.3 heap figures of a build folder and checks them
 * against a board (the measurement itself is the build's: compiler/native-heap.ts).
 *
 *     npx tsx scripts/footprint.ts [luaDir=build/lua] [board=air640w]
 */
import { DEFAULT_OUT_DIR } from "../common/build-layout.js";
import { UserError } from "../common/user-error.js";
import { checkFootprintBudget, formatFootprint, measureFootprint, missingInterpreterNotice } from "../compiler/native-heap.js";
import { DEFAULT_BOARD } from "../image/boards.js";

export * from "../compiler/native-heap.js";

const [, script, luaDir = DEFAULT_OUT_DIR, board = DEFAULT_BOARD] = process.argv;
if (script !== undefined && /footprint\.ts$/.test(script)) {
    measureFootprint(luaDir).then(
        footprint => {
            if (footprint === undefined) {
                console.log(missingInterpreterNotice());
                return;
            }
            console.log(formatFootprint(footprint));
            const budget = checkFootprintBudget(footprint, board);
            console.log(budget.message);
            process.exitCode = budget.fits ? 0 : 1;
        },
        (error: unknown) => {
            console.error(error instanceof UserError ? error.message : error);
            process.exitCode = 1;
        },
    );
}
