/**
 * Waiting for a whole line on a link of the connection helper. Its own
 * module so that a firmware that only takes buffered lines (takeLine) does
 * not keep this code in its Lua heap.
 */
import type { Link } from "./connection";
import { nextLine } from "./line-buffer";

/** Why {@link readLine} returned no line. */
export type ReadFailure = "timeout" | "closed";

/**
 * Waits, inside a task, for the next complete line. The timeout is for
 * silence: it restarts whenever data arrives.
 */
export function readLine(link: Link, timeoutMs: number): LuaMultiReturn<[string, undefined] | [undefined, ReadFailure]> {
    for (;;) {
        const line = nextLine(link.lines);
        if (line !== undefined) return $multi(line, undefined);
        if (link.state !== "open") return $multi(undefined, "closed");
        const [woken] = sys.waitUntil(link.wake, timeoutMs);
        if (!woken) return $multi(undefined, "timeout");
    }
}
