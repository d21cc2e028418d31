/**
 * Every function the 2021 declarations give the Air640W exists on the
 * simulator: each C module of the board's list in the extract
 * (api/extract/luatos-2021.json) is a global whose declared functions are
 * functions (emulated, or raising "not simulated"). The Lua libraries
 * (sys, mqtt, mqtt2) come from the script folder and are not checked here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/tstl.js";
import { deviceFor, removeTemporaryFolders, userLines } from "../runtime/helpers.js";

afterAll(removeTemporaryFolders);

interface Extract {
    boards: Record<string, { modules: string[]; omittedMembers?: Record<string, string[]> }>;
    modules: Record<string, { kind: string; members: Record<string, { kind: string }> }>;
}

describe("the Air640W's declared C modules", () => {
    it("all exist on the simulator with every declared function", async () => {
        const extract = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "api/extract/luatos-2021.json"), "utf8")) as Extract;
        const board = extract.boards.air640w!;
        const expected: string[] = [];
        for (const name of board.modules) {
            const module = extract.modules[name]!;
            if (module.kind !== "c") continue;
            const omitted = board.omittedMembers?.[name] ?? [];
            for (const [member, info] of Object.entries(module.members)) {
                if (info.kind === "function" && !omitted.includes(member)) expected.push(`${name}.${member}`);
            }
        }
        expect(expected.length).toBeGreaterThan(100);
        const checks = expected.map(f => `print("${f}", type(${f}))`).join("\n");
        const device = deviceFor(checks);
        await device.run("1s");
        const lines = userLines(device).filter(line => !line.startsWith("[sim]"));
        device.dispose();
        expect(lines).toEqual(expected.map(f => `${f}\tfunction`));
    });
});
