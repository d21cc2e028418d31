import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../common/user-error.js";
import { applyScenario, loadScenario } from "../../runtime/net/scenario.js";
import { VirtualNetwork } from "../../runtime/net/virtual-network.js";
import { bytes, FakeScheduler, recorder } from "./fake-scheduler.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-scenario-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return file;
}

async function loadError(content: unknown, name = "bad.json"): Promise<string> {
    const file = write(name, content);
    const error = await loadScenario(file).then(
        () => undefined,
        (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect(message).toContain(file);
    return message;
}

const FULL = {
    description: "collector with a flaky link",
    "// note": "keys starting with // are comments",
    seed: 7,
    network: { ip: "192.168.4.2", latency: "20ms", jitter: "0ms", ntpEpoch: "2024-01-01T00:00:00Z" },
    dns: { "collector.example": "10.2.0.1" },
    servers: [
        { type: "line-collector", host: "collector.example", port: 9000, reply: "OK" },
        { type: "echo", host: "echo.example", port: 7 },
        { type: "refuse", host: "closed.example", port: 80 },
        { type: "silent", host: "*", port: 1234 },
        { type: "udp-echo", host: "udp.example", port: 5000 },
    ],
    faults: [
        { kind: "interface-down", at: "5m", for: "30s" },
        { kind: "reset", at: "10m", host: "collector.example" },
        { kind: "dns-fail", name: "echo.example", from: "1m", until: "2m" },
        { kind: "udp-loss", rate: 0.5, direction: "to-device" },
        { kind: "latency", delay: "1s", jitter: 200, from: "20m" },
        { kind: "ntp-late", delay: "3s" },
    ],
};

describe("scenario files", () => {
    it("reads a full JSON scenario, converting durations to ms", async () => {
        const scenario = await loadScenario(write("full.json", FULL));
        expect(scenario.kind).toBe("json");
        if (scenario.kind !== "json") return;
        expect(scenario.seed).toBe(7);
        expect(scenario.network).toEqual({ ip: "192.168.4.2", latencyMs: 20, jitterMs: 0, ntpEpochMs: Date.UTC(2024, 0, 1) });
        expect(scenario.faults).toEqual([
            { kind: "interface-down", from: 300_000, until: 330_000 },
            { kind: "reset", at: 600_000, host: "collector.example" },
            { kind: "dns-fail", name: "echo.example", from: 60_000, until: 120_000 },
            { kind: "udp-loss", rate: 0.5, direction: "to-device" },
            { kind: "latency", delay: 1000, jitter: 200, from: 1_200_000 },
            { kind: "ntp-late", delay: 3000 },
        ]);
    });

    it("applies servers, DNS, network settings and faults to a virtual network", async () => {
        const scenario = await loadScenario(write("apply.json", FULL));
        const scheduler = new FakeScheduler();
        const net = new VirtualNetwork(scheduler, { seed: scenario.seed ?? 0 });
        const applied = await applyScenario(scenario, net);
        expect(net.ip()).toBe("192.168.4.2");
        expect(net.dns.lookup("collector.example")).toBe("10.2.0.1");
        expect(net.faults()).toHaveLength(6);

        const device = recorder(scheduler);
        const stream = net.connectTcp("collector.example", 9000, device.handlers);
        stream.send(bytes("temp=21\n"));
        const refused = recorder(scheduler);
        net.connectTcp("closed.example", 80, refused.handlers);
        scheduler.runUntil(1000);
        expect(applied.servers[0].collector?.texts()).toEqual(["temp=21"]);
        expect(device.text()).toBe("OK\n");
        expect(refused.log).toEqual(["80 close refused"]); // latency 20 ms from the scenario
        scheduler.runUntil(300_000);
        expect(net.isUp()).toBe(false);
        expect(device.log.at(-1)).toBe("300000 close unreachable");
        scheduler.runUntil(330_000);
        expect(net.isUp()).toBe(true);
    });

    it("runs a module scenario with the network", async () => {
        const file = write(
            "setup.mjs",
            `export const seed = 99;
             export default function (net) { net.dns.set("mod.example", "10.3.0.1"); net.addFault({ kind: "refuse" }); }`,
        );
        const scenario = await loadScenario(file);
        expect(scenario).toMatchObject({ kind: "module", seed: 99 });
        const net = new VirtualNetwork(new FakeScheduler(), { seed: 1 });
        await applyScenario(scenario, net);
        expect(net.dns.lookup("mod.example")).toBe("10.3.0.1");
        expect(net.faults()).toEqual([{ kind: "refuse" }]);
    });

    it("a module scenario dials the device later with net.at and connectToDevice", async () => {
        const file = write(
            "dial.mjs",
            `export default function (net) {
                 net.at(100, () => net.connectToDevice(8080, { onConnect() {}, onData() {}, onClose() {} }));
             }`,
        );
        const scheduler = new FakeScheduler();
        const net = new VirtualNetwork(scheduler, { seed: 1 });
        await applyScenario(await loadScenario(file), net);
        scheduler.runUntil(99);
        expect(net.traffic.connections).toHaveLength(0);
        scheduler.runUntil(1000);
        expect(net.traffic.connections.map(c => [c.openedAt, c.port, c.closeReason])).toEqual([[100, 8080, "refused"]]);
    });

    it("runs a TypeScript module scenario", async () => {
        const file = write(
            "setup.ts",
            `import type { VirtualNetwork } from ${JSON.stringify(path.resolve("runtime/net/virtual-network.js"))};
             export function setup(net: VirtualNetwork): void { net.listenTcp("ts.example", 80, (conn) => conn.close()); }`,
        );
        const scenario = await loadScenario(file);
        const scheduler = new FakeScheduler();
        const net = new VirtualNetwork(scheduler, { seed: 1 });
        await applyScenario(scenario, net);
        const device = recorder(scheduler);
        net.connectTcp("ts.example", 80, device.handlers);
        scheduler.runFor(100);
        expect(device.log).toEqual(["40 connect", "40 close peer-close"]);
    });

    it("accepts the example in README.md", async () => {
        const readme = fs.readFileSync(path.resolve("runtime/net/README.md"), "utf8");
        const example = /```json\n([\s\S]*?)```/.exec(readme)?.[1];
        expect(example).toBeDefined();
        const scenario = await loadScenario(write("readme.json", example!));
        const net = new VirtualNetwork(new FakeScheduler(), { seed: 1 });
        const applied = await applyScenario(scenario, net);
        expect(applied.servers.map((s) => s.spec.type)).toEqual(["line-collector", "echo", "refuse", "silent", "udp-echo", "http"]);
        expect(applied.faults.length).toBeGreaterThan(0);
    });

    it("names an unknown option and the file", async () => {
        expect(await loadError({ servers: [{ type: "echo", host: "a", port: 1, hots: "x" }] })).toMatch(/servers\[0\]: unknown option "hots"/);
        expect(await loadError({ faults: [{ kind: "reset", at: "1m", probabilty: 0.5 }] })).toMatch(/faults\[0\]: unknown option "probabilty"/);
        expect(await loadError({ sed: 1 })).toMatch(/unknown option "sed"/);
        expect(await loadError({ network: { latencyMs: 5 } })).toMatch(/network: unknown option "latencyMs"/);
    });

    it("rejects malformed values with one clear message each", async () => {
        expect(await loadError({ faults: [{ kind: "interface-down", at: "5x" }] })).toMatch(/faults\[0\]\.at: "5x" is not a duration/);
        expect(await loadError({ faults: [{ kind: "explode" }] })).toMatch(/faults\[0\]\.kind: must be one of/);
        expect(await loadError({ faults: [{ kind: "udp-loss", rate: 1.5 }] })).toMatch(/faults\[0\]\.rate: must be a number from 0 to 1/);
        expect(await loadError({ faults: [{ kind: "latency" }] })).toMatch(/delay is required/);
        expect(await loadError({ faults: [{ kind: "split", bytes: 0 }] })).toMatch(/faults\[0\]\.bytes: must be an integer >= 1/);
        expect(await loadError({ faults: [{ kind: "reset", at: "1m", for: "1s" }] })).toMatch(/"for" needs a window/);
        expect(await loadError({ faults: [{ kind: "refuse", from: "2m", until: "1m" }] })).toMatch(/until is before from/);
        expect(await loadError({ servers: [{ type: "ftp", host: "a", port: 1 }] })).toMatch(/servers\[0\]\.type: must be one of/);
        expect(await loadError({ servers: [{ type: "echo", host: "a", port: 0 }] })).toMatch(/servers\[0\]\.port/);
        expect(await loadError({ servers: [{ type: "http", host: "a", port: 80, routes: { "/x": { status: 99 } } }] })).toMatch(/servers\[0\]\.routes\["\/x"\]\.status: must be an HTTP status/);
        expect(await loadError({ servers: [{ type: "http", host: "a", port: 80, routes: { "/x": { bdy: "" } } }] })).toMatch(/unknown option "bdy"/);
        expect(await loadError({ servers: [{ type: "http", host: "a", port: 80, routes: { "/x": { headers: { A: 1 } } } }] })).toMatch(/headers: must map header names to strings/);
        expect(await loadError({ dns: { "a.example": "not-an-ip" } })).toMatch(/dns\.a\.example: must be an IPv4 address/);
        expect(await loadError({ seed: "x" })).toMatch(/seed: must be an integer/);
        expect(await loadError({ clients: [{ port: 80, at: "1s", sned: "x" }] })).toMatch(/clients\[0\]: unknown option "sned"/);
        expect(await loadError({ clients: [{ port: 0 }] })).toMatch(/clients\[0\]\.port/);
        expect(await loadError({ clients: [{ port: 80, closeAfter: "soon" }] })).toMatch(/clients\[0\]\.closeAfter: "soon" is not a duration/);
        expect(await loadError({ clients: [{ port: 80, from: "here" }] })).toMatch(/clients\[0\]\.from: must be an IPv4 address/);
        expect(await loadError({ clients: { port: 80 } })).toMatch(/clients: must be a list/);
        expect(await loadError("{ not json")).toMatch(/is not valid JSON/);
        expect(await loadError([1, 2])).toMatch(/must be an object/);
        expect(await loadError("", "scenario.yaml")).toMatch(/expected a \.json file/);
        expect(await loadError("export const x = 1;", "nofn.mjs")).toMatch(/must export a function/);
    });

    it("reports a missing file", async () => {
        await expect(loadScenario(path.join(dir, "missing.json"))).rejects.toThrow(/does not exist/);
    });

    it("reports two servers on one address when applied", async () => {
        const scenario = await loadScenario(
            write("dup.json", {
                servers: [
                    { type: "echo", host: "a.example", port: 1 },
                    { type: "silent", host: "a.example", port: 1 },
                ],
            }),
        );
        const net = new VirtualNetwork(new FakeScheduler(), { seed: 1 });
        await expect(applyScenario(scenario, net)).rejects.toThrow(/dup\.json: servers\[1\]: a TCP server already listens on a\.example:1/);
    });
});
