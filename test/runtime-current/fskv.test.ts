/**
 * fskv on the current firmware: what each call returns (errors and calls
 * before fskv.init() included), the store surviving a reboot, and the same
 * firmware on luatos-pc giving the same `I/user.` lines.
 *
 * luatos-pc is $LUATOS_PC or the shared binaries folder beside the
 * checkout; without it the differential test skips (and fails under CI=true).
 */
import { afterAll, describe, expect, it } from "vitest";
import { bootDevice } from "../../runtime/index.js";
import { current } from "../../runtime/firmware/current/index.js";
import { requireReferenceBinary, runLuatosPc } from "../support/reference-programs.js";
import { PC_BOARD, currentDevice, firmwareFolder, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

const texts = (device: { log: { text: string }[] }) => device.log.map(l => l.text);
const fskvLines = (lines: string[]) => lines.filter(l => /^(I\/user\.|[EWI]\/fskv )/.test(l));

/** Lua: the keys fskv.next walks, joined with commas. */
const KEYS = `local function keys()
  local it, out = fskv.iter(), {}
  while true do
    local k = fskv.next(it)
    if not k then break end
    out[#out + 1] = k
  end
  return table.concat(out, ",")
end
`;

/** Runs on both firmwares (floats and tables: json-pack.test.ts). */
const SHARED = `${KEYS}
log.info("before init, argument not checked", pcall(fskv.set, nil, 1))
log.info("before init", select("#", fskv.set("a", 1)), select("#", fskv.get("a")), select("#", fskv.status()), select("#", fskv.iter()), select("#", fskv.del("a")), select("#", fskv.clear()))
log.info("init", fskv.init(), fskv.init(), fdb == fskv)
log.info("status empty", fskv.status())
log.info("set", fskv.set("b", true), fskv.set("f", false), fskv.set("i", 123), fskv.set("neg", -5), fskv.set("s", "hi"), fskv.set(7, "key from a number"))
log.info("get", fskv.get("b"), fskv.get("f"), fskv.get("i"), math.type(fskv.get("i")), fskv.get("neg"), fskv.get("s"), fskv.get("7"), fskv.kv_get("s"))
log.info("refused", fskv.set("n", nil), fskv.set("fn", print), fskv.set("x"), fskv.set("", "v"), fskv.set(string.rep("k", 64), "v"), fskv.set("a/b", 1))
log.info("longest key", fskv.set(string.rep("k", 63), "v"), #keys())
log.info("empty string", fskv.set("e", ""), select("#", fskv.get("e")))
log.info("missing", select("#", fskv.get("nope")), fskv.del("nope"), select("#", fskv.get(string.rep("k", 70))))
log.info("sizes", fskv.set("big", string.rep("x", 4095)), fskv.set("bigger", string.rep("x", 4096)), #fskv.get("big"), fskv.get("bigger"))
log.info("status", fskv.status())
fskv.clear()
for _, k in ipairs({"b", "ab", "a", "B", "aa", "_", "1", "10", "2"}) do fskv.set(k, 1) end
log.info("order", keys(), fskv.status())
log.info("del", fskv.del("ab"), fskv.get("ab"), keys())
log.info("sett without value", select("#", fskv.sett("t", "k")))
log.info("clear", fskv.clr(), fskv.status())
for i = 1, 30 do fskv.set("key" .. i, string.rep("y", 200)) end
log.info("thirty", fskv.status())
log.info("small out of line", fskv.set("s255", string.rep("x", 255)), fskv.status())
local function err(...) local _, m = pcall(...) return m end
log.info("argument errors", err(fskv.set, nil, 1), err(fskv.get), err(fskv.sett, "k", nil, 1), err(fskv.del, {}))
fskv.clear()
log.info("skey and NUL", fskv.set("s", "v"), fskv.get("s", "x"), fskv.sett("s", "x"), fskv.set("k\0z", "nul"), fskv.get("k"), fskv.get("k\0q"))
local it = fskv.iter()
log.info("set while iterating", fskv.next(it), fskv.set("0", 1), fskv.next(it), fskv.next(it), fskv.next(it))
log.info("aliases", type(fskv.iter()), fskv.kv_next(fskv.kv_iter()), fskv.kv_set("a", 1), fskv.kv_get("a"), fskv.kv_del("a"), fskv.kv_stat())
log.info("done")
os.exit(0)
`;

async function runSimulator(dir: string): Promise<string[]> {
    const device = bootDevice({ buildDir: dir, generation: current, board: PC_BOARD, network: "virtual", firmwareLogs: true, rebootOnCrash: false });
    try {
        const result = await device.run("5s", { until: { log: "[sim] os.exit" } });
        if (result.reason !== "log") throw new Error(`the simulator did not reach os.exit:\n${device.logText()}`);
        return texts(device);
    } finally {
        device.dispose();
    }
}

/** Lua: 80 sets (inline and out-of-line sizes) and deletes over 30 keys, fskv.status() after each; the operations come from a fixed LCG. */
function mixedRun(): string {
    let seed = 12345;
    const next = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return Math.floor((seed / 2147483648) * n);
    };
    const lines = ["fskv.init()"];
    for (let i = 0; i < 80; i += 1) {
        const key = `k${next(30)}`;
        const kind = next(10);
        if (kind < 2) lines.push(`fskv.del("${key}")`);
        else lines.push(`fskv.set("${key}", string.rep("z", ${next(kind < 8 ? 120 : 1200)}))`);
        lines.push(`log.info("status", ${i}, fskv.status())`);
    }
    return lines.join("\n") + '\nlog.info("done")\nos.exit(0)\n';
}

/** Lua: 200-byte values under key1, key2, ... until the region is full, then a bigger one, a delete and a small one. */
const FILL = `fskv.init()
for i = 1, 70 do
  local ok = fskv.set("key" .. i, string.rep("y", 200))
  log.info("fill", i, ok, fskv.status())
end
log.info("big", fskv.set("big", string.rep("x", 3000)), fskv.status())
log.info("del", fskv.del("key1"), fskv.set("key1", "a"), fskv.status())
log.info("empty keys", select("#", fskv.get("key66")), select("#", fskv.get("key67")), select("#", fskv.get("big")))
log.info("done")
os.exit(0)
`;

describe("fskv (current firmware)", () => {
    it("returns what luat_lib_fskv.c returns, with its log lines, on the simulator", async () => {
        const lines = fskvLines(await runSimulator(firmwareFolder(SHARED)));
        expect(lines.slice(0, 9)).toEqual([
            "E/fskv call fskv.init() first!!!",
            "I/user.before init, argument not checked true",
            "E/fskv call fskv.init() first!!!",
            "E/fskv call fskv.init() first!!!",
            "E/fskv call fskv.init() first!!!",
            "E/fskv call fskv.init() first!!!",
            "E/fskv call fskv.init() first!!!",
            "E/fskv call fskv.init() first!!!",
            "I/user.before init 0 0 0 0 0 0",
        ]);
        expect(lines).toContain("I/fskv fskv_lfs mount ret -84, exec auto-format");
        expect(lines).toContain("I/user.init true true true");
        expect(lines).toContain("I/user.get true false 123 integer -5 hi key from a number hi");
        expect(lines).toContain("I/user.refused false false false false false false");
        expect(lines.filter(l => l === "W/fskv function/userdata/nil/thread isn't allow")).toHaveLength(3);
        expect(lines).toContain("I/user.empty string true 0");
        expect(lines).toContain("E/fskv value too big 4097 max 4096");
        expect(lines).toContain("I/user.order 10,1,2,B,_,aa,ab,a,b 8192 65536 9");
        expect(lines).toContain("I/user.del true nil 10,1,2,B,_,aa,a,b");
        expect(lines).toContain("I/user.argument errors bad argument #1 to '?' (string expected, got nil) bad argument #1 to '?' (string expected, got no value) bad argument #2 to '?' (string expected, got nil) bad argument #1 to '?' (string expected, got table)");
        expect(lines).toContain("I/user.set while iterating k true k s");
        expect(lines).toContain("I/user.done");
    });

    it("stores floats through the global pack and tables through the global json, and refuses them when those are gone, as the C does", async () => {
        const device = currentDevice(`fskv.init()
log.info("float", fskv.set("f", 1.5), fskv.get("f"))
log.info("table", fskv.set("t", {a = 1}), fskv.sett("t", "b", 2), fskv.get("t").a, fskv.get("t").b)
pack, json = nil, nil
log.info("float", fskv.set("f", 1.5))
log.info("table", fskv.set("u", {a = 1}), fskv.sett("v", "a", 1))`, { firmwareLogs: true });
        await device.run("100ms");
        expect(fskvLines(texts(device)).filter(l => !l.startsWith("I/fskv"))).toEqual([
            "I/user.float true 1.500000",
            "I/user.table true true 1 2",
            "W/fskv float number need pack lib",
            "I/user.float false",
            "W/fskv miss json lib, not support table value",
            "W/fskv miss json lib, not support table value",
            "I/user.table false false",
        ]);
    });

    it("keeps the store across reboots; fskv.init() is needed again after each", async () => {
        const device = currentDevice(`log.info("before init", select("#", fskv.get("boots")))
fskv.init()
local boots = (fskv.get("boots") or 0) + 1
log.info("boot", boots, fskv.set("boots", boots), fskv.get("name"))
if boots == 1 then fskv.set("name", "kept") end`);
        await device.run("100ms");
        device.reboot();
        await device.run("100ms");
        device.reboot();
        await device.run("100ms");
        expect(userLines(texts(device))).toEqual([
            "I/user.before init 0",
            "I/user.boot 1 true",
            "I/user.before init 0",
            "I/user.boot 2 true kept",
            "I/user.before init 0",
            "I/user.boot 3 true kept",
        ]);
        device.dispose();
    });

    it("fskv.next on a value that is no iterator faults the device (the C reads a NULL pointer)", async () => {
        const device = currentDevice(`fskv.init()\nlog.info("next", fskv.next(nil))\nlog.info("after")`);
        await device.run("100ms");
        const lines = texts(device);
        expect(lines.some(l => l.includes("fskv.next: NULL iterator"))).toBe(true);
        expect(userLines(lines)).toEqual([]);
        device.dispose();
    });

    it("gives the same user lines as luatos-pc", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc", "the fskv differential test");
        const dir = firmwareFolder(SHARED);
        const real = userLines((await runLuatosPc(binary, { folder: dir }, { limitMs: 20_000 })).lines);
        expect(real).toContain("I/user.done");
        expect(userLines(await runSimulator(dir))).toEqual(real);
    });

    for (const [name, main] of [
        ["a mixed run of sets and deletes", mixedRun()],
        ["filling the region with keys added in order", FILL],
    ] as const) {
        it(`reports the blocks luatos-pc reports: ${name}`, async ctx => {
            const binary = requireReferenceBinary(ctx, "luatos-pc", "the fskv differential test");
            const dir = firmwareFolder(main);
            const real = userLines((await runLuatosPc(binary, { folder: dir }, { limitMs: 20_000 })).lines);
            expect(real).toContain("I/user.done");
            expect(userLines(await runSimulator(dir))).toEqual(real);
        });
    }
});
