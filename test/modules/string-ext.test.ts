/**
 * LuatOS's string additions on the 2021 firmware (string.toHex .. toBase64):
 * one firmware calls every function with typical and edge inputs on the
 * simulator and on luatos2021 (the firmware's own lstrlib.c built for
 * x86-64); both must print the same lines. That build's plain `char` is
 * signed, so the simulator runs it on an Air640W profile with a signed
 * char; the ARM modules' unsigned char is checked on its own below.
 */
import { afterAll, describe, expect, it } from "vitest";
import { BOARDS, SimulatedDevice, type DeviceOptions } from "../../runtime/index.js";
import { luaFirmware, removeTemporaryFolders, userLines } from "../runtime/helpers.js";
import { requireReferenceBinary, runLuatos2021 } from "../support/reference-programs.js";

afterAll(removeTemporaryFolders);

/** Lua helpers: `show(label, ...)` prints the count and each value, strings quoted with bytes outside printable ASCII as \xNN. */
export const SHOW_LUA = `local function esc(v)
  if type(v) ~= "string" then return tostring(v) end
  return '"' .. (v:gsub("[^%w%p ]", function(c) return string.format("\\\\x%02X", c:byte()) end)) .. '"'
end
local function show(label, ...)
  local out = {label, "n=" .. select("#", ...)}
  for i = 1, select("#", ...) do out[#out + 1] = esc((select(i, ...))) end
  print(table.concat(out, " "))
end
local function try(label, f, ...) show(label, pcall(f, ...)) end
`;

const X86_AIR640W = { ...BOARDS.air640w!, charSigned: true };

async function onSimulator(main: string, options: Partial<DeviceOptions> = {}): Promise<string[]> {
    const device = new SimulatedDevice({ buildDir: luaFirmware({ "main.lua": main }), firmwareLogs: false, rebootOnCrash: false, ...options });
    await device.run("1s");
    device.dispose();
    return userLines(device).filter(line => !line.startsWith("[sim]") && !line.startsWith("E/luat.main"));
}

const FIRMWARE = `${SHOW_LUA}
show("toHex", string.toHex(""))
show("toHex", string.toHex("\\0\\1\\255abc"))
show("toHex", ("123abc"):toHex())
show("toHex", string.toHex(123, " "))
try("toHex", string.toHex)
show("fromHex", string.fromHex(""), string.fromHex("4a4B4c"), string.fromHex("010203"), string.fromHex("abc"))
show("fromHex", string.fromHex("4G4"), string.fromHex("zz41 ,42"), string.fromHex("0x41"), string.fromHex("12\\20041\\128\\129"))
show("fromHex", ("3132"):fromHex())
show("toValue", string.toValue(""))
show("toValue", string.toValue("19aA:zZ"))
show("toValue", string.toValue("1\\200\\255"))
show("split", string.split("a,b,c", ","))
show("split", string.split("a,,b;c,", ",;"))
show("split", string.split(",,,", ","))
show("split", string.split("", ","))
show("split", string.split("a,b", ""))
show("split", string.split("a b  c", " "))
show("split", string.split("abc", "x"))
show("split", string.split("a--b-c", "--"))
show("split", string.split("a\\0b,c", ","))
show("split", string.split(12345, "3"))
show("split", ("x=1&y=2"):split("&"))
try("split", string.split, "a,b")
local s = "k=v;x=y"
show("split", s:split(";="))
show("after split", s, #s, s == "k=v;x=y")
for i = 1, 2 do show("split again " .. i, ("p q"):split(" ")) end
show("split", select("#", string.rep("a,", 20):split(",")))
show("urlEncode", string.urlEncode("123 abc+/"), string.urlEncode("123 abc+/", 1))
show("urlEncode", string.urlEncode("123 abc+/", -1, 1, "/"), string.urlEncode("123 abc+/", -1, 0, "/"), string.urlEncode("123 abc+/", -1, 0, "/ "))
show("urlEncode", string.urlEncode(""), string.urlEncode("a.b-c*d_e~f\\200\\0"), string.urlEncode("a b*", 5), string.urlEncode("a b.", -1, 2, ""))
try("urlEncode", string.urlEncode, "a", -1)
try("urlEncode", string.urlEncode, "a", nil)
try("urlEncode", string.urlEncode, "a", 1.5)
show("fromBase64", string.fromBase64(""), string.fromBase64("hello"), string.fromBase64("a"), string.fromBase64("ab"), string.fromBase64("abc"))
show("fromBase64", string.fromBase64("\\0\\255\\128"), string.fromBase64("0123456789abcdefghij"), ("hi"):fromBase64())
show("toBase64", string.toBase64("aGVsbG8="), string.toBase64(""), string.toBase64("QQ"), string.toBase64("QQ=="), string.toBase64("QUI="), string.toBase64("QUJD"))
show("toBase64", string.toBase64("!!"), string.toBase64("QQ==QQ=="), string.toBase64("QQ=a"), string.toBase64("QU JD"), string.toBase64("QUJD  "), string.toBase64("QU\\r\\nJD"))
show("toBase64", string.toBase64("QU\\nJD"), string.toBase64("QU\\rJD"), string.toBase64("QQ==="), string.toBase64("===="), string.toBase64("\\200\\200\\200\\200"), string.toBase64("   "), string.toBase64("\\n"))
show("toBase64", string.toBase64("QUJDRA"), string.toBase64("  QUJD"), string.toBase64("QUJD\\nQUJD\\n"), string.toBase64(string.fromBase64("\\1\\2\\3\\4\\5")))
`;

describe("string additions of the 2021 firmware against luatos2021", () => {
    let simulated: string[] | undefined;
    const simulate = async () => (simulated ??= await onSimulator(FIRMWARE, { board: X86_AIR640W }));
    it("the simulator prints the strtok, hex and swapped-base64 results", async () => {
        const lines = await simulate();
        expect(lines).toContain('split n=3 "a" "b" "c"');
        expect(lines).toContain('after split n=3 "k\\x00v\\x00x\\x00y" 7 true');
        expect(lines).toContain('split again 2 n=1 "p"');
        expect(lines).toContain('toHex n=2 "0001FF616263" 12');
        expect(lines.find(l => l.startsWith("fromBase64 n=5"))).toBe('fromBase64 n=5 "" "aGVsbG8=" "YQ==" "YWI=" "YWJj"');
        expect(lines).toHaveLength(FIRMWARE.split("\n").filter(l => /^(show|try)\(/.test(l)).length + 2);
    });
    it("luatos2021 prints the same lines", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos2021");
        expect(await runLuatos2021(binary, FIRMWARE)).toEqual(await simulate());
    });
    it("more fields than LUA_MINSTACK stop the firmware loudly", async () => {
        const lines = await onSimulator(`print(pcall(string.split, string.rep("a,", 21), ","))`);
        expect(lines).toEqual(["false\tstring.split: 21 fields overflow the Lua stack (the C pushes them unchecked; more than 20 may crash the firmware)"]);
    });
});

describe("string additions on the Air640W's ARM build (plain char unsigned)", () => {
    it("fromHex keeps every pair and toValue maps high bytes through the '> 9' branch", async () => {
        const lines = await onSimulator(`${SHOW_LUA}
show("fromHex", string.fromHex("zz41 ,42"), string.fromHex("12\\20041"), string.fromHex("4a4B"))
show("toValue", string.toValue("1\\200\\255a"))`);
        // ' ' - '0' = -16 → 0xF0 and ',' - '0' = -4 → 0xFC as unsigned chars: (0xF0 << 4) + 0xFC = 0xFFC → 0xFC.
        // 0xC8 > '9': (0xC8 & 7) + 9 = 9, with '4' → 0x94 (the odd last '1' is ignored); toValue: 0xC8 + 9 = 0xD1 → 1, 0xFF + 9 → 8.
        expect(lines).toEqual(['fromHex n=3 "\\xBBA\\xFCB" "\\x12\\x94" "JK"', 'toValue n=2 "\\x01\\x01\\x08\\x0A" 4']);
    });
});
