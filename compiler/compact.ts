import { decode, encode } from "@jridgewell/sourcemap-codec";

/** A long bracket (`[[`, `[==[`) opens a string or comment whose lines must not change. */
const LONG_BRACKET = /\[=*\[/;

/**
 * Removes the indentation TSTL's printer adds to every line. On the device
 * the script's bytes count twice (flash and the parser's buffers), and
 * indentation is about a fifth of them. Line numbers do not change, and the
 * source map's columns are shifted to match, so tracebacks still map to
 * TypeScript exactly. Files with long brackets are left as they are.
 */
export function compactLua(lua: string, sourceMap?: string): { lua: string; sourceMap?: string } {
    if (LONG_BRACKET.test(lua)) return { lua, sourceMap };
    const lines = lua.split("\n");
    const removed = lines.map(line => line.length - line.trimStart().length);
    const compacted = lines.map((line, i) => line.slice(removed[i])).join("\n");
    if (sourceMap === undefined) return { lua: compacted };
    const map = JSON.parse(sourceMap) as { mappings: string };
    const decoded = decode(map.mappings);
    const shifted = decoded.map((segments, i) =>
        segments.map(segment => {
            const copy = [...segment] as typeof segment;
            copy[0] = Math.max(0, segment[0] - (removed[i] ?? 0));
            return copy;
        }),
    );
    map.mappings = encode(shifted);
    return { lua: compacted, sourceMap: JSON.stringify(map) };
}
