/**
 * The toolkit's own package.json scripts run in its repository, where
 * `luatos-ts` is not on PATH (npm links a package's bin only into its
 * dependents): `npm run build` and `npm run watch` start the CLI by path.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

describe("npm scripts of the toolkit's repository", () => {
    it.each(["build", "watch"])("`npm run %s` starts the build command", name => {
        // --help: the command starts, parses its flags and exits 0 without building.
        const result = spawnSync("npm", ["run", "--silent", name, "--", "--help"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
        expect(result.stderr).not.toMatch(/not found/);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^Usage: luatos-ts build \[options\]/m);
    });

    it("no script calls a command that only exists once the toolkit is installed as a dependency", () => {
        for (const [name, command] of Object.entries(scripts)) expect(`${name}: ${command}`).not.toMatch(/^[\w:-]+: luatos-ts\b/);
    });
});
