import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The toolkit's own folder (where its package.json, stdlib/ and templates/
 * are), found by walking up from this module: the same answer whether the
 * toolkit runs from its TypeScript sources or from the JavaScript in dist/.
 */
export const TOOLKIT_ROOT: string = findToolkitRoot(path.dirname(fileURLToPath(import.meta.url)));

function findToolkitRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string }).name === "luatos-ts") return dir;
        if (path.dirname(dir) === dir) return path.resolve(start, "..");
    }
}
