/**
 * `luatos-ts collector`: the reference firmware's collector as its own
 * process on a loopback port, driven from stdin and by a schedule, with
 * its summary at exit and one line for bad input.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as dgram from "node:dgram";
import * as net from "node:net";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../support/real-device.js";
import { BIN, ROOT, runCliAsync } from "./helpers.js";

/** The collector process with its output so far. */
class CollectorProcess {
    stdout = "";
    stderr = "";
    status: number | null | undefined;
    readonly child: ChildProcessWithoutNullStreams;
    constructor(args: string[]) {
        this.child = spawn(process.execPath, [BIN, "collector", ...args], { cwd: ROOT });
        this.child.stdout.setEncoding("utf8").on("data", (d: string) => (this.stdout += d));
        this.child.stderr.setEncoding("utf8").on("data", (d: string) => (this.stderr += d));
        this.child.on("close", code => (this.status = code));
    }
    until(what: string, pattern: RegExp): Promise<void> {
        return waitFor(what, () => pattern.test(this.stdout), {
            limitMs: 60_000,
            abort: () => (this.status === undefined ? undefined : `the collector exited with ${this.status}: ${this.stderr}`),
            describe: () => this.stdout,
        });
    }
    command(line: string): void {
        this.child.stdin.write(`${line}\n`);
    }
    ports(): { tcp: number; udp: number } {
        const match = /listening on 127\.0\.0\.1:(\d+) \(TCP\), beacons on 127\.0\.0\.1:(\d+) \(UDP\)/.exec(this.stdout);
        if (match === null) throw new Error(`no listening line in:\n${this.stdout}`);
        return { tcp: Number(match[1]), udp: Number(match[2]) };
    }
    exited(): Promise<void> {
        return waitFor("the collector's exit", () => this.status !== undefined, { limitMs: 60_000 });
    }
}

/** Connects; resolves with the socket and the text it receives, or with the error code. */
function connect(port: number): Promise<{ socket: net.Socket; text: () => string; ended: () => boolean } | string> {
    return new Promise(resolve => {
        const socket = net.connect({ host: "127.0.0.1", port });
        let text = "";
        let ended = false;
        socket.setEncoding("utf8").on("data", (d: string) => (text += d));
        socket.on("close", () => (ended = true));
        socket.once("connect", () => resolve({ socket, text: () => text, ended: () => ended }));
        socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
}

describe("luatos-ts collector", () => {
    const started: CollectorProcess[] = [];
    const sockets: net.Socket[] = [];
    afterEach(() => {
        for (const s of sockets.splice(0)) s.destroy();
        for (const p of started.splice(0)) if (p.status === undefined) p.child.kill("SIGKILL");
    });
    const start = (args: string[]) => {
        const p = new CollectorProcess(args);
        started.push(p);
        return p;
    };
    const client = async (port: number) => {
        const c = await connect(port);
        if (typeof c === "string") throw new Error(`connect failed: ${c}`);
        sockets.push(c.socket);
        return c;
    };

    it("prints the lines, acks and beacons it gets, obeys commands on stdin, and sums up at SIGTERM", async () => {
        const p = start(["--port", "0", "--beacon-port", "0"]);
        await p.until("listening", /listening on/);
        const { tcp, udp } = p.ports();
        const c = await client(tcp);
        c.socket.write("HELLO node-1 1.0.0 42\nS 1 0 20.5\nHB 1\n");
        await p.until("the sample and its ACK", /1 < S 1 0 20\.5\n.*1 > ACK 1\n/s);
        await waitFor("the ACK at the device", () => c.text().includes("ACK 1\n"), { limitMs: 60_000 });
        const beacon = dgram.createSocket("udp4");
        await new Promise<void>(resolve => beacon.send("BEACON node-1 1 127.0.0.1\n", udp, "127.0.0.1", () => resolve()));
        beacon.close();
        await p.until("the beacon", /beacon from 127\.0\.0\.1:\d+: BEACON node-1 1 127\.0\.0\.1/);

        p.command("silent");
        await p.until("silent", /silent: reading, answering nothing/);
        c.socket.write("S 2 0 20.6\n");
        await p.until("the muted ACK", /1 > \(muted\) ACK 2/);
        p.command("talk");
        await p.until("answering again", /answering again/);

        p.command("close");
        await p.until("closed", /closed 1 connection\(s\)/);
        await waitFor("the FIN at the device", c.ended, { limitMs: 60_000 });

        p.command("refuse");
        await p.until("refusing", /refusing connections/);
        expect(await connect(tcp)).toBe("ECONNREFUSED");
        p.command("accept");
        await p.until("accepting", /accepting connections/);
        const again = await client(tcp);
        p.command("restart 100ms");
        await p.until("restarting", /restarting: down for 100 ms/);
        await waitFor("the reset at the device", again.ended, { limitMs: 60_000 });
        await p.until("listening again", /restarting[^]*accepting connections/);
        p.command("nonsense");
        await p.until("the unknown command line", /unknown command "nonsense"/);

        p.child.kill("SIGTERM");
        await p.exited();
        expect(p.status).toBe(0);
        expect(p.stdout).toMatch(/summary: 2 connections, 1 HELLOs from 1 boot id\(s\)/);
        expect(p.stdout).toMatch(/summary: 2 sample lines, 2 distinct samples, 0 duplicates, 0 missing/);
        expect(p.stdout).toMatch(/summary: 1 heartbeats, 0 pongs, 0 times, 1 beacons/);
        expect(p.stdout).toMatch(/summary: faults: refused 1, closed 1, reset 0, silent 1, restarts 1/);
        expect(p.stderr).toBe("");
    });

    it("plays --faults on its schedule and stops by itself after --for", async () => {
        const p = start(["--port", "0", "--beacon-port", "0", "--faults", "refuse@0s+10m", "--for", "3s", "--quiet"]);
        await p.until("refusing", /refusing connections/);
        expect(await connect(p.ports().tcp)).toBe("ECONNREFUSED");
        await p.exited();
        expect(p.status).toBe(0);
        expect(p.stdout).toMatch(/faults: refuse@0s\+10m/);
        expect(p.stdout).toMatch(/summary: faults: refused 1/);
    });

    it("refuses bad input in one line with exit code 1", async () => {
        const blocker = net.createServer();
        const taken = await new Promise<number>(resolve => blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as net.AddressInfo).port)));
        try {
            const cases: [string[], RegExp][] = [
                [["--port", "http"], /^luatos-ts: --port "http": write a port number from 0 to 65535$/],
                [["--port", "0", "--faults", "zap@1s"], /^luatos-ts: fault "zap@1s": unknown kind "zap"/],
                [["--port", "0", "--faults", "refuse@1s"], /^luatos-ts: fault "refuse@1s": refuse needs a duration/],
                [["--port", "0", "--repeat", "1m"], /^luatos-ts: --repeat needs --faults$/],
                [["--port", "0", "--faults", "silent@50s+20s", "--repeat", "1m"], /does not end within the repeat period of 1m/],
                [["--port", "0", "--for", "soon"], /^luatos-ts: malformed duration "soon"/],
                [["--port", String(taken)], new RegExp(`^luatos-ts: TCP port ${taken} on 127\\.0\\.0\\.1 is already in use`)],
                [["--port", "0", "--host", "10.254.254.254"], /^luatos-ts: 10\.254\.254\.254 is not an address of this machine$/],
            ];
            const results = await Promise.all(cases.map(([args]) => runCliAsync(["collector", ...args], ROOT)));
            results.forEach((result, i) => {
                expect(result.status, cases[i]![0].join(" ")).toBe(1);
                expect(result.stderr.trim().split("\n"), cases[i]![0].join(" ")).toHaveLength(1);
                expect(result.stderr.trim()).toMatch(cases[i]![1]);
            });
        } finally {
            blocker.close();
        }
    });
});

describe("the soak script (npm run soak:luatos2021 / soak:luatos-pc)", () => {
    it("refuses bad flags in one line before starting anything", () => {
        const cases: [string[], number, RegExp][] = [
            [["--minutes", "x"], 1, /^soak: --minutes "x": write a number of minutes above 0$/],
            [["--runtime", "esp32"], 1, /^soak: --runtime "esp32": luatos2021 or luatos-pc$/],
            [["--faults", "close@1m+1s"], 1, /^soak: fault "close@1m\+1s": close happens at once/],
            [["--minuts", "3"], 2, /^soak: Unknown option '--minuts'/],
        ];
        for (const [args, status, message] of cases) {
            const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "soak.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
            expect(result.status, args.join(" ")).toBe(status);
            expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
            expect(result.stderr.trim()).toMatch(message);
        }
    });
});
