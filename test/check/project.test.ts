import * as path from "node:path";
import ts from "../../common/typescript.js";
import { afterAll, describe, expect, it } from "vitest";
import { checkBlockingCalls } from "../../compiler/blocking-calls.js";
import { formatDiagnostic } from "../../compiler/diagnostics.js";
import { createProgram, loadProject } from "../../compiler/project.js";
import { removeTempProjects, writeFirmwareProject } from "../harness/tstl.js";

afterAll(removeTempProjects);

describe("checkBlockingCalls on a project's program, as the build makes it", () => {
    it("reports TypeScript locations in the sources and nothing in the declarations", () => {
        const dir = writeFirmwareProject({
            "src/main.ts": `import { connect } from "./net";\nsys.subscribe("NTP_UPDATE", () => {\n    connect();\n});\nsys.taskInit(() => { connect(); });\n`,
            "src/net.ts": `export function connect(): void {\n    sys.waitUntil("NET_READY", 1000);\n}\n`,
        });
        const program = createProgram(loadProject(path.join(dir, "tsconfig.json")));
        const diagnostics = checkBlockingCalls(program);
        expect(diagnostics.map(d => formatDiagnostic(d, dir))).toEqual([
            `src/main.ts:3:5 - error LTS1001: connect() blocks (it calls sys.waitUntil()), but this sys.subscribe("NTP_UPDATE") callback runs on the main thread, not in a task; start a task with sys.taskInit or publish a topic, or wait for the topic with sys.waitUntil inside a task`,
        ]);
        expect(diagnostics[0]!.category).toBe(ts.DiagnosticCategory.Error);
    });

    it("finds nothing in a project that waits only in tasks", () => {
        const dir = writeFirmwareProject({
            "src/main.ts": `sys.taskInit(() => {\n    while (true) sys.wait(1000);\n});\n`,
        });
        const program = createProgram(loadProject(path.join(dir, "tsconfig.json")));
        expect(checkBlockingCalls(program)).toEqual([]);
    });
});
