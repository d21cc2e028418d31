/**
 * json and pack of today's firmware: the same firmware on luatos-pc (the
 * LuatOS PC build) and on the simulated pc board prints the same `I/user.`
 * lines, for typical values (floats, integers of both signs, nested tables,
 * arrays, escapes, errors, every pack code with the PC build's 64-bit
 * `long` and `size_t`), and fskv stores floats and tables through them.
 * The modules' 32-bit ARM variants are checked on the simulator alone.
 *
 * luatos-pc is $LUATOS_PC or the shared binaries folder beside the
 * checkout; without it the differential tests skip (and fail under CI=true).
 */
import { afterAll, describe, expect, it } from "vitest";
import { BOARDS } from "../../runtime/index.js";
import { currentFirmware } from "../../runtime/firmware/current/index.js";
import { SimulatedDevice } from "../../runtime/device.js";
import { firmwareFolder, removeTemporaryFolders, requireLuatosPc, runOnLuatosPc, runOnSimulator, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

/** Lua helpers: every returned value with its type (math.type for numbers), strings in hex. */
const SHOW = `local function hex(s) return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end)) end
local function show(...)
  local t = table.pack(...)
  local out = {}
  for i = 1, t.n do
    local v = t[i]
    local text = type(v) == "string" and (v:find("^[%w%p ]*$") and v or hex(v)) or tostring(v)
    out[#out + 1] = (math.type(v) or type(v)) .. ":" .. text
  end
  return table.concat(out, " ")
end
-- One line per result: luatos-pc's print splices its time prefix into lines longer than 512 bytes.
local function each(tag, ...)
  local t = table.pack(...)
  for i = 1, t.n do log.info(tag, i, t[i]) end
end
local function E(...) return show(json.encode(...)) end
local function D(text) return show(json.decode(text)) end
local function P(f, ...) return show(pcall(pack.pack, f, ...)) end
local function U(s, f, i) return show(pcall(pack.unpack, s, f, i)) end
`;

const JSON_PROGRAM = `${SHOW}
log.info("module", type(json), json.decode("null") == json.null, json.null == nil)
each("floats", E(1.5), E(0.1), E(1/3), E(100.0), E(123456.7), E(1e8), E(1e9), E(2^31), E(1e20), E(-1.5), E(-1e9 - 100))
each("small floats", E(0.0), E(-0.0), E(1e-5), E(1e-7), E(1.2e-7), E(-1.2e-7), E(1.5e-7), E(5e-7))
each("integers", E(0), E(3), E(123456789), E(math.maxinteger), E(-5), E(-2147483647), E(math.mininteger))
each("precision", E(1.5, "2f"), E(1.23456789), E(1.5, "4g"), E(1.5), E(0.001, "2f"), E(0.006, "2f"), E(2.5, "0f"), E(1.25, "1f"), E(1.5, "14f"), E(1e7, "7g"), E(0.5, "2g"), E(1e-5, "3g"), E(2^31, "2f"))
each("bad precision", E(1.5, "f"), E(1.5, "7"), E(1.5, "2F"), E(1.5, ""), E(1.5, "2fx"), E(1.5, 3), E(1.5), E(1.5, "1234f"), E(1.5, "%.f"), E(1.5, "%3f"), E(1.5, "%.1234f"))
each("printf precision", E(1.5, "%.3f"), E(1.5, "%.2g"), E(0.25, "%.0f"), E(1.5, "%.12f"))
each("arrays", E({1, 2, 3}), E({1, 2, nil, 4}), E({[1] = 1, [3] = 3}), E({[2] = 1}), E({[2] = 1, [1] = 2}), E({1.5, 2}, "2f"), E({}), E({[1] = 1, [10] = 2}))
each("objects", E({a = 1}), E({a = {b = {1, 2, {c = "x"}}}}), E({a = true, b = false}), E({["1"] = 2}), E({[1.5] = 2}), E({[-1] = 1}), E({a = {}}))
each("strings", E("a/b\\n\\t\\"\\\\ \\1"), E("\\8\\9\\10\\12\\13\\"\\\\/\\127\\31\\0"), E("é"), E(""))
each("others", E(true), E(false), E(nil), E(json.null), E({json.null}))
each("errors", E({[1] = 1, [20] = 2}), E(print), E({[true] = 1}), E(math.huge), E(0/0))
local deep, c = {}, nil
c = deep
for i = 1, 1100 do c[1] = {} c = c[1] end
each("nesting", E(deep))
each("decode numbers", D("1.5"), D("3"), D("-7"), D("0"), D("-0"), D("7."), D("7.e1"), D("1.5E+2"), D("0.125"), D("-0.5"))
each("decode integers", D("2147483647"), D("12345678901"), D("4294967297"), D("4294967296"), D("-4294967296"), D("99999999999999999999"))
each("decode bad numbers", D("1e3"), D("[1.5,1e2]"), D("01"), D("+1"), D(".5"), D("-"), D("1.5.5"))
local t = json.decode('{"a":{"b":[1,2,{"c":"x"}]},"n":null,"f":1.25,"i":7,"s":"a\\\\u00e9\\\\/\\\\n"}')
log.info("decode object", type(t), t.a.b[1], t.a.b[3].c, t.n == json.null, t.f, math.type(t.f), t.i, math.type(t.i), hex(t.s))
local a = json.decode("[1,null,3,[],{}]")
log.info("decode array", #a, a[1], a[2] == json.null, a[3], type(a[4]), type(a[5]))
each("decode others", D("true"), D("false"), D('"\\\\ud83d\\\\ude00"'), D("  7  "))
each("decode errors", D("{bad"), D(""), D("[1,"), D("nul"), D('"\\\\x"'), D("[1,2]x"), D("[-]"))
each("decode arguments", show(pcall(json.decode, nil)), show(pcall(json.decode, 5)))
each("round trip", E(json.decode('{"list":[1,2.5,"x",true]}')))
log.info("done")
os.exit(0)
`;

const PACK_PROGRAM = `${SHOW}
log.info("module", type(pack))
each("integers", P("<i", 70000), P(">h", -2), P("b", 255), P("<I", -1), P("<i", -1), P("<H", -1), P("<h", 40000), P("<b", 256), P("<c", 200), P("<I", 2147483647), P("<h", 70000))
each("machine words", P("<l", 1), P("<L", -1), P(">l", -2), P("<a", "xy"))
each("floats", P(">f", 1.5), P("<f", 3), P("<d", 3), P(">d", 0.1), P("<n", 1.5), P("<n", 2), P("<f", 1/3), P("<f", 16777217))
each("conversions", P("<i", 3.0), P("<i", "12"), P("<f", "1.5"), P("<z", 12), P("<A", 1.5))
each("strings", P("A", "xy"), P("A2", "xyz"), P("A2", "x"), P("A0", "x"), P("A3z", "ab", "cd"), P("z", "xy"), P("z2", "a", "b"), P("p", "xy"), P("P", "xy"), P("p2", "a", "b"))
each("formats", P(">H3", 1, 2, 3), P(">i2 h", 1, 2, 3), P("f2", 1, 2), P(""), P("<5"), P(">bhi", 1, 2, 3))
each("pack errors", P("<I", 4294967295), P("<i", 2^31), P("<i", 1.5), P("<i", "x"), P("Q", 1), P("<j", 1), P("<x"), P("<bb", 1), P("<I"), P("<i", 1e10))
each("unpack integers", U("\\255\\255\\255\\255", "<I"), U("\\255\\255\\255\\255", "<i"), U("\\255\\255", "<H"), U("\\255\\255", "<h"), U("\\255", "b"), U("\\255", "c"), U("\\255\\255\\255\\127", "<i"))
each("unpack words", U("\\1\\2\\3\\4\\5\\6\\7\\8", "<L"), U("\\1\\2\\3\\4\\5\\6\\7\\8", "<l"), U("\\1\\2\\3\\4\\5\\6\\7\\8", ">i2"))
each("unpack floats", U(pack.pack(">f", 1.5), ">f"), U("\\0\\0\\0\\0\\0\\0\\248\\63", "<d"), U("\\0\\0\\192\\63", "<n"), U(pack.pack("<d", 1/3), "<d"), U("\\0\\0\\128\\79", "<f"))
each("unpack strings", U("\\2\\0\\0\\0\\0\\0\\0\\0xy", "<a"), U("\\2\\0\\0\\0xy", "<a"), U("\\2xy", "p"), U("\\0\\2xy", ">P"), U("ab\\0cd", "zz"), U("abc", "A0"), U("abcdef", "A2A2", 3), U("abc", "A"), U("abc", "z"), U("\\1\\2\\3", "bA"), U("xy", "A5"))
each("unpack positions", U("abc", "<i"), U("", "b"), U("ab", "b", 5), U("ab", "b", 1.5), U("abcd", "<I", 2), U("\\1\\2", "b2"), U(pack.pack(">bhi", 1, 2, 3), ">bhi"))
each("unpack errors", U("\\1\\2", "bQ"), show(pcall(pack.unpack, "x")), show(pcall(pack.pack)))
log.info("done")
os.exit(0)
`;

const FSKV_PROGRAM = `fskv.init()
log.info("float", fskv.set("f", 1.5), fskv.get("f"), math.type(fskv.get("f")), fskv.set("g", -0.25), fskv.get("g"))
log.info("table", fskv.set("t", {a = 1, b = {1, 2}}), fskv.get("t").a, fskv.get("t").b[2], fskv.get("t", "a"), select("#", fskv.get("t", "z")))
log.info("sett", fskv.sett("t", "c", "x"), fskv.get("t").c, fskv.sett("new", "k", 2), fskv.get("new").k, fskv.sett("f", "k", 1), type(fskv.get("f")))
log.info("array", fskv.set("a", {1, 2.5, "x"}), fskv.get("a")[2], #fskv.get("a"))
log.info("refused", fskv.set("bad", {print}), fskv.set("sparse", {[1] = 1, [50] = 2}))
log.info("status", fskv.status())
log.info("done")
os.exit(0)
`;

describe("json and pack of today's firmware", () => {
    for (const [name, program] of [
        ["json", JSON_PROGRAM],
        ["pack", PACK_PROGRAM],
        ["fskv floats and tables (through pack and json)", FSKV_PROGRAM],
    ] as const) {
        it(`${name}: the same user lines as luatos-pc`, async ctx => {
            const binary = requireLuatosPc(ctx, `the ${name} differential test`);
            const dir = firmwareFolder(program);
            const real = userLines(await runOnLuatosPc(binary, dir));
            expect(real).toContain("I/user.done");
            expect(userLines(await runOnSimulator(dir))).toEqual(real);
        });
    }

    it("on a module (32-bit ARM): integers encode signed, pack's long and size_t are 4 bytes and char is unsigned", async () => {
        const device = new SimulatedDevice({
            buildDir: firmwareFolder(`${SHOW}\nlog.info("arm", E(-5), E({[-1] = 1}), P("<l", -2), P("<a", "xy"), U("\\255", "c"), U("\\1\\2\\3\\4\\5\\6\\7\\8", "<L"))\nsys.run()\n`),
            generation: currentFirmware({ adapter: 1 }),
            board: BOARDS.air780epm!,
            firmwareLogs: false,
            rebootOnCrash: false,
        });
        try {
            await device.run("100ms");
            expect(userLines(device.log.map(l => l.text))).toEqual([
                'I/user.arm string:-5 string:{"-1":1} boolean:true string:FEFFFFFF boolean:true string:020000007879 boolean:true integer:2 integer:255 boolean:true integer:5 integer:67305985',
            ]);
        } finally {
            device.dispose();
        }
    });
});
