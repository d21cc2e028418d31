import { describe, expect, it } from "vitest";
import { LineCollector, lineHandler } from "../../runtime/net/servers.js";
import { VirtualNetwork } from "../../runtime/net/virtual-network.js";
import { bytes, FakeScheduler, recorder } from "./fake-scheduler.js";

describe("ready-made servers", () => {
    it("lineHandler reassembles lines split into 1-byte pieces, UTF-8 included", () => {
        const scheduler = new FakeScheduler();
        const net = new VirtualNetwork(scheduler, { seed: 1 });
        const lines: string[] = [];
        net.listenTcp("10.0.0.9", 9, lineHandler((line) => lines.push(line)));
        net.addFault({ kind: "split", bytes: 1 });
        const stream = net.connectTcp("10.0.0.9", 9, recorder(scheduler).handlers);
        stream.send(bytes("héllo\r\nwörld\npartial"));
        scheduler.runFor(1000);
        expect(lines).toEqual(["héllo", "wörld"]);
        const deliveries = net.traffic.connections[0].events.filter((e) => e.kind === "delivered").length;
        expect(deliveries).toBe(bytes("héllo\r\nwörld\npartial").length);
        stream.close();
        scheduler.runFor(1000);
        expect(lines).toEqual(["héllo", "wörld", "partial"]);
    });

    it("LineCollector records lines with times and connection ids, greets and replies", () => {
        const scheduler = new FakeScheduler();
        const net = new VirtualNetwork(scheduler, { seed: 1 });
        const collector = new LineCollector(() => net.now(), { banner: "HELLO", reply: "OK" });
        net.listenTcp("collect.test", 9000, collector.handler);
        const device = recorder(scheduler);
        const stream = net.connectTcp("collect.test", 9000, device.handlers);
        scheduler.runFor(100);
        stream.send(bytes("a\nb\n"));
        scheduler.runFor(100);
        expect(collector.lines).toEqual([
            { time: 110, line: "a", connection: 1 },
            { time: 110, line: "b", connection: 1 },
        ]);
        expect(collector.texts()).toEqual(["a", "b"]);
        expect(device.text()).toBe("HELLO\nOK\nOK\n");
    });
});
