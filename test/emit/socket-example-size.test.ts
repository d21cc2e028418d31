/**
 * The socket-api.md example: the TypeScript port builds to Lua no more than
 * 10% larger than the hand-written Lua, code against code (see
 * bench/socket-example-size.ts for how both are measured).
 */
import { describe, expect, it } from "vitest";
import { compareSocketExample, luaCode } from "../../bench/socket-example-size.js";

describe("luaCode (the measure)", () => {
    it("drops comments and blank lines, trims and folds blanks, keeps strings", () => {
        const source = [
            "-- a comment",
            "local s = \"a  -- not a comment\"   -- a comment",
            "",
            "  local t = 'single  quoted'  ",
            "--[[ a block",
            "comment ]] local u = [[long  -- string]]",
            "--[==[ another ]==]",
            "if  s  then\tprint(s) end",
        ].join("\n");
        expect(luaCode(source)).toBe(['local s = "a  -- not a comment"', "local t = 'single  quoted'", "local u = [[long  -- string]]", "if s then print(s) end"].join("\n"));
    });

    it("treats both files alike: an escaped quote does not end a string", () => {
        expect(luaCode('log.info("t", "say \\"hi\\" -- twice")  -- end')).toBe('log.info("t", "say \\"hi\\" -- twice")');
    });
});

describe("socket example", () => {
    const result = compareSocketExample();

    it("the port keeps the firmware's corrected checks", () => {
        expect(result.emitted).toContain("so:start() == 0");
        expect(result.emitted).toContain("if re == 1 then");
        expect(result.handwritten).toContain("so:start() == 0");
    });

    it("the port and the hand-written Lua are the same program, up to layout", () => {
        const tokens = (lua: string) => luaCode(lua).replace(/\s+/g, "");
        expect(tokens(result.emitted)).toBe(tokens(result.handwritten));
    });

    it("the emitted Lua is at most 10% larger than the hand-written Lua", () => {
        expect(result.handwrittenBytes).toBeGreaterThan(300);
        expect(result.ratio).toBeLessThanOrEqual(1.1);
    });
});
