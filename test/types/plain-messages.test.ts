/**
 * Type errors for the common mistakes read in the firmware's terms and do
 * not show TSTL's internal names (compiler/plain-messages.ts).
 */
import { describe, expect, it } from "vitest";
import { plainMessage } from "../../compiler/plain-messages.js";
import { compileFirmware } from "../harness/tstl.js";

const errorsOf = (source: string) => compileFirmware(source).diagnostics.join("\n");

describe("common mistakes, compiled", () => {
    it("one variable for several returned values names the values, not TSTL's brand", () => {
        const text = errorsOf(`const r: string = sys.waitUntil("X", 100);`);
        expect(text).toMatch(/^src\/main\.ts:1:7 - error TS2322: Type several values \(false\) or \(true, \.\.\.unknown\[\]\) is not assignable to type 'string'\./);
        expect(text).toContain("destructuring assignment");
        expect(text).not.toMatch(/__tstl|LuaMultiReturn/);
    });

    it("rtos.meminfo() taken as one number", () => {
        const text = errorsOf(`const m: number = rtos.meminfo();`);
        expect(text).toContain("several values (total: number, used: number, maxUsed: number)");
        expect(text).not.toMatch(/__tstl|LuaMultiReturn/);
    });

    it("a netclient event that does not exist is one line listing the events", () => {
        expect(errorsOf(`const so = socket.tcp(); so.on("close", () => {});`)).toBe(
            `src/main.ts:1:32 - error TS2769: "close" is not one of "connect", "recv", "error"`,
        );
    });

    it("a callback of the wrong shape keeps only the reasons of its own event", () => {
        const text = errorsOf(`const so = socket.tcp(); so.on("recv", (id: string, d) => {});`);
        expect(text.split("\n")[0]).toMatch(/error TS2769: the callback does not fit "recv", whose signature is \(event: "recv", fn: RecvCallback\): void:$/);
        expect(text).toContain("Type 'number' is not assignable to type 'string'.");
        expect(text).not.toMatch(/Overload \d of/);
    });
});

describe("plainMessage", () => {
    it("leaves other messages alone", () => {
        const message = "Type 'number' is not assignable to type 'string'.";
        expect(plainMessage(message)).toBe(message);
        const overloads = [
            "No overload matches this call.",
            "  Overload 1 of 2, '(a: number): void', gave the following error.",
            "    Argument of type 'string' is not assignable to parameter of type 'number'.",
            "  Overload 2 of 2, '(a: boolean): void', gave the following error.",
            "    Argument of type 'string' is not assignable to parameter of type 'boolean'.",
        ].join("\n");
        expect(plainMessage(overloads)).toBe(overloads);
    });

    it("keeps the chain when overloads reject different literals", () => {
        const mixed = [
            "No overload matches this call.",
            "  Overload 1 of 2, '(e: \"a\"): void', gave the following error.",
            "    Argument of type '\"x\"' is not assignable to parameter of type '\"a\"'.",
            "  Overload 2 of 2, '(e: \"b\"): void', gave the following error.",
            "    Argument of type '\"y\"' is not assignable to parameter of type '\"b\"'.",
        ].join("\n");
        expect(plainMessage(mixed)).toBe(mixed);
    });
});
