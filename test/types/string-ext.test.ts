/**
 * The string additions' declarations (types/overrides/2021/string.d.ts and
 * types/overrides/current/string.d.ts): a snippet per generation compiles
 * cleanly on each board entry and to the Lua calls the firmware expects;
 * the other generation's members are errors.
 */
import * as path from "node:path";
import ts from "../../common/typescript.js";
import tstl from "../../common/typescript-to-lua.js";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, firmwareOptions } from "../harness/tstl.js";

const VIRTUAL_SRC = path.join(path.parse(REPO_ROOT).root, "__string_ext__", "src");

/** Type-checks and transpiles `main.ts` against a declarations entry: the diagnostics (file:line message) and main.lua. */
function compile(entry: string, source: string): { diagnostics: string[]; lua: string } {
    const main = path.join(VIRTUAL_SRC, "main.ts");
    const options: tstl.CompilerOptions = { ...firmwareOptions(), rootDir: VIRTUAL_SRC, outDir: path.join(VIRTUAL_SRC, "..", "build"), noResolvePaths: ["sys"] };
    const host = ts.createCompilerHost(options, true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, onError, create) => (name === main ? ts.createSourceFile(name, source, version, true) : getSourceFile(name, version, onError, create));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = name => name === main || fileExists(name);
    const program = ts.createProgram({ rootNames: [path.join(REPO_ROOT, entry), main], options, host });
    const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map(d => `${d.file ? path.basename(d.file.fileName) + ":" + (d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1) + " " : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    let lua = "";
    const emitted = new tstl.Transpiler().emit({ program, writeFile: (name, text) => { if (name.endsWith("main.lua")) lua = text; } });
    diagnostics.push(...emitted.diagnostics.map(d => ts.flattenDiagnosticMessageText(d.messageText, "\n")));
    return { diagnostics, lua };
}

const ENTRIES_2021 = ["types/index.d.ts", "types/air302/index.d.ts"];
const ENTRIES_CURRENT = ["types/current/index.d.ts", "types/current/pc/index.d.ts", "types/current/air780epm/index.d.ts"];

const SNIPPET_2021 = `
const data = "\\x01\\xAB";
const [hex, length] = string.toHex(data);
const bytes: string = string.fromHex(hex);
const [first, second] = string.split("a,b;c", ",;");
const fields: string[] = [...string.split("k=v;x=y", ";=")];
const [values, count] = string.toValue("123abc");
const url: string = string.urlEncode("a b", -1, 1, "/");
const php: string = string.urlEncode("a b");
const encoded: string = string.fromBase64("hello");
const decoded: string = string.toBase64(encoded);
log.info("s", hex, length + 1, bytes, first, second, fields.length, values, count, url, php, decoded);
`;

const SNIPPET_CURRENT = `
const [hex, length] = string.toHex("123abc", " ");
const bytes: string = string.fromHex(hex);
const parts: string[] = string.split("/tmp//def/", "/", true);
const firstPart: string | undefined = parts[0];
const [values, count] = string.toValue("123abc");
const url: string = string.urlEncode("a b", 1);
const b64: string = string.toBase64("hello");
const b32: string = string.toBase32(string.fromBase64(b64));
const ok: boolean = string.startsWith("abc", "a") && string.endsWith("abc", "c");
const trimmed: string = string.trim(" x ", false, true);
log.info("s", hex, length, bytes, parts.length, firstPart, values, count, url, string.fromBase32(b32), ok, trimmed);
`;

describe("2021 string additions", () => {
    for (const entry of ENTRIES_2021) {
        it(`${entry}: the snippet compiles to plain string.* calls`, () => {
            const { diagnostics, lua } = compile(entry, SNIPPET_2021);
            expect(diagnostics).toEqual([]);
            expect(lua).toContain('local hex, length = string.toHex(data)');
            expect(lua).toContain('local first, second = string.split("a,b;c", ",;")');
            expect(lua).toContain('local fields = {string.split("k=v;x=y", ";=")}');
            expect(lua).toContain('local encoded = string.fromBase64("hello")');
        });
        it(`${entry}: today's members and arguments are errors`, () => {
            expect(compile(entry, `string.startsWith("abc", "a");`).diagnostics.join("\n")).toMatch(/Property 'startsWith' does not exist on type 'typeof string'/);
            expect(compile(entry, `string.toBase32("abc");`).diagnostics.join("\n")).toMatch(/Property 'toBase32' does not exist/);
            expect(compile(entry, `string.toHex("abc", " ");`).diagnostics.join("\n")).toMatch(/Expected 1 arguments, but got 2/);
            expect(compile(entry, `string.split("a,b");`).diagnostics.join("\n")).toMatch(/Expected 2 arguments, but got 1/);
        });
    }
});

describe("current string additions", () => {
    for (const entry of ENTRIES_CURRENT) {
        it(`${entry}: the snippet compiles, split gives a 1-based Lua table`, () => {
            const { diagnostics, lua } = compile(entry, SNIPPET_CURRENT);
            expect(diagnostics).toEqual([]);
            expect(lua).toContain('local hex, length = string.toHex("123abc", " ")');
            expect(lua).toContain('local parts = string.split("/tmp//def/", "/", true)');
            expect(lua).toContain("local firstPart = parts[1]");
        });
        it(`${entry}: string.strs only on the PC build`, () => {
            const { diagnostics, lua } = compile(entry, `string.strs();`);
            if (entry === "types/current/pc/index.d.ts") {
                expect(diagnostics).toEqual([]);
                expect(lua).toContain("string.strs()");
            } else expect(diagnostics.join("\n")).toMatch(/Property 'strs' does not exist on type 'typeof string'/);
        });
        it(`${entry}: wrong argument types are errors`, () => {
            expect(compile(entry, `string.startsWith("abc", 1);`).diagnostics).toHaveLength(1);
            expect(compile(entry, `const [a, b] = string.split("a,b");`).diagnostics).toEqual([]);
            expect(compile(entry, `const n: number = string.split("a,b");`).diagnostics).toHaveLength(1);
        });
    }
});
