/**
 * Emission tests: compile firmware snippets in memory with the build's
 * settings and assert on the Lua a device would run.
 */
import tstl from "../../common/typescript-to-lua.js";
import { describe, expect, it } from "vitest";
import { compileFirmware, usesLualib, type CompileResult } from "../harness/tstl.js";

/** Compiles a snippet that must be free of diagnostics and returns its main.lua. */
function luaOf(source: string): string {
    const result = compileFirmware(source);
    expect(result.diagnostics).toEqual([]);
    const lua = result.lua["main.lua"];
    if (lua === undefined) throw new Error(`no main.lua in ${Object.keys(result.lua).join(", ")}`);
    return lua;
}

/** The Lua with runs of whitespace (line breaks included) folded to one space, so assertions ignore TSTL's line wrapping. */
function flat(lua: string): string {
    return lua.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")");
}

describe("calls", () => {
    it("module functions are dot calls", () => {
        const lua = flat(luaOf(`
            const so = socket.tcp();
            sys.taskInit(() => { sys.wait(100); });
            log.info("net", socket.isReady(), socket.ip());
            const [total] = rtos.meminfo("sys");
            log.setLevel("INFO");
            sys.publish("NTP_UPDATE");
        `));
        for (const call of ["socket.tcp()", "sys.wait(100)", 'log.info("net", socket.isReady(), socket.ip())', 'rtos.meminfo("sys")', 'log.setLevel("INFO")', 'sys.publish("NTP_UPDATE")', "sys.taskInit("]) {
            expect(lua).toContain(call);
        }
        // A colon call would pass the module table as a first argument.
        expect(lua).not.toMatch(/\b(socket|sys|log|rtos):/);
    });

    it("netclient methods are colon calls", () => {
        const lua = flat(luaOf(`
            const so = socket.tcp();
            {
                so.host("example.com");
                so.port(80);
                const x = "GET /";
                so.send(x);
                so.send(x, 2);
                if (so.start() === 0) sys.waitUntil("NETC_END_" + so.id());
                so.close();
                so.clean();
            }
        `));
        for (const call of ['so:host("example.com")', "so:port(80)", "so:send(x)", "so:send(x, 2)", "so:start() == 0", 'sys.waitUntil("NETC_END_" .. so:id())', "so:close()", "so:clean()"]) {
            expect(lua).toContain(call);
        }
        expect(lua).not.toMatch(/\bso\.\w+\(/);
    });
});

describe("callbacks", () => {
    it("socket callbacks take no self parameter", () => {
        const lua = flat(luaOf(`
            const so = socket.tcp();
            {
                so.on("connect", (id, result) => { if (result === 1) log.info("c", id); });
                so.on("recv", function (id, data) { log.info("r", id, data); });
                so.on("error", id => log.warn("e", id));
            }
        `));
        expect(lua).toContain('so:on("connect", function(id, result)');
        expect(lua).toContain('so:on("recv", function(id, data)');
        expect(lua).toContain('so:on("error", function(id)');
        expect(lua).toContain("if result == 1 then");
        expect(lua).not.toMatch(/function\((self|____)/);
    });

    it("task, timer and subscribe callbacks take no self parameter", () => {
        const lua = flat(luaOf(`
            sys.taskInit((n: number) => { sys.wait(n); }, 5);
            sys.timerStart((pin: number) => log.info("t", pin), 100, 3);
            sys.subscribe("NTP_UPDATE", () => log.info("ntp", "done"));
            function named(seq: number) { log.info("n", seq); }
            sys.subscribe("MY_TOPIC", named);
        `));
        expect(lua).toContain("sys.taskInit(function(n) sys.wait(n) end, 5)");
        expect(lua).toContain("sys.timerStart(function(pin) return log.info(\"t\", pin) end, 100, 3)");
        expect(lua).toContain('sys.subscribe("NTP_UPDATE", function() return log.info("ntp", "done") end)');
        expect(lua).toContain("local function named(seq)");
        expect(lua).not.toMatch(/function\((self|____)/);
    });
});

describe("multiple returns", () => {
    it("destructuring a multiple return is a Lua multiple assignment", () => {
        const lua = flat(luaOf(`
            const so = socket.tcp();
            {
                const [closed, open] = so.closed();
                log.info("c", closed, open);
            }
            const [total, used, maxUsed] = rtos.meminfo();
            log.info("m", total, used, maxUsed);
            sys.taskInit(() => {
                const [ok] = sys.waitUntil("NTP_UPDATE", 1000);
                log.info("ntp", ok);
            });
        `));
        expect(lua).toContain("local closed, open = so:closed()");
        expect(lua).toContain("local total, used, maxUsed = rtos.meminfo()");
        expect(lua).toContain('local ok = sys.waitUntil("NTP_UPDATE", 1000)');
        // No table is built to carry the values.
        expect(lua).not.toMatch(/\{\s*(so:closed|rtos\.meminfo|sys\.waitUntil)\(/);
    });
});

describe("lualib", () => {
    it("a program that uses no lualib feature ships no lualib file", () => {
        const result = compileFirmware(`
            const so = socket.tcp();
            { so.on("recv", (id, data) => log.info("r", id, data)); so.start("h", 1); }
            for (const n of [1, 2, 3]) log.info("n", n);
            const t = { a: 1 };
            log.info("t", t.a, \`x\${t.a}\`);
        `);
        expect(result.diagnostics).toEqual([]);
        expect(Object.keys(result.lua)).toEqual(["main.lua"]);
        expect(usesLualib(result)).toBe(false);
        expect(result.lua["main.lua"]).not.toContain("lualib");
    });

    it("a program that uses a lualib feature ships only that feature", () => {
        const minimal = compileFirmware(`const doubled = [1, 2].map(n => n * 2); log.info("d", doubled[0]);`);
        const full = compileFirmware(`const doubled = [1, 2].map(n => n * 2); log.info("d", doubled[0]);`, { compilerOptions: { luaLibImport: tstl.LuaLibImportKind.Require } });
        expect(minimal.diagnostics).toEqual([]);
        expect(full.diagnostics).toEqual([]);
        const lualib = bundle(minimal);
        const fullLualib = bundle(full);
        expect(lualib).toContain("__TS__ArrayMap");
        expect(lualib).not.toContain("__TS__Promise");
        expect(fullLualib).toContain("__TS__Promise");
        // The whole bundle is tens of KB, more than an Air640W's Lua heap; one feature is a few hundred bytes.
        expect(fullLualib.length).toBeGreaterThan(50_000);
        expect(lualib.length).toBeLessThan(1_000);
        expect(minimal.lua["main.lua"]).toContain('require("lualib_bundle")');
    });
});

function bundle(result: CompileResult): string {
    const lua = result.lua["lualib_bundle.lua"];
    if (lua === undefined) throw new Error("no lualib_bundle.lua");
    return lua;
}

describe("modules", () => {
    it("a module required by main.ts is its own Lua file, required by dotted name", () => {
        const result = compileFirmware({
            "main.ts": `import { greet } from "./lib/greeting"; greet("device");`,
            "lib/greeting.ts": `export function greet(name: string): void { log.info("hello", name); }`,
        });
        expect(result.diagnostics).toEqual([]);
        expect(Object.keys(result.lua).sort()).toEqual(["lib/greeting.lua", "main.lua"]);
        expect(result.lua["main.lua"]).toContain('require("lib.greeting")');
        expect(flat(result.lua["lib/greeting.lua"] ?? "")).toContain('function ____exports.greet(name) log.info("hello", name) end');
    });
});
