/**
 * The 2021 firmware's standard libraries are rotables (rotable.c): the
 * simulator's 2021 generation gives the same answers, and luatos2021 (the
 * firmware's own C code) prints what the simulator prints.
 */
import { afterAll, describe, expect, it } from "vitest";
import { SimulatedDevice } from "../../runtime/index.js";
import { luaFirmware, removeTemporaryFolders, userLines } from "./helpers.js";
import { requireReferenceBinary, runLuatos2021 } from "../support/reference-programs.js";

afterAll(removeTemporaryFolders);

async function onSimulator(main: string): Promise<string[]> {
    const device = new SimulatedDevice({ buildDir: luaFirmware({ "main.lua": main }), firmwareLogs: false, rebootOnCrash: false });
    await device.run("1s");
    device.dispose();
    return userLines(device).filter(line => !line.startsWith("[sim]") && !line.startsWith("E/luat.main"));
}

const LIBRARIES = `
for _, n in ipairs({"string", "table", "math", "os", "io", "coroutine", "debug"}) do
    local names = {}
    for k, v in pairs(_G[n]) do names[#names + 1] = k .. ":" .. type(v) end
    print(n, type(_G[n]), #_G[n], getmetatable(_G[n]), tostring(_G[n]):match("^%a+"), table.concat(names, " "))
end
print(type(_G), math.maxinteger, math.mininteger, string.format == string.format, type(getmetatable("").__index))
print(pcall(function() string.extra = 1 end))
print(pcall(function() math.floor = nil end))
print(string.nothing, ("abc"):upper(), ("x"):rep(3, ","), ("abc").len, ("abc")[1])
print(select("#", pcall(math.fmod, 1, 0)), select(2, pcall(math.fmod, 1, 0)))
`;

const EXPECTED = [
    "string\tuserdata\t0\tfalse\trotable\tbyte:function char:function find:function format:function gmatch:function gsub:function len:function lower:function match:function rep:function reverse:function sub:function upper:function pack:function packsize:function unpack:function toHex:function fromHex:function split:function toValue:function urlEncode:function fromBase64:function toBase64:function",
    "table\tuserdata\t0\tfalse\trotable\tconcat:function insert:function pack:function unpack:function remove:function move:function sort:function",
    "math\tuserdata\t0\tfalse\trotable\tabs:function acos:function asin:function atan:function ceil:function cos:function deg:function exp:function tointeger:function floor:function fmod:function ult:function log:function max:function min:function modf:function rad:function random:function randomseed:function sin:function sqrt:function tan:function type:function",
    "os\tuserdata\t0\tfalse\trotable\tclock:function date:function difftime:function remove:function rename:function time:function",
    "io\tuserdata\t0\tfalse\trotable\topen:function type:function exists:function fileSize:function readFile:function writeFile:function",
    "coroutine\tuserdata\t0\tfalse\trotable\tcreate:function resume:function running:function status:function wrap:function yield:function isyieldable:function",
    "debug\tuserdata\t0\tfalse\trotable\tgetuservalue:function gethook:function getinfo:function getlocal:function getregistry:function getmetatable:function getupvalue:function upvaluejoin:function upvalueid:function setuservalue:function sethook:function setlocal:function setmetatable:function setupvalue:function traceback:function",
    "table\t2147483647\t-2147483648\ttrue\tfunction",
    "false\t/main.lua:8: attempt to index a rotable value (global 'string')",
    "false\t/main.lua:9: attempt to index a rotable value (global 'math')",
    "nil\tABC\tx,x,x\tfunction: builtin\tnil",
    "2\tbad argument #2 to '?' (zero)",
];

describe("the standard libraries of the 2021 firmware are rotables", () => {
    it("the simulator: userdata, read-only, # is 0, pairs in the C array's order, the string metatable's __index a function", async () => {
        const lines = await onSimulator(LIBRARIES);
        expect(lines.map(l => l.replace(/function: \S+/, "function: builtin"))).toEqual(EXPECTED);
    });

    it("luatos2021 prints the same (LuatOS's string additions toHex ... toBase64 included)", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos2021");
        const device = (await runLuatos2021(binary, LIBRARIES)).map(l => l.replace(/function: \S+/, "function: builtin"));
        expect(device).toEqual(EXPECTED);
    });

    it("the toolkit's sys (TSTL output) still runs on them", async () => {
        const lines = await onSimulator(`
            local sys = require "sys"
            sys.taskInit(function()
                sys.wait(10)
                log.info("task", string.format("%d", 3), table.concat({ "a", "b" }, ","), math.floor(2.5), os.time() >= 0)
            end)
            sys.timerStart(function() log.info("timer", coroutine.isyieldable()) end, 5)
            sys.run()
        `);
        expect(lines).toEqual(["I/user.timer\tfalse", "I/user.task\t3\ta,b\t2\ttrue"]);
    });
});
