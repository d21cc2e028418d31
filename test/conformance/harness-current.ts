/**
 * Differential conformance for today's LuatOS: one small Lua firmware (a case
 * of cases-current/) runs on luatos-pc (LuatOS's own PC build, booted on a
 * LuaDB image of the case, as a module boots its script partition) and on the simulator as board `pc` (current generation, host
 * network, wall clock), each against its own set of the loopback servers of
 * servers.ts. The console outputs are compared line by line after
 * normalizing only what varies from run to run on luatos-pc: the
 * `[date][ticks] ` prefix, the first-run pcconf warning, the ROM build date,
 * and the servers' ephemeral ports. Cases end with os.exit (or an uncaught
 * error); the exit code is compared as a last `<exit N>` line.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { writeLuaDb } from "../../image/luadb.js";
import { BOARDS, SimulatedDevice } from "../../runtime/index.js";
import { HostNetwork } from "../../runtime/net/host-network.js";
import { loadCases, simulatorSlot, type ConformanceCase } from "./harness.js";
import { confModule, startServers, type ServerSet } from "./servers.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Where the cases of today's generation live. */
export const CURRENT_CASES_DIR = path.join(HERE, "cases-current");
const ROOT = path.resolve(HERE, "../..");

/** luatos-pc: `$LUATOS_PC`, else beside the checkout. Undefined when missing. */
export function luatosPcBinary(): string | undefined {
    const candidates = [process.env.LUATOS_PC, path.resolve(ROOT, "../shared/luatos/bin/luatos-pc")];
    return candidates.find((p): p is string => p !== undefined && p !== "" && fs.existsSync(p));
}

/** Every case of cases-current/, sorted by name (same header format as the 2021 corpus). */
export function loadCurrentCases(): ConformanceCase[] {
    return loadCases(CURRENT_CASES_DIR);
}

function scriptFolder(c: ConformanceCase, servers: ServerSet): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-conf-current-"));
    fs.writeFileSync(path.join(dir, "main.lua"), c.source);
    if (c.servers.length > 0) fs.writeFileSync(path.join(dir, "conf.lua"), confModule(servers));
    return dir;
}

/** Raw output of one run, with the servers it used (for port normalization). */
export interface RunOutput {
    output: string;
    servers: ServerSet;
}

/** Runs a case on luatos-pc in a scratch folder (it writes pcconf/ and pclogs/ into its working folder). */
export async function runLuatosPc(c: ConformanceCase, binary: string): Promise<RunOutput> {
    const servers = await startServers(c.servers);
    const dir = scriptFolder(c, servers);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-pc-conf-"));
    const image = path.join(scratch, "script.bin");
    fs.writeFileSync(image, writeLuaDb(fs.readdirSync(dir).sort().map(name => ({ name, data: fs.readFileSync(path.join(dir, name)) }))));
    try {
        const output = await new Promise<string>((resolve, reject) => {
            const child = spawn(binary, [`--ldb=${image}`], { cwd: scratch, stdio: ["ignore", "pipe", "pipe"] });
            const chunks: Buffer[] = [];
            child.stdout.on("data", (d: Buffer) => chunks.push(d));
            child.stderr.on("data", (d: Buffer) => chunks.push(d));
            // A case that never reaches os.exit would run for ever: stop it after its time.
            const killer = setTimeout(() => child.kill("SIGKILL"), c.forMs);
            child.on("error", reject);
            child.on("close", (code, signal) => {
                clearTimeout(killer);
                let text = Buffer.concat(chunks).toString("utf8");
                text += signal !== null ? "<timeout>\n" : `<exit ${code}>\n`;
                resolve(text);
            });
        });
        return { output, servers };
    } finally {
        await servers.close();
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}

/** What ends a simulator run: os.exit (or pm.shutdown), or the VM exiting after an uncaught error (luatos-pc exits 1 there). */
const END_LINE = /^\[sim\] (?:os\.exit|pm\.shutdown: exit)\((-?\d+)\)|^E\/main Lua VM exit!!/;

/** Runs a case on the simulator: board pc, current generation, host network on the wall clock. */
export function runCurrentSimulator(c: ConformanceCase): Promise<RunOutput> {
    return simulatorSlot(async () => {
        const servers = await startServers(c.servers);
        const dir = scriptFolder(c, servers);
        const device = new SimulatedDevice({
            buildDir: dir,
            // The board's own firmware (runtime/board.ts firmwareOf): the PC build's facts, its timers among them.
            board: BOARDS.pc!,
            network: scheduler => new HostNetwork(scheduler),
            clock: "wall",
            rebootOnCrash: false,
        });
        try {
            const result = await device.run(c.forMs, { until: { log: END_LINE } });
            let text = device.log.map(l => l.text + "\n").join("");
            if (result.reason === "log") {
                const last = device.log.map(l => END_LINE.exec(l.text)).find(m => m !== null)!;
                text += `<exit ${last[1] ?? 1}>\n`;
            } else text += "<timeout>\n";
            return { output: text, servers };
        } finally {
            device.dispose();
            await servers.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
}

/** Lines that vary between two luatos-pc runs (or exist on one side only by the nature of the run). */
const DROPPED = [
    // First run in a fresh working folder (every luatos-pc run here), and the build's date.
    /^W\/pc pcconf/,
    /^I\/main ROM Build: /,
    // The PC adapter's thread reporting an event for a socket already closed (luat_network_adapter.c:1148), with a
    // hex dump of its tag: when a client closes right after the answer, whether it comes depends on thread timing.
    /^network_default_socket_callback \d+:cb ctrl invaild /,
    /^(?:[0-9A-F]{2} ){8}$/,
];

/** The lines compared: prefixes and per-run lines dropped, ports and the case's masks replaced. */
export function normalizeCurrent(c: ConformanceCase, output: string, servers: ServerSet): string[] {
    const lines = output.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const ports = Object.entries(servers.ports);
    const out: string[] = [];
    for (const raw of lines) {
        // luatos-pc stamps each printed piece with "[date][ticks] " (a long line can carry several).
        let line = raw.replace(/\r$/, "").replace(/\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\]\[\d{8}\.\d{3}\] /g, "");
        if (line.startsWith("[sim]") || DROPPED.some(d => d.test(line))) continue;
        for (const [kind, port] of ports) line = line.replace(new RegExp(`\\b${port}\\b`, "g"), `<port:${kind}>`);
        for (const mask of c.masks) line = line.replace(mask, "<masked>");
        out.push(line);
    }
    return c.compare === "user" ? out.filter(l => /^[DIWE]\/user\./.test(l) || l.startsWith("<")) : out;
}
