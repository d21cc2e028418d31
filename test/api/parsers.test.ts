/**
 * The pieces of the API extractor on small sources written for the test:
 * preprocessor conditions, annotation blocks, registration tables, the
 * inference from C argument checks, Lua libraries.
 */
import { describe, expect, it } from "vitest";
import { parseDocBlock, signatureOf } from "../../tools/api/annotations.js";
import { ConstantScope, evaluate, SymbolTable, symbolDefinitions } from "../../tools/api/c-constants.js";
import { conditionsByLine, definesOf, evaluateCondition } from "../../tools/api/cpp.js";
import { inferSignatures } from "../../tools/api/infer-c.js";
import { maxReturnValues } from "../../tools/api/lua-returns.js";
import { scanCFile } from "../../tools/api/scan-c.js";
import { scanLuaFile } from "../../tools/api/scan-lua.js";

describe("preprocessor conditions", () => {
    const defines = definesOf("#define A 1\n#define B\n// #define C 1\n#define V 3 // three\n");

    it("reads object-like defines, not commented-out ones", () => {
        expect([...defines]).toEqual([["A", "1"], ["B", "1"], ["V", "3"]]);
    });

    it("evaluates defined, !, &&, || and comparisons; unknown names are 0", () => {
        expect(evaluateCondition("defined(A)", defines)).toBe(true);
        expect(evaluateCondition("defined C", defines)).toBe(false);
        expect(evaluateCondition("!defined(C) && defined(B)", defines)).toBe(true);
        expect(evaluateCondition("(defined C) || (defined A)", defines)).toBe(true);
        expect(evaluateCondition("V >= 3 && V != 4", defines)).toBe(true);
        expect(evaluateCondition("UNKNOWN", defines)).toBe(false);
    });

    it("gives each line the conditions active on it, #else and #elif included", () => {
        const lines = conditionsByLine("a\n#ifdef X\nb\n#elif Y > 1\nc\n#else\nd\n#endif\ne\n");
        expect(lines[2]).toEqual(["defined(X)"]);
        expect(lines[4]).toEqual(["!(defined(X)) && Y > 1"]);
        expect(lines[6]).toEqual(["!(defined(X)) && !(Y > 1)"]);
        expect(lines[8]).toEqual([]);
    });
});

describe("constant values", () => {
    const none = () => undefined;

    it("evaluates C integer constant expressions", () => {
        expect(evaluate("64 + 12", none)).toBe(76n);
        expect(evaluate("(1 << 4) | 0x0F", none)).toBe(31n);
        expect(evaluate("0x8000001 & 0x0fffffff", none)).toBe(0x8000001n);
        expect(evaluate("-7 / 2", none)).toBe(-3n);
        expect(evaluate("~0", none)).toBe(-1n);
        expect(evaluate("(uint8_t)0x1FF", none)).toBe(255n);
        expect(evaluate("(int8_t)(0x80)", none)).toBe(-128n);
        expect(evaluate("'A' + 1", none)).toBe(66n);
        expect(evaluate("010", none)).toBe(8n);
        expect(evaluate("1 ? 2 : 3", none)).toBe(2n);
        expect(evaluate("5UL", none)).toBe(5n);
        expect(evaluate("X * 2", n => (n === "X" ? 21n : undefined))).toBe(42n);
    });

    it("gives nothing for what is not an integer constant", () => {
        expect(evaluate("sizeof(int)", none)).toBeUndefined();
        expect(evaluate("\"text\"", none)).toBeUndefined();
        expect(evaluate("UNKNOWN + 1", none)).toBeUndefined();
        expect(evaluate("1 / 0", none)).toBeUndefined();
        expect(evaluate("f(1)", none)).toBeUndefined();
        expect(evaluate("1 2", none)).toBeUndefined();
    });

    it("reads defines and enum members, implicit values counting on from the last explicit one", () => {
        const defs = symbolDefinitions("#define A (B + 1) // one more\n#define F(x) x\n#define LONG 1 + \\\n 2\nenum { B = 4, C, /* x */ D, E = A * 2, G };\n", "h.h");
        expect(defs.map(([n, d]) => [n, d.expr])).toEqual([["A", "(B + 1)"], ["LONG", "1 +   2"], ["B", "4"], ["C", "(4) + 1"], ["D", "(4) + 2"], ["E", "A * 2"], ["G", "(A * 2) + 1"]]);
        const table = new SymbolTable();
        table.add("#define A (B + 1)\nenum { B = 4, C, D, E = A * 2, G };\n", "h.h");
        const scope = new ConstantScope(table, "x.c", "");
        expect(scope.valueOf("G")).toBe(11n);
    });

    it("leaves implicit enum values after a preprocessor line unknown", () => {
        const defs = symbolDefinitions("enum { A, B,\n#ifdef X\n C,\n#endif\n D, E = 9, F };\n", "h.h");
        expect(defs.map(([n, d]) => [n, d.expr])).toEqual([["A", "0"], ["B", "(0) + 1"], ["E", "9"], ["F", "(9) + 1"]]);
    });

    it("prefers the file's own definitions, then its component's; disagreeing ones give no value", () => {
        const table = new SymbolTable();
        table.add("#define SPEED 1\n#define MODE 3\n", "components/a/a.h");
        table.add("#define SPEED 2\n#define MODE 3\n", "components/b/b.h");
        expect(new ConstantScope(table, "components/a/lib.c", "").valueOf("SPEED")).toBe(1n);
        expect(new ConstantScope(table, "luat/modules/lib.c", "").valueOf("SPEED")).toBeUndefined();
        expect(new ConstantScope(table, "luat/modules/lib.c", "").valueOf("MODE")).toBe(3n);
        expect(new ConstantScope(table, "luat/modules/lib.c", "#define SPEED 7\n").valueOf("SPEED")).toBe(7n);
        expect(new ConstantScope(table, "x.c", "#define A B\n#define B A\n").valueOf("A")).toBeUndefined();
    });
});

describe("annotation blocks", () => {
    it("takes names from the signature and types from the tags (current style)", () => {
        const doc = parseDocBlock("打开\n@api demo.open(id, mode)\n@int id 通道\n@string mode 模式,可选\n@return boolean 成功\n@return int 错误码\n@usage\ndemo.open(1)\n", "f.c", 10);
        expect(doc.api).toBe("demo.open(id, mode)");
        expect(doc.description).toBe("打开");
        expect(doc.params).toEqual([
            { name: "id", type: "int", description: "通道" },
            { name: "mode", type: "string", description: "模式,可选" },
        ]);
        expect(doc.returns).toEqual([{ type: "boolean", description: "成功" }, { type: "int", description: "错误码" }]);
        expect(doc.usage).toBe("demo.open(1)");
    });

    it("reads the 2021 style: a type without a name, @function for @api", () => {
        const doc = parseDocBlock("@function demo.get_mac(dev)\n@string  设备名称\n@return string mac\n", "f.c", 1);
        expect(doc.api).toBe("demo.get_mac(dev)");
        expect(doc.params).toEqual([{ name: "dev", type: "string", description: "设备名称" }]);
    });

    it("reads LDoc tags and a variadic `@param ...`", () => {
        const doc = parseDocBlock("创建任务\n@param fun 任务函数\n@param ... 参数\n@return co 线程\n", "sys.lua", 3, ["fun"], true);
        expect(doc.params).toEqual([{ name: "fun", type: "any", description: "任务函数" }]);
        expect(doc.variadic).toBe(true);
        expect(doc.returns).toEqual([{ type: "any", description: "co 线程" }]);
    });

    it("keeps the fields of a table parameter under their dotted names", () => {
        const doc = parseDocBlock("@api ui.button(config)\n@table config 配置\n@int config.x X 坐标\n@table config.style 样式\n@int config.style.bg 背景\n", "f.c", 1);
        expect(doc.params.map(p => p.name)).toEqual(["config", "config.x", "config.style", "config.style.bg"]);
    });

    it("reads `@param number ...` (a type where the name should be) as a type", () => {
        const doc = parseDocBlock("@param number 纬度\n@param table 参数\n", "lib.lua", 1, ["lat", "opts"]);
        expect(doc.params).toEqual([{ name: "lat", type: "number", description: "纬度" }, { name: "opts", type: "table", description: "参数" }]);
    });

    it("parses signatures with owners, methods and rest", () => {
        expect(signatureOf("buff:write(para, ...)")).toEqual({ owner: "buff", separator: ":", name: "write", params: ["para"], variadic: true });
        expect(signatureOf("demo.x()")).toMatchObject({ owner: "demo", separator: ".", name: "x", params: [] });
    });
});

describe("C sources", () => {
    const source = [
        "/*",
        "@module demo",
        "@summary 演示",
        "*/",
        "/*",
        "读取",
        "@api demo.read(id)",
        "@int id 编号",
        "@return int 值",
        "*/",
        "static int l_demo_read(lua_State *L) {",
        "    lua_pushinteger(L, luaL_checkinteger(L, 1));",
        "    return 1;",
        "}",
        "static int l_demo_raw(lua_State *L) {",
        "    size_t len;",
        "    const char* s = luaL_checklstring(L, 1, &len);",
        "    int n = luaL_optinteger(L, 2, 0);",
        "    if (n < 0) return 0;",
        "    lua_pushboolean(L, 1);",
        "    return 1;",
        "}",
        "#define DEMO_HIGH 1",
        "static const rotable_Reg_t reg_demo[] = {",
        '    { "read", ROREG_FUNC(l_demo_read)},',
        '    { "read_alias", ROREG_FUNC(l_demo_read)},',
        '    { "raw", ROREG_FUNC(l_demo_raw)},',
        "#ifdef DEMO_EXTRA",
        '    { "extra", ROREG_FUNC(l_demo_raw)},',
        "#endif",
        "    //@const HIGH number 高电平",
        '    { "HIGH", ROREG_INT(DEMO_HIGH)},',
        '    { NULL, ROREG_INT(0)}',
        "};",
        "LUAMOD_API int luaopen_demo(lua_State *L) {",
        "    luat_newlib2(L, reg_demo);",
        "    return 1;",
        "}",
    ].join("\n");
    const scan = scanCFile("demo.c", source);

    it("finds the module header, the doc of each function and the table its opener registers", () => {
        expect(scan.header).toMatchObject({ name: "demo", summary: "演示" });
        expect(scan.docsByImpl.get("l_demo_read")?.api).toBe("demo.read(id)");
        expect(scan.openers.get("luaopen_demo")?.tables).toEqual(["reg_demo"]);
        const entries = scan.tables.get("reg_demo")!.entries;
        expect(entries.map(e => e.name)).toEqual(["read", "read_alias", "raw", "extra", "HIGH"]);
        expect(entries.find(e => e.name === "extra")!.guard).toEqual(["defined(DEMO_EXTRA)"]);
        expect(entries.find(e => e.name === "HIGH")).toMatchObject({ expr: "DEMO_HIGH", valueKind: "int", constDoc: { type: "number", description: "高电平" } });
        expect(scan.defines.get("DEMO_HIGH")).toBe("1");
    });

    it("infers the parameters and result of an unannotated function from its checks and pushes", () => {
        expect(inferSignatures(source).get("l_demo_raw")).toEqual({ params: ["string", "number?"], returns: "boolean|nil" });
    });

    it("leaves the result unknown when a helper may push it", () => {
        const sig = inferSignatures("static int l_x(lua_State *L) {\n  push_thing(L, luaL_checkinteger(L, 1));\n  return 1;\n}\n").get("l_x");
        expect(sig).toEqual({ params: ["number"], rest: true });
    });

    it("knows a function that reads no argument takes none, and a new table filled in place as its result", () => {
        const text = [
            "static int l_none(lua_State *L) {\n    return 0;\n}",
            "static int l_count(lua_State *L) {\n    lua_pushinteger(L, counter);\n    return 1;\n}",
            "static int l_list(lua_State *L) {\n    lua_createtable(L, n, 0);\n    for (i = 0; i < n; i++) {\n        lua_pushinteger(L, ids[i]);\n        lua_seti(L, -2, i + 1);\n    }\n    return 1;\n}",
            // arguments read at an index computed at run time
            "static int l_loop(lua_State *L) {\n    for (int i = 1; i <= 6; i++) p[i] = luaL_optinteger(L, i, 0);\n    return 0;\n}",
            // a helper given the state may read arguments
            "static int l_wrap(lua_State *L) {\n    return l_other(L);\n}",
            // two definitions under #if that disagree
            "#ifdef X\nstatic int l_two(lua_State *L) {\n    return l_real(L);\n}\n#else\nstatic int l_two(lua_State *L) {\n    lua_pushnil(L);\n    return 1;\n}\n#endif",
        ].join("\n");
        const sigs = inferSignatures(text);
        expect(sigs.get("l_none")).toEqual({ params: [], returns: "" });
        expect(sigs.get("l_count")).toEqual({ params: [], returns: "number" });
        expect(sigs.get("l_list")).toEqual({ params: [], returns: "table" });
        expect(sigs.has("l_loop")).toBe(false);
        expect(sigs.has("l_wrap")).toBe(false);
        expect(sigs.has("l_two")).toBe(false);
    });
});

describe("Lua libraries", () => {
    it("reads the functions and constants of the returned table with the comment above each", () => {
        const text = [
            "--[[",
            "@module demo",
            "@summary 演示库",
            "]]",
            "local demo = {}",
            "demo.VERSION = \"1.0\"",
            "--[[",
            "连接",
            "@api demo.connect(host, port)",
            "@string host 地址",
            "@int port 端口",
            "@return boolean 成功",
            "]]",
            "function demo.connect(host, port) return true end",
            "local function helper() end",
            "function demo.raw(a, ...) end",
            "return demo",
        ].join("\n");
        const scan = scanLuaFile("demo.lua", text, "demo")!;
        expect(scan.summary).toBe("演示库");
        expect(Object.keys(scan.members).sort()).toEqual(["VERSION", "connect", "raw"]);
        expect(scan.members.VERSION).toMatchObject({ kind: "constant", value: "1.0", valueType: "string" });
        expect(scan.members.connect!.doc?.params.map(p => p.name)).toEqual(["host", "port"]);
        expect(scan.members.raw!.doc).toBeUndefined();
    });

    it("counts the values a Lua function's own returns give, past nested functions, comments and strings", () => {
        expect(maxReturnValues("function M.a() gpio.set(1, 0) end", 0)).toBe(0);
        expect(maxReturnValues("function M.a(x)\n  if x then return nil end\n  return\nend", 0)).toBe(0);
        expect(maxReturnValues("function M.a(x)\n  local f = function() return 1, 2, 3 end\n  for i = 1, 3 do print(i) end\n  return f, \"a, b\"\nend", 0)).toBe(2);
        expect(maxReturnValues("function M.a()\n  -- return 1, 2\n  repeat x() until y\n  return { a = 1, b = 2 }\nend", 0)).toBe(1);
        expect(maxReturnValues("function M.a()\n  return false, \"end of it\"\nend", 0)).toBe(2);
        expect(maxReturnValues("function M.a()\n  if x then", 0)).toBeUndefined();
    });

    it("leaves the results of a doc without @return unknown when the function returns values", () => {
        const text = [
            "local demo = {}",
            "-- 开始",
            "function demo.start(cfg)",
            "    if not cfg then return false, \"no cfg\" end",
            "    return true",
            "end",
            "-- 停止",
            "function demo.stop() log.info(\"demo\", \"stop\") end",
            "return demo",
        ].join("\n");
        const scan = scanLuaFile("demo.lua", text, "demo")!;
        expect(scan.members.start!.doc!.returns.map(r => r.type)).toEqual(["any", "any"]);
        expect(scan.members.stop!.doc!.returns).toEqual([]);
    });

    it("takes a doc block naming a member with @api even when it stands above another function", () => {
        const text = [
            "local demo = {}",
            "--[[",
            "构建",
            "@api demo.build(kind, value)",
            "@number kind 类型",
            "@return boolean 成功",
            "]]",
            "local function build(kind, value) return demo.build(kind, value) end",
            "function demo.build(kind, value) return true end",
            "return demo",
        ].join("\n");
        const scan = scanLuaFile("demo.lua", text, "demo")!;
        expect(scan.members.build!.doc).toMatchObject({ line: 2, api: "demo.build(kind, value)" });
        expect(scan.members.build!.doc!.params.map(p => p.name)).toEqual(["kind", "value"]);
    });
});
