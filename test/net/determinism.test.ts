import { describe, expect, it } from "vitest";
import { echoServer, lineHandler } from "../../runtime/net/servers.js";
import { VirtualNetwork } from "../../runtime/net/virtual-network.js";
import { bytes, FakeScheduler, recorder } from "./fake-scheduler.js";

/**
 * A busy run with jitter and random faults: reconnecting clients, an echo
 * server and a UDP sink. Returns everything observable as text.
 */
function run(seed: number): string {
    const scheduler = new FakeScheduler();
    const net = new VirtualNetwork(scheduler, { seed, latencyMs: 15, jitterMs: 40 });
    net.listenTcp("echo.test", 7, echoServer());
    const lines: string[] = [];
    net.listenTcp("lines.test", 9, lineHandler((line) => lines.push(`${scheduler.now()} ${line}`)));
    net.listenUdp("udp.test", 5000, (d) => d.reply(d.data));
    net.addFault({ kind: "reset", from: 0, probability: 0.05 });
    net.addFault({ kind: "refuse", host: "echo.test", probability: 0.2 });
    net.addFault({ kind: "split", bytes: 3, probability: 0.5 });
    net.addFault({ kind: "dns-fail", name: "lines.test", probability: 0.1 });
    net.addFault({ kind: "udp-loss", rate: 0.25 });
    net.addFault({ kind: "interface-down", from: 30_000, until: 32_000 });
    const log: string[] = [];
    for (let i = 0; i < 40; i++) {
        scheduler.runUntil(i * 1000);
        const device = recorder(scheduler);
        const host = i % 2 ? "echo.test" : "lines.test";
        const stream = net.connectTcp(host, i % 2 ? 7 : 9, device.handlers);
        stream.send(bytes(`message ${i} with some length\n`));
        const udp = net.openUdp("udp.test", 5000, recorder(scheduler).handlers);
        udp.send(bytes(`u${i}`));
        scheduler.runFor(900);
        stream.close();
        udp.close();
        log.push(`${i}: ${device.log.join(" | ")}`);
    }
    scheduler.runFor(10_000);
    const traffic = net.traffic.connections.map((c) => `${c.id} ${c.closeReason} ${c.events.map((e) => `${e.time}/${e.kind}/${e.data.length}`).join(",")}`);
    return [...log, ...lines, ...traffic].join("\n");
}

describe("determinism", () => {
    it("the same seed and the same calls give the same schedule", () => {
        const first = run(1234);
        expect(run(1234)).toBe(first);
        // The random faults did something: some resets, refusals or losses happened.
        expect(first).toMatch(/close reset|close refused/);
        expect(first).toMatch(/dropped/);
    });

    it("a different seed gives a different schedule", () => {
        expect(run(1)).not.toBe(run(2));
    });
});
