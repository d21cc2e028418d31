/**
 * How much of the registered API the declarations type, from the committed
 * extracts (what `npm run api:coverage` prints), held at its level.
 */
import { describe, expect, it } from "vitest";
import { generationCoverage, moduleCoverage } from "../../tools/api/coverage.js";
import { emitGeneration, readExtract } from "../../tools/api/emit.js";
import { readOverrides } from "../../tools/api/overrides.js";

function totals(generation: string) {
    const rows = generationCoverage(generation);
    const registered = rows.reduce((n, r) => n + r.registered, 0);
    const typed = rows.reduce((n, r) => n + r.typed, 0);
    return { rows, percent: (100 * typed) / registered };
}

describe("API coverage", () => {
    for (const generation of ["2021", "current"]) {
        it(`types at least 95% of the registered members of ${generation}`, () => {
            expect(totals(generation).percent).toBeGreaterThanOrEqual(95);
        });
    }

    it("types at least 95% of every module the Air640W firmware opens, but mqtt2 (one unannotated Lua function)", () => {
        const extract = readExtract("2021");
        const below = totals("2021").rows
            .filter(r => extract.boards.air640w!.modules.includes(r.module) && r.registered > 0 && (100 * r.typed) / r.registered < 95)
            .map(r => r.module);
        expect(below).toEqual(["mqtt2"]);
    });

    it("counts how each member got its type", () => {
        const report = emitGeneration(readExtract("2021"), readOverrides("2021")).modules;
        expect(report.get("wlan")!.members.get("get_mac")).toBe("annotated");
        expect(report.get("wlan")!.members.get("getMac")).toBe("alias");
        expect(report.get("gpio")!.members.get("HIGH")).toBe("constant");
        expect(report.get("socket")!.members.get("tcp")).toBe("override");
        expect(report.get("mqttcore")!.members.get("packCONNECT")).toBe("inferred");
        expect(report.get("mqtt2")!.members.get("new")).toBe("untyped");
        const current = emitGeneration(readExtract("current"), readOverrides("current")).modules;
        expect(current.get("socket")!.members.get("create")).toBe("override");
        expect(current.get("zbuff")!.members.get(":write")).toBe("override");
        expect(current.get("zbuff")!.members.get(":readU32")).toBe("annotated");
    });

    it("counts an untyped member as not typed", () => {
        const c = moduleCoverage("m", { members: new Map([["a", "annotated"], ["b", "untyped"], ["c", "inexpressible"]]) });
        expect(c).toMatchObject({ registered: 3, typed: 1, untyped: 1, inexpressible: 1 });
    });
});
