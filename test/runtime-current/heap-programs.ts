/**
 * The programs the current generation's heap model is checked on, and the
 * two ways of running them: on the PC build of today's LuatOS (luatos-pc,
 * its own `collectgarbage("count")` and `rtos.meminfo()`) and on the
 * simulator booted as board pc (the same two calls, answered by
 * runtime/heap-current.ts). Each program ends by collecting twice and
 * printing `HEAPMARK <count bytes> <meminfo used>`, then os.exit(0).
 * Used by test/runtime-current/heap-model.test.ts and
 * bench/heap-model-current.ts.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { buildWithoutHeap } from "../../compiler/pipeline.js";
import { packBuild } from "../../image/pack.js";
import { compileLuaLibraries } from "../../lualibs/compile.js";
import { BOARDS as SIMULATED_BOARDS, firmwareOf, type BoardProfile } from "../../runtime/board.js";
import type { FirmwareGeneration } from "../../runtime/firmware/context.js";
import { currentHeapModel, type HeapFigures } from "../../runtime/heap-current.js";
import { bootDevice } from "../../runtime/index.js";
import type { LuaState } from "../../runtime/lua.js";
import { estimateHeapDetail } from "../../runtime/memory.js";
import { runLuatosPc } from "../support/reference-programs.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The Lua that takes the measurement: two full collects, the two figures, exit. */
export const MARK = `collectgarbage("collect") collectgarbage("collect")
local _, used = rtos.meminfo()
print("HEAPMARK", math.floor(collectgarbage("count") * 1024), used)
os.exit(0)`;

/** A measurement `ms` after boot, from a sys timer (the main thread, as firmware timers run). */
const markAfter = (ms: number) => `sys.timerStart(function()\n${MARK}\nend, ${ms})\n`;

/** A program: its files (main.lua ends with sys.run()); `__PORT__` is a loopback echo server's port. */
export interface HeapProgram {
    description: string;
    files: (port: number) => Record<string, string>;
}

const libnetLua = () => compileLuaLibraries().find(l => l.module === "libnet")!.lua;

/** The hand-written programs; the reference firmware is added by {@link referenceFirmware}. */
export const HEAP_PROGRAMS: Record<string, HeapProgram> = {
    "boot only": {
        description: "main.lua with one task that waits",
        files: () => ({ "main.lua": `sys.taskInit(function() sys.wait(100000) end)\n${markAfter(300)}sys.run()\n` }),
    },
    "sys: 40 tasks, timers, subscribers": {
        description: "40 waiting tasks, 40 periodic timers, 40 subscribers, 20 queued publications",
        files: () => ({
            "main.lua": `local n = 0
for i = 1, 40 do
  sys.taskInit(function() sys.waitUntil("EV_" .. i, 100000) end)
  sys.timerLoopStart(function() n = n + 1 end, 1000 + i)
  sys.subscribe("TOPIC_" .. (i % 10), function(...) n = n + select("#", ...) end)
end
for i = 1, 20 do sys.publish("TOPIC_" .. (i % 10), i, "x") end
${markAfter(300)}sys.run()\n`,
        }),
    },
    "data: integers, strings, closures": {
        description: "1000 integers, 500 short and 20 long strings, 200 closures, a nested table",
        files: () => ({
            "main.lua": `KEEP = { ints = {}, strs = {}, fns = {}, long = {}, nested = {} }
for i = 1, 1000 do KEEP.ints[i] = i * 7 end
for i = 1, 500 do KEEP.strs[i] = "s" .. i end
for i = 1, 20 do KEEP.long[i] = string.rep("L", 100 + i) end
for i = 1, 200 do local j = i KEEP.fns[i] = function() return j end end
for i = 1, 50 do KEEP.nested["k" .. i] = { i, tostring(i), { x = i } } end
${markAfter(300)}sys.run()\n`,
        }),
    },
    "strings: 8000 kept, then dropped": {
        description: "8000 short strings held in a table, then the table dropped: the string table C Lua grew for them, halved once per collection cycle",
        files: () => ({
            "main.lua": `KEEP = {}
for i = 1, 8000 do KEEP[i] = "k" .. i end
KEEP = nil
${markAfter(300)}sys.run()\n`,
        }),
    },
    "zbuff and sockets": {
        description: "16 zbuffs of 1 KB, 6 TCP sockets connected to a loopback server through libnet",
        files: port => ({
            "main.lua": `local libnet = require("libnet")
BUFS = {}
for i = 1, 16 do BUFS[i] = zbuff.create(1024) BUFS[i]:write("hello " .. i) end
CTRLS = {}
sys.taskInitEx(function()
  for i = 1, 6 do
    local ctrl = socket.create(nil, "net")
    socket.config(ctrl)
    libnet.connect("net", 3000, ctrl, "127.0.0.1", ${port})
    CTRLS[i] = ctrl
  end
  sys.wait(200)
${MARK}
end, "net")
sys.run()\n`,
            "libnet.lua": libnetLua(),
        }),
    },
    "libnet tasks": {
        description: "8 libnet tasks, each linked, connected, echoed once and waiting for more",
        files: port => ({
            "main.lua": `local libnet = require("libnet")
READY = 0
for i = 1, 8 do
  local name = "t" .. i
  sys.taskInitEx(function()
    local ctrl = socket.create(nil, name)
    socket.config(ctrl)
    libnet.waitLink(name, 1000, ctrl)
    libnet.connect(name, 3000, ctrl, "127.0.0.1", ${port})
    libnet.tx(name, 1000, ctrl, "ping " .. i)
    local buff = zbuff.create(64)
    libnet.wait(name, 3000, ctrl)
    socket.rx(ctrl, buff)
    READY = READY + 1
    while true do libnet.wait(name, 100000, ctrl) socket.rx(ctrl, buff) end
  end, name)
end
sys.taskInit(function()
  while READY < 8 do sys.wait(20) end
  sys.wait(200)
${MARK}
end)
sys.run()\n`,
            "libnet.lua": libnetLua(),
        }),
    },
};

/** Writes a program's files into a new folder under `parent`. */
export function writeProgram(parent: string, files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(parent, "prog-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

/** The reference firmware (src/) built for board pc into a folder under `parent`, with a measurement `ms` after boot. */
export function referenceFirmware(parent: string, ms: number): string {
    const project = fs.mkdtempSync(path.join(parent, "reference-"));
    fs.cpSync(path.join(ROOT, "src"), path.join(project, "src"), { recursive: true });
    fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ extends: path.join(ROOT, "tstl.json") }));
    const result = buildWithoutHeap({ cwd: project, board: "pc" });
    if (result.diagnostics.some(d => d.category === 1)) throw new Error(`the reference firmware did not build for pc`);
    const main = path.join(project, "build", "lua", "main.lua");
    fs.writeFileSync(main, fs.readFileSync(main, "utf8").replace(/sys\.run\(\)\s*$/, `${markAfter(ms)}sys.run()\n`));
    return path.dirname(main);
}

/** The two figures a program printed. */
export interface HeapMark {
    luaBytes: number;
    allocatedBytes: number;
}

function parseMark(lines: readonly string[], where: string): HeapMark {
    const line = lines.find(l => /HEAPMARK/.test(l));
    const match = line?.match(/HEAPMARK\s+(\d+)\s+(\d+)/);
    if (match === undefined || match === null) throw new Error(`no HEAPMARK line from ${where}:\n${lines.slice(-20).join("\n")}`);
    return { luaBytes: Number(match[1]), allocatedBytes: Number(match[2]) };
}

/** Packs a folder for board pc and runs the image on luatos-pc (in a scratch folder: it writes pcconf/ and pclogs/). */
export async function runOnLuatosPc(binary: string, dir: string): Promise<HeapMark> {
    const run = await runLuatosPc(binary, { image: packBuild(dir, { board: "pc" }).image });
    return parseMark(run.stdout.split("\n"), "luatos-pc");
}

/** Runs a folder on the simulator as board pc (host network, like luatos-pc). */
export async function runOnSimulator(dir: string): Promise<HeapMark> {
    const device = bootDevice({ buildDir: dir, board: "pc", network: "host", firmwareLogs: false, rebootOnCrash: false });
    try {
        await device.run("30s", { until: { log: /HEAPMARK/ }, stopOnCrash: true });
        return parseMark(
            device.log.map(l => l.text),
            "the simulator",
        );
    } finally {
        device.dispose();
    }
}

/** A loopback TCP echo server for the socket programs. */
export async function echoServer(): Promise<{ port: number; close(): Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer(s => {
        sockets.add(s);
        s.on("error", () => {});
        s.on("close", () => sockets.delete(s));
        s.on("data", d => s.write(d));
    });
    const port = await new Promise<number>(resolve => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
    return {
        port,
        close: async () => {
            for (const s of sockets) s.destroy();
            await new Promise(resolve => server.close(resolve));
        },
    };
}

/** One row of the comparison. */
export interface HeapComparison {
    program: string;
    pc: HeapMark;
    simulator: HeapMark;
}

/** Relative difference of the simulator's figure from luatos-pc's. */
export const difference = (simulated: number, measured: number) => (simulated - measured) / measured;

/** Runs every program (the reference firmware measured `referenceMs` after boot) on both and returns the rows. */
export async function compareHeap(binary: string, options: { referenceMs?: number } = {}): Promise<HeapComparison[]> {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "heap-current-"));
    const server = await echoServer();
    try {
        const folders: [string, string][] = Object.entries(HEAP_PROGRAMS).map(([name, program]) => [name, writeProgram(parent, program.files(server.port))]);
        folders.push(["reference firmware", referenceFirmware(parent, options.referenceMs ?? 3000)]);
        const rows: HeapComparison[] = [];
        for (const [program, dir] of folders) {
            const [pc, simulator] = await Promise.all([runOnLuatosPc(binary, dir), runOnSimulator(dir)]);
            rows.push({ program, pc, simulator });
        }
        return rows;
    } finally {
        await server.close();
        fs.rmSync(parent, { recursive: true, force: true });
    }
}

/**
 * The calibration program: a task measures 100 ms after boot (as the
 * programs do), then, on luatos-pc, counts the strings in the string table
 * by adding strings with the collector stopped until the table doubles:
 * `"p" .. k` adds two strings per step (the number's and the result), so
 * the table held `buckets - 2k` when step k doubled it. The steps where
 * K's own array doubles (k = 2^n + 1) are not table doublings.
 */
export const CALIBRATION_MAIN = `sys.taskInit(function()
  sys.wait(100)
  collectgarbage("collect") collectgarbage("collect")
  local _, used = rtos.meminfo()
  print("HEAPMARK", math.floor(collectgarbage("count") * 1024), used)
  sys.wait(10)
  collectgarbage("collect") collectgarbage("collect")
  collectgarbage("stop")
  local K, last = {}, collectgarbage("count") * 1024
  for k = 1, 4000 do
    K[k] = "p" .. k
    local now = collectgarbage("count") * 1024
    local isPow = (k - 1) & (k - 2) == 0
    if now - last > 2000 and not isPow then print("STRINGS", k, math.floor(now - last)) break end
    last = now
  end
  os.exit(0)
end)
sys.run()
`;

/** What luatos-pc says at the calibration point: its two figures and its string count. */
export interface Calibration {
    pc: HeapMark;
    /** Strings in luatos-pc's string table at the mark. */
    pcStrings: number;
}

/** Runs {@link CALIBRATION_MAIN} on luatos-pc. `pointerBytes` sizes a bucket (8 on the PC build). */
export async function calibrateOnLuatosPc(binary: string, pointerBytes: number): Promise<Calibration> {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "heap-calibration-"));
    try {
        const dir = writeProgram(parent, { "main.lua": CALIBRATION_MAIN });
        const { stdout } = await runLuatosPc(binary, { image: packBuild(dir, { board: "pc" }).image });
        const lines = stdout.split("\n");
        const strings = lines.map(l => l.match(/STRINGS\s+(\d+)\s+(\d+)/)).find(m => m !== null);
        if (strings === undefined || strings === null) throw new Error(`no STRINGS line from luatos-pc:\n${stdout}`);
        // The doubling allocates the new bucket array (a power of two) while the step's strings are a few bytes more.
        const buckets = 2 ** Math.floor(Math.log2(Number(strings[2]) / pointerBytes));
        return { pc: parseMark(lines, "luatos-pc"), pcStrings: buckets - 2 * Number(strings[1]) };
    } finally {
        fs.rmSync(parent, { recursive: true, force: true });
    }
}

/** Runs {@link CALIBRATION_MAIN} on the simulator as board pc with `bootHeap`; returns its mark and its string counts at boot and at the mark. */
async function calibrationOnSimulator(bootHeap: HeapFigures & { shortStrings: number }): Promise<{ mark: HeapMark; baseStrings: number; markStrings: number }> {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "heap-calibration-sim-"));
    const pc = SIMULATED_BOARDS.pc!;
    const board: BoardProfile = { ...pc, luaVm: { ...pc.luaVm!, bootHeap } };
    const model = currentHeapModel({ integerBytes: 4, numberBytes: 4, luaVm: board.luaVm! });
    const firmware = firmwareOf(board);
    let L: LuaState | undefined;
    let baseStrings = 0;
    const generation: FirmwareGeneration = {
        ...firmware,
        install(ctx) {
            firmware.install(ctx);
            L = ctx.L;
            baseStrings = estimateHeapDetail(ctx.L, model).shortStrings;
        },
    };
    const dir = writeProgram(parent, { "main.lua": CALIBRATION_MAIN });
    const device = bootDevice({ buildDir: dir, board, generation, network: "virtual", firmwareLogs: false, rebootOnCrash: false });
    try {
        await device.run("5s", { until: { log: /HEAPMARK/ } });
        const mark = parseMark(device.log.map(l => l.text), "the simulator");
        return { mark, baseStrings, markStrings: estimateHeapDetail(L!, model).shortStrings };
    } finally {
        device.dispose();
        fs.rmSync(parent, { recursive: true, force: true });
    }
}

/**
 * The pc board's boot heap (image/boards.ts `luaVm.bootHeap`) from
 * luatos-pc: its figures at the calibration mark less what the simulator
 * says the script added by then, and its string count less the strings the
 * script added.
 */
export async function calibrateBootHeap(binary: string): Promise<HeapFigures & { shortStrings: number }> {
    const { pc, pcStrings } = await calibrateOnLuatosPc(binary, SIMULATED_BOARDS.pc!.luaVm!.pointerBytes);
    const first = await calibrationOnSimulator({ luaBytes: 0, allocatedBytes: 0, shortStrings: pcStrings });
    const shortStrings = pcStrings - (first.markStrings - first.baseStrings);
    const { mark } = await calibrationOnSimulator({ luaBytes: 0, allocatedBytes: 0, shortStrings });
    return { luaBytes: pc.luaBytes - mark.luaBytes, allocatedBytes: pc.allocatedBytes - mark.allocatedBytes, shortStrings };
}
