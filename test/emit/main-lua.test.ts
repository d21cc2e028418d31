/**
 * The main.lua conventions, on in-memory compiles with the build's
 * main.lua plugin: PROJECT and VERSION first, sys loaded, sys.run() last.
 */
import { describe, expect, it } from "vitest";
import { compileFirmware } from "../harness/tstl.js";

const IDENTITY = { project: "pkgname", version: "9.8.7" };

function mainLua(source: string | Record<string, string>): string[] {
    const result = compileFirmware(source, { mainLua: IDENTITY });
    expect(result.diagnostics).toEqual([]);
    return (result.lua["main.lua"] ?? "").trimEnd().split("\n");
}

describe("main.lua", () => {
    it("takes PROJECT and VERSION from main.ts and puts them first, then loads sys", () => {
        const lines = mainLua(`log.info("boot", "hi");\nVERSION = "2.0.1";\nPROJECT = "blinky";\nsys.run();\n`);
        expect(lines.slice(0, 3)).toEqual(['PROJECT = "blinky"', 'VERSION = "2.0.1"', '_G.sys = require("sys")']);
        expect(lines.filter(l => l.startsWith("PROJECT") || l.startsWith("VERSION"))).toHaveLength(2);
        expect(lines).toContain('log.info("boot", "hi")');
    });

    it("injects PROJECT and VERSION from the project when main.ts does not set them", () => {
        const lines = mainLua(`log.info("boot", "hi");`);
        expect(lines.slice(0, 3)).toEqual(['PROJECT = "pkgname"', 'VERSION = "9.8.7"', '_G.sys = require("sys")']);
    });

    it("injects only the one main.ts leaves out", () => {
        const lines = mainLua(`VERSION = "3.0.0";`);
        expect(lines.slice(0, 2)).toEqual(['PROJECT = "pkgname"', 'VERSION = "3.0.0"']);
    });

    it("ends with sys.run(), appended when main.ts does not call it", () => {
        const appended = mainLua(`log.info("boot", "hi");`);
        expect(appended.at(-1)).toBe("sys.run()");
        const own = mainLua(`log.info("boot", "hi");\nsys.run();`);
        expect(own.at(-1)).toBe("sys.run()");
        expect(own.filter(l => l.includes("sys.run()"))).toHaveLength(1);
    });

    it("drops the module wrapper: main.lua is run, not required", () => {
        const lines = mainLua(`const x = 1;\nlog.info("x", x);`);
        expect(lines.join("\n")).not.toContain("____exports");
        expect(lines.join("\n")).not.toMatch(/^return\b/m);
    });

    it("types after sys.run() are fine; code after it is an error at its line", () => {
        expect(mainLua(`sys.run();\ninterface Later { a: number }\ndeclare const x: number;\n`).at(-1)).toBe("sys.run()");
        const result = compileFirmware(`log.info("a", 1);\nsys.run();\n\nlog.info("never", "runs");\n`, { mainLua: IDENTITY });
        expect(result.diagnostics).toHaveLength(1);
        expect(result.diagnostics[0]).toMatch(/^src\/main\.ts:4:1 - error LTS1301: nothing may follow sys\.run\(\)/);
    });

    it("leaves other modules alone", () => {
        const result = compileFirmware(
            { "main.ts": `import { f } from "./util";\nf();`, "util.ts": `export function f(): void { log.info("f", 1); }` },
            { mainLua: IDENTITY },
        );
        expect(result.diagnostics).toEqual([]);
        const util = result.lua["util.lua"] ?? "";
        expect(util).not.toContain("PROJECT");
        expect(util).not.toContain("sys.run()");
        expect(util.trimEnd().split("\n").at(-1)).toBe("return ____exports");
    });
});
