/**
 * The Lua-safety lint (lint/index.js) run with ESLint's API on a firmware
 * project in a temporary folder, the way a project elsewhere uses
 * `luatos-ts/lint`. Lines that must be reported carry an
 * `// expect-lint <rule>` comment on the line before; every other line
 * must be clean.
 */
import * as path from "node:path";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LUA_TRUTHINESS, luatosFirmware } from "../../lint/index.js";
import { REPO_ROOT, removeTempProjects, writeFirmwareProject } from "../harness/tstl.js";

afterAll(removeTempProjects);

const SBE = "@typescript-eslint/strict-boolean-expressions";

/** Firmware snippets, by file name under src/. */
const SNIPPETS: Record<string, string> = {
    // The bug LuatOS's own demos ship: the connect result is 0 or 1, both true in Lua.
    "connect-callback.ts": `
const so = socket.tcp();
{
    so.on("connect", (id, result) => {
        // expect-lint ${SBE}
        if (result) {
            so.send("hello");
        }
    });
    so.on("connect", (id, result) => {
        if (result === 1) so.send("hello");
    });
}
`,
    "numbers-and-strings.ts": `
let count = 0;
let data = "";
const so = socket.tcp();
// expect-lint ${SBE}
while (data) data = "";
// expect-lint ${SBE}
if (!count) count = 1;
// expect-lint ${SBE}
const label = count ? "some" : "none";
// expect-lint ${SBE}
const fallback = count || 5;
// expect-lint ${SBE}
if (so.id()) log.info("id", label, fallback);
// expect-lint ${SBE}
if (socket.ip()) log.info("ip", "up");
// expect-lint ${SBE}
if (so.start()) log.info("start", "the document's success check, wrong twice over");
`,
    "allowed.ts": `
const links = [socket.tcp()];
const first = links[0];
if (first) first.host("example.com");
if (!first) log.warn("netc", "no link");
if (socket.isReady()) log.info("net", "ready");
let flag: boolean | undefined;
if (flag) flag = false;
const ip = socket.ip();
if (ip !== undefined && ip !== "") log.info("ip", ip);
const port = ip ?? 80;
if (ip == null) log.info("ip", "none", port);
sys.taskInit(() => {
    const [ok] = sys.waitUntil("NTP_UPDATE", 1000);
    if (ok) log.info("ntp", "synced");
    while (true) sys.wait(1000);
});
`,
    "equality.ts": `
const so = socket.tcp();
{
    so.on("connect", (id, re) => {
        // expect-lint eqeqeq
        if (re == 1) so.send("x");
        // expect-lint eqeqeq
        if (re != 0) so.send("y");
    });
}
`,
    "lualib-heavy.ts": `
// expect-lint no-restricted-syntax
async function fetchTime(): Promise<number> {
    return os.time();
}
// expect-lint no-restricted-syntax
function* counter() {
    yield 1;
}
log.info("x", fetchTime, counter);
`,
    "blocking.ts": `
// expect-lint luatos-ts/no-blocking-outside-task
sys.wait(100);
`,
};

interface Finding {
    file: string;
    line: number;
    rule: string;
}

const key = (f: Finding) => `${f.file}:${f.line} ${f.rule}`;

function expectedFindings(): Finding[] {
    const expected: Finding[] = [];
    for (const [file, text] of Object.entries(SNIPPETS)) {
        text.split("\n").forEach((line, index) => {
            const match = /\/\/ expect-lint (\S+)/.exec(line);
            // Reported on the next line (1-based: index + 2).
            if (match?.[1] !== undefined) expected.push({ file, line: index + 2, rule: match[1] });
        });
    }
    return expected;
}

let results: ESLint.LintResult[] = [];
let dir = "";

beforeAll(async () => {
    dir = writeFirmwareProject(Object.fromEntries(Object.entries(SNIPPETS).map(([name, text]) => [`src/${name}`, text])));
    const eslint = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: luatosFirmware({ tsconfigRootDir: dir, project: "./tsconfig.json" }),
    });
    results = await eslint.lintFiles(["src"]);
});

describe("luatosFirmware() on a firmware project in another folder", () => {
    it("lints every snippet without parse or config errors", () => {
        expect(results.map(r => path.basename(r.filePath)).sort()).toEqual(Object.keys(SNIPPETS).sort());
        const fatal = results.flatMap(r => r.messages.filter(m => m.fatal === true || m.ruleId === null).map(m => `${path.basename(r.filePath)}: ${m.message}`));
        expect(fatal).toEqual([]);
    });

    it("reports the `if (result)` connect-callback bug", () => {
        const connect = results.find(r => r.filePath.endsWith("connect-callback.ts"));
        const messages = connect?.messages ?? [];
        expect(messages.map(m => [m.ruleId, m.line])).toEqual([[SBE, 6]]);
        expect(messages[0]?.message).toMatch(/number/);
    });

    it("reports exactly the marked lines", () => {
        const actual: Finding[] = results.flatMap(r => r.messages.map(m => ({ file: path.basename(r.filePath), line: m.line, rule: m.ruleId ?? "(fatal)" })));
        expect(actual.map(key).sort()).toEqual(expectedFindings().map(key).sort());
    });

    it("reports them as errors", () => {
        const severities = new Set(results.flatMap(r => r.messages.map(m => m.severity)));
        expect([...severities]).toEqual([2]);
    });

    it("types files through the nearest tsconfig.json when no project is named", async () => {
        const other = writeFirmwareProject({ "src/main.ts": SNIPPETS["connect-callback.ts"] ?? "" });
        const eslint = new ESLint({ cwd: other, overrideConfigFile: true, overrideConfig: luatosFirmware({ tsconfigRootDir: other }) });
        const [result] = await eslint.lintFiles(["src/main.ts"]);
        expect(result?.messages.map(m => [m.ruleId, m.line])).toEqual([[SBE, 6]]);
    });
});

describe("the repository's eslint.config.js", () => {
    const eslint = new ESLint({ cwd: REPO_ROOT });

    it("applies the Lua-safety rules to src/ and the examples", async () => {
        for (const file of ["src/main.ts", "examples/socket-example/main.ts"]) {
            const config = (await eslint.calculateConfigForFile(path.join(REPO_ROOT, file))) as { rules: Record<string, unknown> };
            expect(config.rules[SBE]).toEqual([2, LUA_TRUTHINESS]);
            expect(config.rules["eqeqeq"]).toEqual([2, "always", { null: "ignore" }]);
        }
    });

    it("leaves host code to tsc", async () => {
        const config = (await eslint.calculateConfigForFile(path.join(REPO_ROOT, "compiler/build.ts"))) as { rules?: Record<string, unknown> } | undefined;
        expect(config?.rules?.[SBE]).toBeUndefined();
    });

    it("finds nothing in the socket example", async () => {
        const [result] = await eslint.lintFiles(["examples/socket-example/main.ts"]);
        expect(result?.messages).toEqual([]);
    });
});
