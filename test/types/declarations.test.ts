/**
 * Type tests of the declarations (types/): each fixture compiles with the
 * firmware settings; its `// @ts-expect-error TS<code>` lines must stay
 * errors of that code, and its other lines must compile cleanly.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileFirmware } from "../harness/tstl.js";
import { checkExpectedErrors, expectedErrors } from "./expected-errors.js";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fixtures = fs.readdirSync(FIXTURES).filter(f => f.endsWith(".ts"));

describe("declaration fixtures", () => {
    it("finds the fixtures", () => {
        expect(fixtures).toEqual(expect.arrayContaining(["socket.ts", "closed.ts", "topics.ts", "log.ts", "rtos.ts", "sys.ts"]));
    });

    for (const name of fixtures) {
        it(`${name}: positive lines compile, marked lines stay errors`, () => {
            const text = fs.readFileSync(path.join(FIXTURES, name), "utf8");
            // A fixture without negative cases would test only half of the contract.
            expect(expectedErrors(text).length).toBeGreaterThan(0);
            expect(checkExpectedErrors(name, text)).toEqual([]);
        });
    }
});

describe("the expected-error check itself", () => {
    it("fails when a marked line compiles (unused directive)", () => {
        const problems = checkExpectedErrors("t.ts", `// @ts-expect-error TS2322\nconst ok: number = 1;\n`);
        expect(problems.join("\n")).toMatch(/TS2578/);
        expect(problems.join("\n")).toMatch(/t\.ts:2: expected an error, got none/);
    });

    it("fails when a marked line has a different error than it names", () => {
        const problems = checkExpectedErrors("t.ts", `// @ts-expect-error TS2345\nconst n: number = "one";\n`);
        expect(problems).toEqual(["t.ts:2: expected TS2345, got TS2322"]);
    });

    it("fails on an unmarked error", () => {
        const problems = checkExpectedErrors("t.ts", `const n: number = "one";\n`);
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(/^src\/t\.ts:1:7 - error TS2322/);
    });
});

describe("snippets", () => {
    const clean = (source: string) => compileFirmware(source).diagnostics;

    it("a known topic with the wrong callback is an error, an unknown topic is not", () => {
        expect(clean(`sys.subscribe("NTP_UPDATE", (re: number) => log.info("ntp", re));`)).toHaveLength(1);
        expect(clean(`sys.subscribe("NTP_UPDATE_X", (re: number) => log.info("ntp", re));`)).toEqual([]);
    });

    it("unknown so:on events are errors", () => {
        for (const event of ["connect", "recv", "error"]) {
            expect(clean(`const so = socket.tcp(); so.on("${event}", () => {});`)).toEqual([]);
        }
        for (const event of ["close", "sent", "disconnect", "data"]) {
            expect(clean(`const so = socket.tcp(); so.on("${event}", () => {});`)).not.toEqual([]);
        }
    });

    it("reports type errors as src/<file>:line:column", () => {
        expect(clean(`\n  const x: string = 5;`)).toEqual([
            "src/main.ts:2:9 - error TS2322: Type 'number' is not assignable to type 'string'.",
        ]);
    });
});
