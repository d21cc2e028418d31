/**
 * json and pack against the 2021 firmware: each snippet runs on a simulated
 * Air640W and on luatos2021 (the firmware's own lua-cjson and lpack built
 * for Linux); both must print the same lines. Snippets avoid what differs
 * between the Air640W and that x86-64 build (pack's l/L/a sizes, signed
 * char) and the key order of objects with several keys (Lua's hash order).
 */
import { afterAll, describe, expect, it } from "vitest";
import { SimulatedDevice } from "../../runtime/index.js";
import { luaFirmware, removeTemporaryFolders, userLines } from "../runtime/helpers.js";
import { requireReferenceBinary, runLuatos2021 } from "../support/reference-programs.js";

afterAll(removeTemporaryFolders);

/** Runs `main` on a simulated device until it ends; returns its lines without the VM's exit notes. */
async function onSimulator(main: string): Promise<string[]> {
    const device = new SimulatedDevice({ buildDir: luaFirmware({ "main.lua": main }), firmwareLogs: false, rebootOnCrash: false });
    await device.run("1s");
    device.dispose();
    return userLines(device).filter(line => !line.startsWith("[sim]") && !line.startsWith("E/luat.main"));
}

function sameAsFirmware(name: string, main: string, expected: string[]): void {
    describe(name, () => {
        let simulated: string[] | undefined;
        const simulate = async () => (simulated ??= await onSimulator(main));
        it("the simulator prints what the firmware prints", async () => {
            expect(await simulate()).toEqual(expected);
        });
        it("luatos2021 prints the same", async ctx => {
            const binary = requireReferenceBinary(ctx, "luatos2021");
            expect(await runLuatos2021(binary, main)).toEqual(await simulate());
        });
    });
}

describe("json", () => {
    sameAsFirmware(
        "encode: numbers through the firmware's printf, escapes, arrays and objects",
        [
            `print(json.encode({1,2,3}), json.encode({}), json.encode({a=1}), json.encode("a/b\\"\\n\\1\\t"))`,
            "print(json.encode(1.5), json.encode(0.1), json.encode(1/3), json.encode(100), json.encode(1e20), json.encode(-2.25))",
            "print(json.encode({[1]=1,[3]=3}), json.encode({[1]=1,[2]=2,[4]=4}), json.encode(true), json.encode(nil))",
            'print(json.encode({a={b={c={}}}}), json.encode({1,"a",{x=1}}), json.encode({[2.5]=1}))',
            'print(json.encode(1.25, "2f"), json.encode(1/3, "3g"), json.encode(0.5))',
        ].join("\n"),
        [
            '[1,2,3]\t{}\t{"a":1}\t"a\\/b\\"\\b\\u0001\\t"',
            "1.500000\t0.1000000\t0.3333333\t100\t1.000000e+20\t-2.250000",
            "[1,null,3]\t[1,2,null,4]\ttrue\tnull",
            '{"a":{"b":{"c":{}}}}\t[1,"a",{"x":1}]\t{"2.500000":1}',
            "1.25\t0.333\t0.5000000",
        ],
    );
    sameAsFirmware(
        "encode errors come back as nil and a message",
        [
            "print(pcall(json.encode, {[1]=1,[20]=3}))",
            "print(pcall(json.encode, function() end))",
            "print(pcall(json.encode, 1/0))",
            "print(pcall(json.encode, {[true]=1}))",
            "print(pcall(json.encode))",
        ].join("\n"),
        [
            "true\tnil\tCannot serialise table: excessively sparse array",
            "true\tnil\tCannot serialise function: type not supported",
            "true\tnil\tCannot serialise number: must not be NaN or Inf",
            "true\tnil\tCannot serialise boolean: table key must be a number or string",
            "true\tnil\tbad argument #1 to '?' (expected 1 argument)",
        ],
    );
    sameAsFirmware(
        "decode: floats, strings, null, and errors as nil, false, message",
        [
            "print(json.null, type(json.decode('null')), json.decode('null') == nil)",
            `local t = json.decode('{"a":[1,2.5,"x",true,false,{}],"b":"\\\\u0041\\\\/"}') print(t.a[1], math.type(t.a[1]), t.a[2], t.a[3], t.a[4], t.a[5], type(t.a[6]), t.b)`,
            "print(json.decode('123'), json.decode('1e2'), type(json.decode(' [ ] ')), #json.decode('[]'))",
            "print(pcall(json.decode, '{bad'))",
            "print(pcall(json.decode, ''))",
            "print(pcall(json.decode, '[1,2'))",
            "print(pcall(json.decode, '1 2'))",
            "print(pcall(json.decode, '[1,]'))",
            `print(pcall(json.decode, '{"a" 1}'))`,
            "print(pcall(json.decode, '01'))",
            "print(pcall(json.decode, 5))",
            "print(pcall(json.decode))",
            `print(json.decode('"\\\\ud83d\\\\ude00"') == "\\240\\159\\152\\128", pcall(json.decode, '"\\\\ude00"'))`,
        ].join("\n"),
        [
            "nil\tuserdata\tfalse",
            "1.000000\tfloat\t2.500000\tx\ttrue\tfalse\ttable\tA/",
            "123.0000\t100.00000\ttable\t0",
            "true\tnil\tfalse\tExpected object key string but found invalid token at character 2",
            "true\tnil\tfalse\tExpected value but found T_END at character 1",
            "true\tnil\tfalse\tExpected comma or array end but found T_END at character 5",
            "true\tnil\tfalse\tExpected the end but found T_NUMBER at character 3",
            "true\tnil\tfalse\tExpected value but found T_ARR_END at character 4",
            "true\tnil\tfalse\tExpected colon but found T_NUMBER at character 6",
            "true\tnil\tfalse\tExpected value but found invalid number at character 1",
            "true\t5.000000\t1",
            "true\tnil\tfalse\tbad argument #1 to '?' (expected 1 argument)",
            "true\ttrue\tnil\tfalse\tExpected value but found invalid unicode escape code at character 2",
        ],
    );
});

describe("pack", () => {
    sameAsFirmware(
        "pack and unpack of the common codes",
        [
            'local s = pack.pack(">HIb", 0x1234, 0x01020304, 255) print(#s, s:byte(1, -1))',
            'local s = pack.pack("<hiz", -2, -3, "ab") print(#s, s:byte(1, -1))',
            'print(pack.unpack(pack.pack(">H<H", 258, 258), ">H<H"))',
            'print(pack.unpack("\\1\\2\\3", ">Hb"))',
            'print(pack.unpack("\\1\\2", ">I"))',
            'print(pack.unpack(pack.pack("pPA", "x", "yz", "w"), "pPA"))',
            'print(pack.unpack("abcdef", "A2A3", 2))',
            'print(pack.unpack(pack.pack(">fd", 1.5, -0.25), ">fd"))',
            'print(pack.unpack(pack.pack("z b", "hi", 7), "z b"))',
            'print(pcall(pack.pack, "q", 1))',
            'print(pcall(pack.unpack, "abc", "y"))',
            'print(pack.unpack(pack.pack(">I", 16777217), ">I"))',
        ].join("\n"),
        [
            "7\t18\t52\t1\t2\t3\t4\t255",
            "9\t254\t255\t253\t255\t255\t255\t97\t98\t0",
            "5.000000\t258\t258",
            "4.000000\t258\t3",
            "1.000000",
            "8.000000\tx\tyz\tw",
            "7.000000\tbc\tdef",
            "13.00000\t1.500000\t-0.2500000",
            "5.000000\thi\t7",
            "false\tbad argument #1 to '?' (bad code `q')",
            "false\tbad argument #1 to '?' (bad code `y')",
            "5.000000\t16777216",
        ],
    );
});
