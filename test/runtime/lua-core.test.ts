/**
 * The simulator's Lua core against the 2021 firmware: each snippet runs as
 * main.lua on a simulated Air640W, its output is checked against what the
 * device prints, and the same snippet runs on luatos2021 (the firmware's
 * own C code) and must print the same lines.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { lua, lauxlib, to_luastring } from "fengari";
import { afterAll, describe, expect, it } from "vitest";
import { DeviceFiles } from "../../runtime/device-files.js";
import { SimulatedDevice } from "../../runtime/index.js";
import { tostringBytes, type LuaState } from "../../runtime/lua.js";
import { floatToString, formatOne } from "../../runtime/number-format.js";
import { createLuaState } from "../../runtime/vm.js";
import { luaFirmware, removeTemporaryFolders, userLines } from "./helpers.js";
import { requireReferenceBinary, runLuatos2021 } from "../support/reference-programs.js";

afterAll(removeTemporaryFolders);

/** Runs `main` (and `files`) on a simulated device until it ends; returns its lines without the VM's exit notes. */
async function onSimulator(main: string, files: Record<string, string> = {}): Promise<string[]> {
    const device = new SimulatedDevice({ buildDir: luaFirmware({ "main.lua": main, ...files }), firmwareLogs: false, rebootOnCrash: false });
    await device.run("1s");
    device.dispose();
    return userLines(device).filter(line => !line.startsWith("[sim]") && !line.startsWith("E/luat.main"));
}

/**
 * Two tests for one behaviour: the simulator prints `expected`, and
 * luatos2021 prints what the simulator prints.
 */
function sameAsDevice(name: string, main: string, expected: (string | RegExp)[], files: Record<string, string> = {}): void {
    describe(name, () => {
        let simulated: string[] | undefined;
        const simulate = async () => (simulated ??= await onSimulator(main, files));
        it("the simulator prints what the device prints", async () => {
            const lines = await simulate();
            expect(lines).toHaveLength(expected.length);
            expected.forEach((e, i) => (typeof e === "string" ? expect(lines[i]).toBe(e) : expect(lines[i]).toMatch(e)));
        });
        it("luatos2021 prints the same", async ctx => {
            const binary = requireReferenceBinary(ctx, "luatos2021");
            expect(await runLuatos2021(binary, main, { files })).toEqual(await simulate());
        });
    });
}

describe("numbers: LUA_32BITS floats", () => {
    sameAsDevice(
        "arithmetic, literals, tonumber and math round to 32-bit floats",
        [
            "print(0.1 + 0.2 == 0.3, 0.1 + 0.2, 16777217.0, 2^24 + 1.0, 1 / 3, 10 / 3)",
            'print(tonumber("0.1") == 0.1, "0.1" + 0, tonumber("16777217.0"), "3.4028235e38" + 0, "1e39" + 0)',
            "print(math.sqrt(2), math.exp(1), math.log(10), math.sin(1), math.cos(0.5), 2^0.5)",
            "print(16777217 == 16777217.0, math.tointeger(16777216.0), 1e38 * 10, 8 // 0.0, 0.3 // 0.1)",
            "local n = 0 for x = 0, 1, 0.25 do n = n + 1 end print(n, ({[0.1] = 'k'})[0.1], math.type(2^53))",
        ].join("\n"),
        [
            "true\t0.3000000\t1.677722e+07\t1.677722e+07\t0.3333333\t3.333333",
            "true\t0.1000000\t1.677722e+07\t3.402823e+38\tinf",
            "1.414214\t2.718282\t2.302585\t0.8414710\t0.8775826\t1.414214",
            "false\t16777216\tinf\tinf\t3.000000",
            "5\tk\tfloat",
        ],
    );

    it("the setter rounds only for float32 states: a state with numberBytes 8 keeps doubles", () => {
        const out: string[] = [];
        const L = createLuaState({ buildDir: os.tmpdir(), mainThread: () => undefined, afterResume: () => {}, waitInAsync: () => {}, heapKb: () => 0, moduleLoaded: () => {}, numberBytes: 8 });
        lua.lua_pushcfunction(L, (L1: LuaState) => {
            out.push(Buffer.from(tostringBytes(L1, 1)).toString());
            return 0;
        });
        lua.lua_setglobal(L, to_luastring("print"));
        expect(lauxlib.luaL_dostring(L, to_luastring("print(0.1 + 0.2 == 0.3) print(16777217.0) print(math.sqrt(2))"))).toBe(lua.LUA_OK);
        expect(out).toEqual(["false", "16777217.0", "1.4142135623731"]);
    });
});

describe("numbers: the firmware's printf", () => {
    sameAsDevice(
        "tostring, .., print and log print floats with %.7g of the embedded printf",
        [
            "print(1.5, 0.1, 1e10, 100.0, 2^31, -2.5, 1e-5, 0.0, -0.0, 1/0, -1/0, 0/0, 123456.7, 1e6)",
            'print(tostring(1.5), 1.5 .. "", 12 .. "", 3000000000, -2147483647 - 1)',
            'log.info("tag", 1.5, 2, 0.25)',
        ].join("\n"),
        [
            "1.500000\t0.1000000\t10.000000e+09\t100.00000\t2.147484e+09\t-2.500000\t1.000000e-05\t0.000000e-308\t0.000000e-308\tinf\t-inf\tnan\t123456.7\t10.000000e+05",
            "1.500000\t1.500000\t12\t3.000000e+09\t-2147483648",
            "I/user.tag\t1.500000\t2\t0.2500000",
        ],
    );

    sameAsDevice(
        "string.format: floats, integers, strings and %q",
        [
            'print(string.format("%f|%g|%e|%.3f|%.0f %.0f %.0f|%5.1f|%-8.2f|%08.3f|%+.2e|%.3g|%G|%.12g|%.10f", 0.1, 0.1, 12345.678, 1/3, 0.5, 1.5, 2.5, 1/0, 2.5, -1.5, 1234.5, 1234.5, 1e-10, 0.1, 0.1))',
            'print(string.format("%.14g|%.20f|%10.4e|%-10g|%+g|% g|%#g", 0.1, 0.1, 1234.5, 0.5, 1.0, 2.0, 3.0))',
            'print(string.format("%d|%5d|%-5d|%05d|%x|%X|%#x|%o|%+d|% d|%.3d|%i|%#o|%5.3x", -1, 42, 42, -42, -1, 255, 255, 8, 5, 5, 5, 7, 8, 255))',
            'print(string.format("%.3d|%08.3d|%+5d|%-+5d|% 05d|%#X|%#.3x|%.0d|%c%c|%3c|%-3c|", 5, 5, 5, 5, 5, 255, 1, 0, 72, 105, 67, 68))',
            'print(string.format("%5s|%-5s|%.2s|%s|%10.3s|%s|%s", "ab", "ab", "abc", 1.5, "hello", true, nil))',
            'print(string.format("%q|%q|%q|%q|%a|%5.1f", "a\\nb\\0c", 42, 1.5, math.mininteger, 1, -1/0))',
            'print(pcall(string.format, "%y", 1))',
            'print(pcall(string.format, "%123d", 1))',
        ].join("\n"),
        [
            "0.100000|0.100000|1.234568e+04|0.333|0 2 2|  inf|2.50    |-001.500|+1.23e+03|1234|1.000000E-10|0.100000001000|0.1000000010",
            "0.10000000100000|0.10000000100000000000|1.2345e+03|0.500000  |+1.00000| 2.00000|3.00000",
            "-1|   42|42   |-0042|ffffffff|FF|0xff|10|+5| 5|005|7|010|  0ff",
            "005|     005|   +5|+5   | 0005|0XFF|0x001||Hi|  C|D  |",
            "   ab|ab   |ab|1.500000|       hel|true|nil",
            '"a\\',
            'b\\0c"|42|a|0x80000000|a| -inf',
            "false\tinvalid option '%y' to 'format'",
            "false\tinvalid format (width or precision too long)",
        ],
    );

    it("formats like the device's printf.c: results read from luatos2021", () => {
        // A few results read from luatos2021, covering the exponent estimate, rounding and padding paths.
        const f = Math.fround;
        expect(floatToString(f(1e10))).toBe("10.000000e+09");
        expect(floatToString(f(1e15))).toBe("10.000000e+14");
        expect(floatToString(f(999999.0))).toBe("999999.0");
        expect(floatToString(f(0.999999))).toBe("0.9999990");
        expect(formatOne("%.0f", 0.7)).toBe("1");
        expect(formatOne("%.0f", 2.5)).toBe("2");
        expect(formatOne("%.0f", 3.5)).toBe("4");
        expect(formatOne("%.1f", f(0.25))).toBe("0.2");
        expect(formatOne("%.1f", f(0.75))).toBe("0.8");
        expect(formatOne("%g", f(2.5))).toBe("2.50000");
        expect(formatOne("%f", 1e10)).toBe("10.000000e+09");
        expect(formatOne("%d", -2147483648)).toBe("-2147483648");
        expect(formatOne("%u", -1)).toBe("4294967295");
    });
});

describe("library surface of the 2021 firmware", () => {
    sameAsDevice(
        "no math.pi/huge, package, utf8, string.dump, debug.debug; io as LuatOS trimmed it",
        [
            "print(math.pi, math.huge, math.maxinteger, math.mininteger, package, utf8, bit32, string.dump, debug.debug)",
            "print(type(require), type(loadfile), type(dofile), type(io.open), loadstring, unpack, module)",
            "local ks = {} for k in pairs(io) do ks[#ks + 1] = k end table.sort(ks) print(table.concat(ks, ' '))",
            "print(io.read, io.write, io.lines, io.close, io.stdout)",
            "print(os.exit, os.getenv, os.execute, os.tmpname, type(os.time), type(os.clock), type(os.date), type(os.difftime))",
        ].join("\n"),
        [
            "nil\tnil\t2147483647\t-2147483648\tnil\tnil\tnil\tnil\tnil",
            "function\tfunction\tfunction\tfunction\tnil\tnil\tnil",
            "exists fileSize open readFile type writeFile",
            "nil\tnil\tnil\tnil\tnil",
            "nil\tnil\tnil\tnil\tfunction\tfunction\tfunction\tfunction",
        ],
    );

    sameAsDevice(
        "chunk names are device paths: errors read /main.lua:N:",
        [
            'local info = debug.getinfo(1, "S") print(info.source, info.short_src)',
            "print(pcall(function() local a return a.b end))",
            'print(pcall(error, "x"), pcall(error, "y", 2))',
            'print(select(2, pcall(require, "mod")))',
        ].join("\n"),
        [
            "@/main.lua\t/main.lua",
            "false\t/main.lua:2: attempt to index a nil value (local 'a')",
            "false\tfalse\t/main.lua:3: y",
            "/mod.lua:2: in module",
        ],
        { "mod.lua": "local file, name = ...\nerror('in module')\n" },
    );

    sameAsDevice(
        "require: the chunk gets (file, name); missing and broken modules fail with the device's messages",
        [
            'print(require("mod"), require("mod"))',
            'print(pcall(require, "nosuchmod"))',
            // Written at run time: the simulator refuses to boot a build folder with Lua that does not parse.
            'io.open("/broken.lua", "w"):write("= 1\\n"):close()',
            'local ok, e = pcall(require, "broken") print(ok, e)',
        ].join("\n"),
        ["mod\t/mod.lua\tmod", "mod-result\tmod-result", "false\tmodule 'nosuchmod' not found", "false\terror loading module 'broken' from file '/broken.lua':", "\t/broken.lua:1: unexpected symbol near '='"],
        { "mod.lua": 'print("mod", ...)\nreturn "mod-result"\n' },
    );

    sameAsDevice(
        "print calls the global tostring, and log goes through print",
        ['tostring = function(v) return "<" .. type(v) .. ">" end', 'print(1, "a", nil)', 'log.info("tag", 2)'].join("\n"),
        ["<number>\t<string>\t<nil>", "<string>\t<number>"],
    );

    sameAsDevice(
        "log and print write raw bytes: CR LF inside data splits the serial line",
        ['log.info("tag", "a\\r\\nb")', 'print("x\\ny")'].join("\n"),
        ["I/user.tag\ta", "b", "x", "y"],
    );
});

describe("dofile and loadfile stay on the script partition", () => {
    const hostFile = path.join(os.tmpdir(), `luatos-outside-${process.pid}.lua`);
    fs.writeFileSync(hostFile, "print('outside!')\n");
    afterAll(() => fs.rmSync(hostFile, { force: true }));
    sameAsDevice(
        "paths outside the partition fail like missing files",
        [
            'print(pcall(dofile, "/nope.lua"))',
            'print(loadfile("nope.lua"))',
            'print(pcall(dofile, "../x.lua"))',
            `print(pcall(dofile, ${JSON.stringify(hostFile)}))`,
            'print(dofile("/lib.lua"), loadfile("lib.lua")(), loadfile("lib.lua", "t", {print = print})())',
        ].join("\n"),
        [
            "false\tcannot open /nope.lua: No such file or directory",
            "nil\tcannot open nope.lua: No such file or directory",
            "false\tcannot open ../x.lua: No such file or directory",
            `false\tcannot open ${hostFile}: No such file or directory`,
            "lib\tlib\tlib",
        ],
        { "lib.lua": "return 'lib'\n" },
    );

    it("a relative path to a host file beside the build folder is not found (luatos2021's partition is a host folder, so only the simulator is checked)", async () => {
        const lines = await onSimulator([`print(pcall(dofile, "../${path.basename(hostFile)}"))`, `print(loadfile("/../${path.basename(hostFile)}"))`, `print(io.open("../${path.basename(hostFile)}"))`].join("\n"));
        expect(lines).toEqual([
            `false\tcannot open ../${path.basename(hostFile)}: No such file or directory`,
            `nil\tcannot open /../${path.basename(hostFile)}: No such file or directory`,
            `nil\t../${path.basename(hostFile)}: No such file or directory\t2`,
        ]);
    });
});

describe("io on the device's file system", () => {
    sameAsDevice(
        "open, write, read, lines, seek and the LuatOS helpers",
        [
            'local f = io.open("/data.txt", "w")',
            'print(io.type(f), f:write("line1\\n", 42, " ", 1.5, "\\n", "line3") == f, f:close(), io.type(f), tostring(f))',
            'print(pcall(f.write, f, "x"))',
            'f = io.open("data.txt")',
            'print(f:read("l"), f:read("*L"), f:read("L"), f:read("a"), f:read("a"), f:read("l"), f:read())',
            'print(f:seek("set", 2), f:read(3), f:seek("cur"), f:seek("end"), f:read(1))',
            "f:close()",
            'for l in io.open("/data.txt"):lines() do print("L", l) end',
            'print(io.open("/nofile.txt"))',
            'print(io.open("/sub/x.txt", "w"))',
            'print(pcall(io.open, "/x", "rw"))',
            'print(io.exists("data.txt"), io.exists("/nofile"), io.fileSize("/data.txt"), io.fileSize("/nofile"))',
            'print(#io.readFile("/data.txt"), io.readFile("/nofile"))',
            'print(io.writeFile("/w.txt", "hello"), io.readFile("/w.txt"), io.fileSize("/w.txt"))',
            'f = io.open("/a.txt", "a+") f:write("A") f:close() f = io.open("/a.txt", "a+") f:write("B") f:seek("set") print(f:read("a")) f:close()',
            'f = io.open("/a.txt", "r+") f:write("Z") f:close() print(io.readFile("/a.txt"))',
            'f = io.open("/data.txt") print(pcall(f.read, f, "n")) f:close()',
            'print(io.open("/main.lua"):read("l"))',
            'io.open("/gen.lua", "w"):write("return 7"):close() print(dofile("/gen.lua"))',
        ].join("\n"),
        [
            /^file\ttrue\ttrue\tclosed file\tfile \(closed\)$/,
            "false\tattempt to use a closed file",
            "line1\t42 1.5\n\tline3\t\t\tnil\tnil",
            "2\tne1\t5\t18\tnil",
            "L\tline1",
            "L\t42 1.5",
            "L\tline3",
            "nil\t/nofile.txt: No such file or directory\t2",
            "nil\t/sub/x.txt: No such file or directory\t2",
            "false\tbad argument #2 to '?' (invalid mode)",
            "true\tfalse\t18",
            "18",
            "true\t\t0",
            "AB",
            "ZB",
            "false\tbad argument #2 to '?' (invalid format)",
            'local f = io.open("/data.txt", "w")',
            "7",
        ].flatMap((line): (string | RegExp)[] => (typeof line === "string" ? line.split("\n") : [line])),
    );

    it("os.remove and os.rename (state level: the device's os time module installs over os)", async ctx => {
        const script = [
            'io.open("/w.txt", "w"):write("hi"):close()',
            'print(os.rename("/w.txt", "/w2.txt"), io.exists("/w.txt"), io.readFile("/w2.txt"), os.rename("/nope", "/x"))',
            'print(os.remove("/w2.txt"), os.remove("/w2.txt"))',
        ].join("\n");
        const expected = ["true\tfalse\thi\tnil\tNo such file or directory\t2", "true\tnil\t/w2.txt: No such file or directory\t2"];
        const dir = luaFirmware({ "main.lua": "" });
        const files = new DeviceFiles(dir);
        const out: string[] = [];
        const run = (code: string) => {
            const L = createLuaState({ buildDir: dir, files, mainThread: () => undefined, afterResume: () => {}, waitInAsync: () => {}, heapKb: () => 0, moduleLoaded: () => {} });
            lua.lua_pushcfunction(L, (L1: LuaState) => {
                const parts: string[] = [];
                for (let i = 1; i <= (lua.lua_gettop(L1) as number); i += 1) parts.push(Buffer.from(tostringBytes(L1, i)).toString());
                out.push(parts.join("\t"));
                return 0;
            });
            lua.lua_setglobal(L, to_luastring("print"));
            expect(lauxlib.luaL_dostring(L, to_luastring(code))).toBe(lua.LUA_OK);
        };
        run(script);
        expect(out).toEqual(expected);
        // The same DeviceFiles in the next boot's state: files survive, the build folder is untouched.
        out.length = 0;
        run('io.open("/kept.txt", "w"):write("kept"):close()');
        run('print(io.readFile("/kept.txt"), io.exists("/w2.txt"))');
        expect(out).toEqual(["kept\tfalse"]);
        expect(fs.readdirSync(dir)).not.toContain("kept.txt");

        const binary = requireReferenceBinary(ctx, "luatos2021");
        expect(await runLuatos2021(binary, script)).toEqual(expected);
    });
});
