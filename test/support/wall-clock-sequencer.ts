/**
 * The order vitest starts test files in: the files bound by the wall
 * clock first, then vitest's own order (failed first, then longest first
 * by its cache, or largest first without one).
 *
 * A wall-clock-bound file runs a real runtime for minutes in real time
 * (LuatOS has no accelerated clock) and is almost idle meanwhile: it
 * waits on a device process and on loopback sockets. Started first, in a
 * worker slot of its own (vitest.config.ts adds one slot for it), it runs
 * beside every other file instead of after them, and the suite takes
 * about as long as it did without it. Started last (where vitest's order
 * puts a file it has not seen yet only by chance), it would add its whole
 * length to the suite.
 */
import * as path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The wall-clock-bound test files, relative to the checkout, each worth
 * one extra worker slot (see vitest.config.ts).
 */
export const WALL_CLOCK_FILES: readonly string[] = ["test/real-firmware/luatos-pc-soak.test.ts"];

/** Whether a test file is one of {@link WALL_CLOCK_FILES}. */
export function isWallClockFile(root: string, moduleId: string): boolean {
    const relative = path.relative(root, moduleId).split(path.sep).join("/");
    return WALL_CLOCK_FILES.includes(relative);
}

/** vitest's sequencer, with the wall-clock-bound files moved to the front. */
export class WallClockFirstSequencer extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
        const sorted = await super.sort(files);
        const first = (spec: TestSpecification) => isWallClockFile(spec.project.config.root, spec.moduleId);
        return [...sorted.filter(first), ...sorted.filter(spec => !first(spec))];
    }
}
