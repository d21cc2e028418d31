/**
 * The heap model's parts: struct sizes checked against native lua5.3's
 * allocation of single objects, and the walk's rules (array sizing,
 * interned strings, exclusion) on a fengari state.
 */
import { execFileSync } from "node:child_process";
import { lauxlib, lua, lualib, to_luastring } from "fengari";
import { describe, expect, it } from "vitest";
import { getBoard } from "../../image/boards.js";
import type { LuaState } from "../../runtime/lua.js";
import { estimateHeap, estimateHeapDetail, heapModelForBoard, LUA53_32BIT, LUA53_64BIT } from "../../runtime/memory.js";
import { requireNativeLua } from "../diff/vms.js";

function fengari(code: string): LuaState {
    const L = lauxlib.luaL_newstate() as LuaState;
    lualib.luaL_openlibs(L);
    if (lauxlib.luaL_dostring(L, to_luastring(code)) !== lua.LUA_OK) throw new Error(lua.lua_tojsstring(L, -1));
    return L;
}

const run = (L: LuaState, code: string) => {
    if (lauxlib.luaL_dostring(L, to_luastring(code)) !== lua.LUA_OK) throw new Error(lua.lua_tojsstring(L, -1));
};

describe("struct sizes against native lua5.3", () => {
    // Each case: Lua that builds N objects into a preallocated table, and what the 64-bit model charges for one.
    const m = LUA53_64BIT;
    const cases: [string, string, number][] = [
        ["a Lua closure with one fresh upvalue", "local n = i; K[i] = function() return n end", m.luaClosure + m.pointer + m.upval],
        ["a long string", 'K[i] = string.rep("x", 100 + i)', -1],
        ["an empty table", "K[i] = {}", m.table],
        ["a table with one string key", "K[i] = { a = i }", m.table + m.node],
        ["a table with four array items", "K[i] = {}; for j = 1, 4 do K[i][j] = j end", m.table + 4 * m.tvalue],
        ["a C closure with two upvalues (coroutine.wrap of a fresh coroutine)", "K[i] = coroutine.wrap(function() end)", m.cClosure + m.tvalue + m.thread],
    ];
    it.each(cases)("%s", (_name, body, perObject) => {
        const nativeLua = requireNativeLua({ skip: note => expect.fail(note) as never });
        const N = 64;
        // N objects between two full collects, less the same loop with an empty body (the loop's own stack and call costs).
        const script = (code: string) => `
            local function heap() collectgarbage("collect") collectgarbage("collect") return collectgarbage("count") * 1024 end
            K = {} for i = 1, ${N} do K[i] = false end
            local first = heap()
            for i = 1, ${N} do ${code} end
            print(string.format("%d", heap() - first))`;
        const cost = (code: string) => Number(execFileSync(nativeLua, ["-e", script(code)], { encoding: "utf8" }).trim());
        const measured = cost(body) - cost("");
        if (perObject < 0) {
            // Long strings: header, 100 + i bytes and a NUL, one per string.
            let expected = 0;
            for (let i = 1; i <= N; i += 1) expected += m.stringHeader + 100 + i + 1;
            expect(measured).toBe(expected);
        } else if (body.includes("coroutine.wrap")) {
            // A fresh coroutine's stack is shrunk by the collector; allow it between the header alone and a full basic stack.
            expect(measured / N).toBeGreaterThan(perObject);
            expect(measured / N).toBeLessThan(perObject + m.basicStackSize * m.tvalue);
        } else expect(measured).toBe(N * perObject);
    });
});

describe("estimateHeap on a fengari state", () => {
    it("defaults to the 32-bit model", () => {
        const L = fengari("T = { 1, 2, 3, x = 'y' }");
        expect(estimateHeap(L)).toBe(estimateHeap(L, LUA53_32BIT));
        expect(estimateHeap(L, LUA53_64BIT)).toBeGreaterThan(estimateHeap(L));
    });

    it("sizes a table's array part to a power of two more than half full, like C Lua's rehash", () => {
        const L = fengari("T = {} for i = 1, 600 do T[i] = i end");
        const at600 = estimateHeapDetail(L, LUA53_32BIT).byKind.tables;
        run(L, "for i = 601, 1024 do T[i] = i end");
        expect(estimateHeapDetail(L, LUA53_32BIT).byKind.tables).toBe(at600);
        run(L, "T[1025] = 1025");
        expect(estimateHeapDetail(L, LUA53_32BIT).byKind.tables).toBe(at600 + 1024 * LUA53_32BIT.tvalue);
    });

    it("charges a short string once however many copies exist, and every long string", () => {
        const L = fengari("K = { false, false, false, false }");
        const before = estimateHeapDetail(L, LUA53_32BIT).byKind.strings;
        run(L, 'K[1] = "ab" .. "cd"; K[2] = "a" .. "bcd"');
        expect(estimateHeapDetail(L, LUA53_32BIT).byKind.strings - before).toBe(LUA53_32BIT.stringHeader + 5);
        const long = 'string.rep("z", 50)';
        run(L, `K[3] = ${long}; K[4] = ${long}`);
        expect(estimateHeapDetail(L, LUA53_32BIT).byKind.strings - before).toBe(LUA53_32BIT.stringHeader + 5 + 2 * (LUA53_32BIT.stringHeader + 51));
    });

    it("leaves out what only an excluded object reaches", () => {
        const L = fengari("BIG = {} for i = 1, 100 do BIG[i] = string.rep('q', 60) .. i end");
        lua.lua_getglobal(L, to_luastring("BIG"));
        const big = lua.lua_topointer(L, -1) as object;
        lua.lua_pop(L, 1);
        const all = estimateHeap(L);
        const without = estimateHeap(L, LUA53_32BIT, { exclude: [big] });
        expect(all - without).toBe(LUA53_32BIT.table + 128 * LUA53_32BIT.tvalue + 100 * LUA53_32BIT.stringHeader + [...Array(100).keys()].reduce((s, i) => s + 61 + String(i + 1).length, 0));
    });

    it("takes a board's number widths: 8-byte values on a 64-bit-number board, 4-byte pointers everywhere", () => {
        const air101 = heapModelForBoard(getBoard("air101"));
        expect(air101.tvalue).toBe(16);
        expect(air101.pointer).toBe(4);
        expect(heapModelForBoard(getBoard("air640w"))).toBe(LUA53_32BIT);
    });
});
