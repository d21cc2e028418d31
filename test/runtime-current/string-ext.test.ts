/**
 * LuatOS's string additions on today's firmware (lstrlib_exts.c): one
 * firmware calls every function with typical and edge inputs on the
 * simulator (the PC board) and on luatos-pc; both must log the same lines.
 */
import { afterAll, describe, expect, it } from "vitest";
import { BOARDS, SimulatedDevice, type BoardProfile } from "../../runtime/index.js";
import { STRCACHE_M, STRCACHE_N } from "../../runtime/firmware/current/string-cache.js";
import { current } from "../../runtime/firmware/current/index.js";
import { requireReferenceBinary, runLuatosPc } from "../support/reference-programs.js";
import { PC_BOARD, firmwareFolder, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

/** Lua: `show(label, ...)` logs the count and each value, strings quoted with bytes outside printable ASCII as \xNN. */
const SHOW_LUA = `local function esc(v)
  if type(v) == "table" then
    local parts = {}
    for i, x in ipairs(v) do parts[i] = esc(x) end
    return "{" .. table.concat(parts, ",") .. "}#" .. #v
  end
  if type(v) ~= "string" then return tostring(v) end
  return '"' .. (v:gsub("[^%w%p ]", function(c) return string.format("\\\\x%02X", c:byte()) end)) .. '"'
end
local function show(label, ...)
  local out = {"n=" .. select("#", ...)}
  for i = 1, select("#", ...) do out[#out + 1] = esc((select(i, ...))) end
  log.info(label, table.concat(out, " "))
end
local function try(label, f, ...) show(label, pcall(f, ...)) end
`;

const FIRMWARE = `${SHOW_LUA}
show("toHex", string.toHex(""), string.toHex("\\0\\1\\255abc"), ("123abc"):toHex(" "), string.toHex("ab", ", "), string.toHex(123, ""))
try("toHex", string.toHex)
show("fromHex", string.fromHex(""), string.fromHex("4a4B4c"), string.fromHex("010203"), string.fromHex("abc"), ("3132"):fromHex())
show("fromHex", string.fromHex("4G4"), string.fromHex("zz41 ,42"), string.fromHex("0x41"), string.fromHex("12\\20041"), string.fromHex("1 23 4"), string.fromHex("01:02:0A"))
show("toValue", string.toValue(""))
show("toValue", string.toValue("19aA:zZ"))
show("toValue", string.toValue("1\\200\\255"))
show("split", string.split("a,b,c"), string.split("a,b,c", ","), ("123,456,789"):split(","))
show("split", string.split("a,,b;c,", ",;"), string.split(",,,", ","), string.split(",,,", ",", true), string.split("", ","))
show("split", string.split("a,b", ""), string.split("a b  c", " "), string.split("abc", "x"), string.split("a--b-c--", "--"))
show("split", string.split("/tmp//def/1234/", "/", true), string.split("/tmp//def/1234/", "/"), string.split("a\\0b,c", ","), string.split(12345, "3"))
show("split", string.split("a,b", ",", 1), string.split(",a", ",", true), string.split("abab", "ab", true), string.split("aXYbXY", "XY"))
local s = "k=v;x=y"
show("split", s:split(";"))
show("after split", s, #s)
show("urlEncode", string.urlEncode("123 abc+/"), string.urlEncode("123 abc+/", 1))
show("urlEncode", string.urlEncode("123 abc+/", -1, 1, "/"), string.urlEncode("123 abc+/", -1, 0, "/"), string.urlEncode("123 abc+/", -1, 0, "/ "))
show("urlEncode", string.urlEncode(""), string.urlEncode("a.b-c*d_e~f\\200\\0"), string.urlEncode("a b*", 5), string.urlEncode("a b.", -1, 2, ""))
try("urlEncode", string.urlEncode, "a", -1)
try("urlEncode", string.urlEncode, "a", nil)
show("toBase64", string.toBase64(""), string.toBase64("hello"), string.toBase64("a"), string.toBase64("ab"), string.toBase64("abc"))
show("toBase64", string.toBase64("\\0\\255\\128"), string.toBase64("0123456789abcdefghij"), ("hi"):toBase64())
show("fromBase64", string.fromBase64("aGVsbG8="), string.fromBase64(""), string.fromBase64("QQ"), string.fromBase64("QQ=="), string.fromBase64("QUI="), string.fromBase64("QUJD"))
show("fromBase64", string.fromBase64("!!"), string.fromBase64("QQ==QQ=="), string.fromBase64("QQ=a"), string.fromBase64("QU JD"), string.fromBase64("QUJD  "), string.fromBase64("QU\\r\\nJD"))
show("fromBase64", string.fromBase64("QU\\nJD"), string.fromBase64("QU\\rJD"), string.fromBase64("QQ==="), string.fromBase64("===="), string.fromBase64("\\200\\200\\200\\200"), string.fromBase64("   "))
show("fromBase64", string.fromBase64("QUJDRA"), string.fromBase64("  QUJD"), string.fromBase64("QUJD\\nQUJD\\n"), string.fromBase64(string.toBase64("\\1\\2\\3\\4\\5")))
show("toBase32", string.toBase32(""), string.toBase32("f"), string.toBase32("fo"), string.toBase32("foo"), string.toBase32("foob"), string.toBase32("fooba"), string.toBase32("foobar"), string.toBase32("\\0\\255"))
show("fromBase32", string.fromBase32(""), string.fromBase32("MZXW6YTBOI"), string.fromBase32("mzxw6ytboi"), string.fromBase32("MZXW6==="), string.fromBase32("MZ XW-6\\t"), string.fromBase32("M0"), string.fromBase32("M1"), string.fromBase32("M8"))
show("fromBase32", string.fromBase32("M"), string.fromBase32("MZ!"), string.fromBase32("MZXW6\\0YTBOI"), string.fromBase32("AA"), string.fromBase32("99"))
show("startsWith", string.startsWith("abc", "a"), ("abc"):startsWith("b"), ("abc"):startsWith(""), ("ab"):startsWith("abc"), ("abc"):startsWith("abc"))
show("endsWith", string.endsWith("abc", "c"), ("abc"):endsWith("b"), ("abc"):endsWith(""), ("bc"):endsWith("abc"), ("a\\0c"):endsWith("\\0c"))
try("startsWith", string.startsWith, "abc")
show("trim", string.trim("\\r\\nabc\\r\\n"), ("  a b \\t"):trim(), string.trim("\\r\\nabc\\r\\n", false, true), string.trim(" x ", true, false), string.trim(""), string.trim("  \\t\\n"))
show("trim", string.trim(" x ", nil, false), string.trim(" x ", 0, 1), string.trim("\\0 x \\0"), string.trim(42))
log.info("done")
os.exit(0)
`;

async function onSimulator(dir: string): Promise<string[]> {
    const device = new SimulatedDevice({ buildDir: dir, generation: current, board: PC_BOARD, firmwareLogs: false, rebootOnCrash: false });
    try {
        const result = await device.run("15s", { until: { log: "[sim] os.exit" } });
        if (result.reason !== "log") throw new Error(`the simulator did not reach os.exit within 15 s:\n${device.logText()}`);
        return userLines(device.log.map(l => l.text));
    } finally {
        device.dispose();
    }
}

describe("string additions of today's firmware against luatos-pc", () => {
    let simulated: string[] | undefined;
    const simulate = async () => (simulated ??= await onSimulator(firmwareFolder(FIRMWARE)));
    it("the simulator logs tables from split, the separator of toHex and base64 the right way round", async () => {
        const lines = await simulate();
        expect(lines).toContain('I/user.split n=3 {"a","b","c"}#3 {"a","b","c"}#3 {"123","456","789"}#3');
        expect(lines).toContain('I/user.after split n=2 "k=v;x=y" 7');
        expect(lines[lines.length - 1]).toBe("I/user.done");
    });
    it("luatos-pc logs the same lines", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc", "the string differential test");
        const dir = firmwareFolder(FIRMWARE);
        const expected = userLines((await runLuatosPc(binary, { folder: dir }, { limitMs: 20_000, encoding: "latin1" })).lines);
        expect(expected[expected.length - 1], "luatos-pc ran the firmware to its end").toBe("I/user.done");
        expect(await simulate()).toEqual(expected);
    }, 60_000);
});

describe("string.strs (the PC build's dump of the VM's string cache)", () => {
    const STRS = `log.info("strs", type(string.strs), select("#", string.strs()), select("#", ("x"):strs()))\nos.exit(0)\n`;
    /** The `D/str` lines and the user lines of a run. */
    const split = (lines: readonly string[]) => ({ dump: lines.filter(l => l.startsWith("D/str ")), user: userLines(lines) });

    async function simulate(board: BoardProfile): Promise<string[]> {
        const device = new SimulatedDevice({ buildDir: firmwareFolder(STRS), board, firmwareLogs: true, rebootOnCrash: false });
        try {
            // On a board without strs the call is an error: main.lua stops there.
            await device.run("5s", { until: { log: "[sim] os.exit" }, stopOnCrash: true });
            return device.log.map(l => l.text);
        } finally {
            device.dispose();
        }
    }

    it("logs every slot of the cache at debug level and returns nothing, as luatos-pc does", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc", "the string.strs comparison");
        const pc = split((await runLuatosPc(binary, { folder: firmwareFolder(STRS) }, { limitMs: 20_000 })).lines);
        const sim = split(await simulate(PC_BOARD));
        expect(sim.user).toEqual(pc.user);
        expect(pc.user).toEqual(["I/user.strs function 0 0"]);
        // 53 rows of 2 short strings per call (llimits.h STRCACHE_N, STRCACHE_M); which strings are in them depends on C addresses.
        expect(pc.dump).toHaveLength(2 * STRCACHE_N * STRCACHE_M);
        expect(sim.dump).toHaveLength(pc.dump.length);
        for (const dump of [pc.dump, sim.dump]) {
            expect(dump.every(l => /^D\/str >> .{1,40}$/.test(l))).toBe(true);
            // Slots nothing reached keep luaS_init's message; reserved words and metamethod names pass through the cache.
            expect(dump).toContain("D/str >> not enough memory");
            expect(dump.some(l => /^D\/str >> (__index|__name|__gc|__eq|__len|__newindex)$/.test(l))).toBe(true);
        }
    }, 60_000);

    it("is not in the modules' firmware", async () => {
        const lines = await simulate(BOARDS.air780epm!);
        expect(userLines(lines)).toEqual([]);
        expect(lines.join("\n")).toContain("attempt to call a nil value (field 'strs')");
    });
});
