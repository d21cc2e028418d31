/**
 * The build's Lua-safety check (compiler/lua-safety.ts): numbers and
 * strings used as conditions, and the netclient's start() result compared
 * with 1. Snippets are virtual firmware programs type-checked against the
 * toolkit's declarations; each finding is reduced to its line, code and category.
 */
import ts from "../../common/typescript.js";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../compiler/diagnostics.js";
import { checkLuaSafety } from "../../compiler/lua-safety.js";
import { check } from "../../compiler/stages/check.js";
import { createFirmwareProgram } from "./program.js";

/** `line code category` of every finding in main.ts. */
function findings(source: string): string[] {
    const firmware = createFirmwareProgram({ "main.ts": source });
    expect(firmware.typeErrors()).toEqual([]);
    return checkLuaSafety(firmware.program, [firmware.sourceFile("main.ts")]).map(d => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start!);
        return `${line + 1} LTS${d.code} ${ts.DiagnosticCategory[d.category].toLowerCase()}`;
    });
}

describe("number or string used as a condition", () => {
    it("is an error for a number or string that is never nil, naming what is tested", () => {
        const firmware = createFirmwareProgram({
            "main.ts": `declare const count: number;
declare const name: string;
if (count) log.info("a", 1);
while (name) break;
const x = count ? 1 : 2;
if (!name) log.info("b", x);
`,
        });
        const diagnostics = checkLuaSafety(firmware.program, [firmware.sourceFile("main.ts")]);
        expect(diagnostics.map(d => formatDiagnostic(d, "/"))).toEqual([
            expect.stringMatching(/main\.ts:3:5 - error LTS1201: 0 and "" are true in Lua: `count` is a number, so this test is always true on the device/),
            expect.stringMatching(/main\.ts:4:8 - error LTS1201: 0 and "" are true in Lua: `name` is a string, so this test is always true/),
            expect.stringMatching(/main\.ts:5:11 - error LTS1201: 0 and "" are true in Lua: `count` is a number/),
            expect.stringMatching(/main\.ts:6:6 - error LTS1201: 0 and "" are true in Lua: `name` is a string/),
        ]);
    });

    it("catches the connect callback's 0/1 result and the operands of && and || in a condition", () => {
        expect(
            findings(`const so = socket.tcp()!;
so.on("connect", (id, result) => {
    if (result) log.info("up", id);
    if (id > 0 && result) log.info("up", id);
});
`),
        ).toEqual(["3 LTS1201 error", "4 LTS1201 error"]);
    });

    it("is a warning for a number or string that may be nil (on the device it tests for nil only)", () => {
        expect(findings(`declare const maybe: string | undefined;\nif (maybe) log.info("m", maybe);\n`)).toEqual(["2 LTS1202 warning"]);
    });

    it("leaves booleans, objects that may be nil, explicit comparisons and non-zero literal types alone", () => {
        expect(
            findings(`declare const flag: boolean;
declare const count: number;
declare const level: 1 | 2;
const so = socket.tcp();
if (flag) log.info("f", 1);
if (so) log.info("s", 1);
if (count !== 0) log.info("c", count);
if (level) log.info("l", level);
const label = count > 0 ? "some" : "none";
log.info("x", label || "none");
`),
        ).toEqual([]);
    });
});

describe("netclient start() compared with 1", () => {
    it("is an error: the 2021 firmware returns 0 when the connection thread started", () => {
        const firmware = createFirmwareProgram({
            "main.ts": `const so = socket.tcp()!;
if (so.start("example.com", 80) === 1) log.info("started", 1);
const ok = 1 == so.connect();
log.info("ok", ok);
`,
        });
        const diagnostics = checkLuaSafety(firmware.program, [firmware.sourceFile("main.ts")]);
        expect(diagnostics.map(d => formatDiagnostic(d, "/"))).toEqual([
            expect.stringMatching(/main\.ts:2:5 - error LTS1203: `so\.start\("example\.com", 80\)` returns 0 when the connection thread started .*compare with 0$/),
            expect.stringMatching(/main\.ts:3:12 - error LTS1203: `so\.connect\(\)` returns 0/),
        ]);
    });

    it("accepts the comparison with 0 and other calls compared with 1", () => {
        expect(findings(`const so = socket.tcp()!;\nif (so.start("h.io", 1) === 0) log.info("ok", 1);\nif (rtos.timer_start(1, 10) === 1) log.info("t", 1);\n`)).toEqual([]);
    });
});

describe("check stage", () => {
    it("runs the Lua-safety check with TypeScript's and the other checks, and only on a program that type-checks", () => {
        const clean = createFirmwareProgram({ "main.ts": `declare const n: number;\nif (n) log.info("n", n);\n` });
        expect(check(clean.program).map(d => d.code)).toContain(1201);
        const broken = createFirmwareProgram({ "main.ts": `declare const n: number;\nconst s: string = n;\nif (n) log.info("n", s);\n` });
        expect(check(broken.program).map(d => d.code)).toEqual([2322]);
    });
});
