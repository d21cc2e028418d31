/**
 * Differential conformance: one Lua firmware (a case of cases/) runs on the
 * real 2021 LuatOS C code built for Linux (the `luatos2021` program) and on
 * the simulator (host network, wall clock), against the same kind of
 * loopback servers; the serial outputs are compared line by line after
 * normalizing only what legitimately varies between two runs: the boot
 * banner, heap figures, wall-clock figures, ephemeral ports.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { compileStdlib } from "../../compiler/stdlib.js";
import { SimulatedDevice } from "../../runtime/index.js";
import { HostNetwork } from "../../runtime/net/host-network.js";
import { confModule, SERVER_KINDS, startServers, type ServerKind, type ServerSet } from "./servers.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CASES_DIR = path.join(HERE, "cases");
const ROOT = path.resolve(HERE, "../..");
const SHARED = path.resolve(ROOT, "../shared/luatos");

/** The firmware program: `$LUATOS2021`, else beside the checkout. Undefined when missing. */
export function oracleBinary(): string | undefined {
    const candidates = [process.env.LUATOS2021, path.join(SHARED, "bin/luatos2021")].filter((p): p is string => p !== undefined && p !== "");
    return candidates.find(p => fs.existsSync(p));
}

/** The official 2021 sys.lua (Air640W, commit 311e4325a), read where the firmware program is kept. */
export function officialSys(): string | undefined {
    const binary = oracleBinary();
    const candidates = [binary && path.resolve(path.dirname(binary), "../oracles/luatos2021/sys-311e4325a.lua"), path.join(SHARED, "oracles/luatos2021/sys-311e4325a.lua")];
    const found = candidates.find((p): p is string => typeof p === "string" && fs.existsSync(p));
    return found === undefined ? undefined : fs.readFileSync(found, "utf8");
}

/** Names every run resolves (besides dotted quads and `localhost`). */
export const DNS_NAMES = { "echo.test": "127.0.0.1", "svc.test": "127.0.0.1" } as const;

export interface ConformanceCase {
    /** `<area>/<name>` (path under cases/ without .lua). */
    name: string;
    file: string;
    source: string;
    /** What the case checks (its `-- checks:` header). */
    checks: string;
    servers: ServerKind[];
    /** How long both runs last (wall ms). */
    forMs: number;
    /** "all" lines, or only the `X/user.` log lines (for races of the original code). */
    compare: "all" | "user";
    /** Regular expressions whose matches are replaced by `<masked>` on both sides. */
    masks: RegExp[];
}

/** Reads the header comment of a case: `-- checks:`, `-- servers:`, `-- for:`, `-- compare:`, `-- mask:`. */
export function parseCase(file: string, root: string = CASES_DIR): ConformanceCase {
    const source = fs.readFileSync(file, "utf8");
    const name = path.relative(root, file).replace(/\\/g, "/").replace(/\.lua$/, "");
    const header: Record<string, string[]> = {};
    for (const line of source.split("\n")) {
        if (!line.startsWith("--")) break;
        const m = /^--\s*([a-z]+):\s*(.*)$/.exec(line);
        if (m) (header[m[1]!] ??= []).push(m[2]!.trim());
    }
    const checks = (header.checks ?? []).join(" ");
    if (checks === "") throw new Error(`${name}: the header has no "-- checks:" line`);
    const servers = (header.servers ?? [])
        .flatMap(s => s.split(","))
        .map(s => s.trim())
        .filter(s => s !== "" && s !== "none");
    for (const s of servers) if (!(s in SERVER_KINDS)) throw new Error(`${name}: unknown server "${s}"`);
    const forMs = Number(header.for?.[0] ?? 800);
    if (!Number.isInteger(forMs) || forMs <= 0) throw new Error(`${name}: bad "-- for:" ${header.for?.[0]}`);
    const compare = header.compare?.[0] ?? "all";
    if (compare !== "all" && compare !== "user") throw new Error(`${name}: "-- compare:" is all or user`);
    const masks = (header.mask ?? []).map(m => new RegExp(m, "g"));
    return { name, file, source, checks, servers: servers as ServerKind[], forMs, compare, masks };
}

/** Every case under `root` (default cases/), sorted by name. */
export function loadCases(root: string = CASES_DIR): ConformanceCase[] {
    const out: ConformanceCase[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith(".lua")) out.push(parseCase(full, root));
        }
    };
    walk(root);
    return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Which `sys` a simulator run loads. */
export type SysVariant = "official" | "toolkit";

function scriptFolder(c: ConformanceCase, servers: ServerSet, sys: SysVariant | "firmware"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-conf-"));
    fs.writeFileSync(path.join(dir, "main.lua"), c.source);
    fs.writeFileSync(path.join(dir, "conf.lua"), confModule(servers));
    if (sys === "toolkit") for (const file of compileStdlib()) fs.writeFileSync(path.join(dir, file.name), file.data);
    else fs.writeFileSync(path.join(dir, "sys.lua"), officialSys() ?? "");
    return dir;
}

function dnsMap(servers: ServerSet): Record<string, string> {
    return { ...DNS_NAMES, ...(servers.ntpAddress !== undefined ? { "ntp.test": servers.ntpAddress } : {}) };
}

/** The end of a run, appended as a last line so it is compared too. */
const END = { reboot: "<reboot>", fault: "<fault>" } as const;

/** The IP address the simulator's host network reports; the firmware program is told the same. */
let deviceIp: string | undefined;
function simulatedIp(): string {
    if (deviceIp === undefined) {
        const net = new HostNetwork({ now: () => 0, at: () => () => undefined });
        deviceIp = net.ip() ?? "127.0.0.1";
        net.dispose();
    }
    return deviceIp;
}

/**
 * Runs a case on the 2021 firmware program with the official sys.lua, or
 * with the toolkit's (`sys`: the same sys the simulator runs, so the two
 * compare the simulator alone). Resolves to its raw output (with an end marker).
 */
export async function runOracle(c: ConformanceCase, binary: string, sys: SysVariant = "official"): Promise<{ output: string; servers: ServerSet }> {
    const servers = await startServers(c.servers);
    const dir = scriptFolder(c, servers, sys === "toolkit" ? "toolkit" : "firmware");
    const args = ["--for", String(c.forMs), "--no-reboot", "--dns-only", "--ip", simulatedIp()];
    for (const [name, ip] of Object.entries(dnsMap(servers))) args.push("--dns", `${name}=${ip}`);
    args.push(dir);
    try {
        const output = await new Promise<string>((resolve, reject) => {
            const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
            const chunks: Buffer[] = [];
            child.stdout.on("data", (d: Buffer) => chunks.push(d));
            child.stderr.on("data", (d: Buffer) => chunks.push(d));
            // A firmware blocked for good keeps the program alive past --for only if the C code hangs; cap it.
            const killer = setTimeout(() => child.kill("SIGKILL"), c.forMs + 10_000);
            child.on("error", reject);
            child.on("close", (code, signal) => {
                clearTimeout(killer);
                let text = Buffer.concat(chunks).toString("latin1");
                if (code === 3) text += `${END.reboot}\n`;
                else if (signal !== null) text += `${END.fault}\n`;
                else if (code !== 0) text += `<exit ${code}>\n`;
                resolve(text);
            });
        });
        return { output, servers };
    } finally {
        await servers.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * Simulator runs share this process's event loop and run on the wall clock:
 * too many at once and one device's Lua work delays another's sockets past
 * its run. At most this many run together (firmware runs cost no CPU here).
 */
export const SIMULATOR_SLOTS = 3;
let freeSlots = SIMULATOR_SLOTS;
const waiting: (() => void)[] = [];
/** Runs `fn` when one of the {@link SIMULATOR_SLOTS} is free (both corpora use the same slots). */
export async function simulatorSlot<T>(fn: () => Promise<T>): Promise<T> {
    if (freeSlots === 0) await new Promise<void>(resolve => waiting.push(resolve));
    else freeSlots -= 1;
    try {
        return await fn();
    } finally {
        const next = waiting.shift();
        if (next !== undefined) next();
        else freeSlots += 1;
    }
}

/** Runs a case on the simulator (host network on the wall clock) with the given sys. */
export function runSimulator(c: ConformanceCase, sys: SysVariant): Promise<{ output: string; servers: ServerSet }> {
    return simulatorSlot(() => runSimulatorNow(c, sys));
}

async function runSimulatorNow(c: ConformanceCase, sys: SysVariant): Promise<{ output: string; servers: ServerSet }> {
    const servers = await startServers(c.servers);
    const dir = scriptFolder(c, servers, sys);
    const dns = dnsMap(servers);
    const device = new SimulatedDevice({
        buildDir: dir,
        network: scheduler => new HostNetwork(scheduler, { dns, dnsOnly: true }),
        clock: "wall",
        rebootOnCrash: false,
    });
    try {
        // A second banner means the device restarted: the firmware program stops there (--no-reboot).
        const result = await device.run(c.forMs, { until: { log: /^I\/luat\.main LuatOS@/ } });
        // The firmware's output is read as bytes (latin1); the simulator's lines are text: compare bytes.
        let text = Buffer.from(device.log.map(l => l.text + "\n").join(""), "utf8").toString("latin1");
        if (result.reason === "log") {
            text = text.slice(0, text.lastIndexOf("I/luat.main LuatOS@"));
            text += `${END.reboot}\n`;
        } else if (device.errors.some(e => e.kind === "crash" && e.luaMessage.startsWith("hard fault"))) text += `${END.fault}\n`;
        return { output: text, servers };
    } finally {
        device.dispose();
        await servers.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const BANNER = [/^I\/luat\.main LuatOS@/, /^D\/luat\.main This is a beta version/, /^D\/luat\.main luavm /, /^D\/luat\.main sys /];

/** The lines compared: banner and simulator notes dropped, ports and masks replaced. */
export function normalize(c: ConformanceCase, output: string, servers: ServerSet): string[] {
    let lines = output.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    lines = lines.filter(l => !BANNER.some(b => b.test(l)) && !l.startsWith("[sim]"));
    if (c.compare === "user") lines = lines.filter(l => /^[DIWE]\/user\./.test(l) || l.startsWith("<"));
    const ports = Object.entries(servers.ports).filter(([kind]) => kind !== "ntp");
    return lines.map(line => {
        // The serial line ends in "\r\n" on the device; a "\r" inside logged data ends up there too.
        let out = line.replace(/\r$/, "");
        for (const [kind, port] of ports) out = out.replace(new RegExp(`\\b${port}\\b`, "g"), `<port:${kind}>`);
        if (servers.ntpAddress !== undefined) out = out.split(servers.ntpAddress).join("<ntp>");
        for (const mask of c.masks) out = out.replace(mask, "<masked>");
        return out;
    });
}

/** Both sides of one comparison. */
export interface Comparison {
    firmware: string[];
    simulator: string[];
}

/** Runs a case on the firmware program and on the simulator with one sys; both normalized. */
export async function compareCase(c: ConformanceCase, binary: string, sys: SysVariant, firmware?: Promise<string[]>): Promise<Comparison> {
    const fw =
        firmware ??
        runOracle(c, binary, sys).then(r => normalize(c, r.output, r.servers));
    const sim = runSimulator(c, sys).then(r => normalize(c, r.output, r.servers));
    return { firmware: await fw, simulator: await sim };
}

/** A line the firmware's Lua code printed through log.* (`I/user.tag ...`), as against the C layer's own lines. */
const APP_LINE = /^[DIWE]\/user\./;

/**
 * Whether two outputs differ only in how the Lua code's lines and the C
 * layer's lines interleave: each kind the same lines in the same order. The
 * reference programs' C threads (the netclient thread, luatos-pc's network
 * thread) race the Lua thread on the wall clock: a netclient close waits 1 ms
 * for its thread (luat_netclient_rtt.c `netclient_close`), which a loaded
 * machine overruns, and the order of the lines then changes while what
 * happened does not.
 */
export function sameUpToInterleaving(a: readonly string[], b: readonly string[]): boolean {
    const kind = (lines: readonly string[], app: boolean) => lines.filter(line => APP_LINE.test(line) === app).join("\n");
    return a.length === b.length && kind(a, true) === kind(b, true) && kind(a, false) === kind(b, false);
}

/** Whether the machine is loaded now: its 1-minute load average is above its number of cores. */
export function machineLoaded(): boolean {
    return os.loadavg()[0]! > os.availableParallelism();
}

/** A unified-ish diff of two line lists, for failure messages. */
export function lineDiff(expected: string[], actual: string[]): string {
    const out: string[] = [];
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n; i += 1) {
        const e = expected[i];
        const a = actual[i];
        if (e === a) out.push(`  ${e}`);
        else {
            if (e !== undefined) out.push(`- ${e}`);
            if (a !== undefined) out.push(`+ ${a}`);
        }
    }
    return out.join("\n");
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i]!);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
