/**
 * Builds the reference firmware (src/) once per content: into a private
 * project copy under the system temp folder, keyed by a hash of src/ and
 * the compiler, so parallel test files neither race on build/lua nor each
 * pay for a compile.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "../../compiler/build.js";

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function filesUnder(dir: string): string[] {
    return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter(e => e.isFile())
        .map(e => path.join(e.parentPath, e.name))
        .sort();
}

/**
 * A variant of the reference firmware for a test: settings of src/config.ts
 * (members of its const enums) replaced by other values, e.g. the heap
 * guard off or beacons every few seconds. Strings replace members of
 * `Names` (e.g. the collector's host).
 */
export type FirmwareVariant = Readonly<Record<string, number | string>>;

/** src/config.ts with the variant's settings; throws for a name that is not a setting (a typo must not test the original). */
function patchedConfig(text: string, variant: FirmwareVariant): string {
    for (const [name, value] of Object.entries(variant)) {
        const pattern = new RegExp(`^(\\s+${name} = )[^,\n]+,`, "m");
        if (!pattern.test(text)) throw new Error(`src/config.ts has no setting ${name}`);
        text = text.replace(pattern, `$1${typeof value === "string" ? JSON.stringify(value) : value},`);
    }
    return text;
}

/** Hash of everything the emitted firmware depends on. */
function sourceHash(variant: FirmwareVariant): string {
    const hash = createHash("sha256");
    hash.update(JSON.stringify(variant));
    const inputs = [
        ...filesUnder(path.join(REPO_ROOT, "src")),
        ...filesUnder(path.join(REPO_ROOT, "compiler")),
        ...filesUnder(path.join(REPO_ROOT, "stdlib")),
        ...filesUnder(path.join(REPO_ROOT, "types")),
        ...filesUnder(path.join(REPO_ROOT, "lualibs")),
        path.join(REPO_ROOT, "tstl.json"),
    ];
    for (const file of inputs) {
        hash.update(path.relative(REPO_ROOT, file));
        hash.update(fs.readFileSync(file));
    }
    return hash.digest("hex").slice(0, 16);
}

export interface FirmwareBuild {
    /** The project copy (TypeScript paths in device errors are relative to it). */
    projectDir: string;
    /** Its build/lua. */
    buildDir: string;
}

const cached = new Map<string, FirmwareBuild>();

/**
 * The reference firmware built from the current src/, or a variant of it
 * (built now if no copy of this content exists), for the Air640W or for
 * `options.board` (its build/script.bin is the image for that board).
 */
export function firmwareBuild(variant: FirmwareVariant = {}, options: { board?: string } = {}): FirmwareBuild {
    const board = options.board ?? "air640w";
    const key = JSON.stringify([variant, board]);
    const known = cached.get(key);
    if (known !== undefined) return known;
    const projectDir = path.join(os.tmpdir(), `luatos-ts-firmware-${board === "air640w" ? "" : `${board}-`}${sourceHash(variant)}`);
    const buildDir = path.join(projectDir, "build", "lua");
    if (!fs.existsSync(path.join(buildDir, "main.lua"))) {
        // Build in a folder of our own, then move it into place in one step:
        // a parallel worker either sees the finished folder or none.
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-ts-firmware-build-"));
        fs.cpSync(path.join(REPO_ROOT, "src"), path.join(work, "src"), { recursive: true });
        const config = path.join(work, "src", "config.ts");
        fs.writeFileSync(config, patchedConfig(fs.readFileSync(config, "utf8"), variant));
        fs.writeFileSync(path.join(work, "tsconfig.json"), JSON.stringify({ extends: path.join(REPO_ROOT, "tstl.json") }));
        build({ cwd: work, board });
        try {
            fs.renameSync(work, projectDir);
        } catch {
            // Another worker finished first with the same content.
            fs.rmSync(work, { recursive: true, force: true });
        }
    }
    const result = { projectDir, buildDir };
    cached.set(key, result);
    return result;
}
