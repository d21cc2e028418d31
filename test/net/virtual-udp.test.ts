import { describe, expect, it } from "vitest";
import { udpEchoServer } from "../../runtime/net/servers.js";
import type { UdpDatagram } from "../../runtime/net/udp.js";
import { VirtualNetwork } from "../../runtime/net/virtual-network.js";
import { bytes, FakeScheduler, recorder } from "./fake-scheduler.js";

function setup(seed = 1) {
    const scheduler = new FakeScheduler();
    const net = new VirtualNetwork(scheduler, { seed });
    return { scheduler, net, device: recorder(scheduler) };
}

/** Send `n` datagrams through a loss fault and return which ones the server got. */
function lossRun(seed: number, rate: number, n: number): number[] {
    const { scheduler, net, device } = setup(seed);
    const got: number[] = [];
    net.listenUdp("sink.test", 5000, (d) => got.push(Number(d.text)));
    net.addFault({ kind: "udp-loss", rate, direction: "to-server" });
    const stream = net.openUdp("sink.test", 5000, device.handlers);
    scheduler.runFor(100);
    for (let i = 0; i < n; i++) stream.send(bytes(String(i)));
    scheduler.runFor(100);
    return got;
}

describe("VirtualNetwork UDP", () => {
    it("opens after resolution and exchanges datagrams with a server", () => {
        const { scheduler, net, device } = setup();
        const seen: UdpDatagram[] = [];
        net.listenUdp("udp.test", 5000, (d) => {
            seen.push(d);
            udpEchoServer()(d);
        });
        const stream = net.openUdp("udp.test", 5000, device.handlers);
        stream.send(bytes("early")); // sent once open
        scheduler.runFor(100);
        stream.send(bytes("one"));
        scheduler.runFor(100);
        expect(device.log).toEqual(["20 connect", "40 data early", "120 data one"]);
        expect(seen.map((d) => [d.text, d.from.ip, d.from.port, d.time])).toEqual([
            ["early", "192.168.1.100", 49152, 30],
            ["one", "192.168.1.100", 49152, 110],
        ]);
    });

    it("drops datagrams nobody listens for, and while the interface is down", () => {
        const { scheduler, net, device } = setup();
        const stream = net.openUdp("10.0.0.5", 9, device.handlers);
        scheduler.runFor(10);
        stream.send(bytes("nobody"));
        scheduler.runFor(100);
        net.setInterfaceUp(false);
        stream.send(bytes("down"));
        scheduler.runFor(100);
        const events = net.traffic.connections[0].events.map((e) => `${e.kind} ${new TextDecoder().decode(e.data)}`);
        expect(events).toEqual(["sent nobody", "dropped nobody", "sent down", "dropped down"]);
        expect(device.log).toEqual(["0 connect"]); // the endpoint itself survives
    });

    it("loses about the configured share of datagrams under a seed, the same ones each time", () => {
        const n = 5000;
        const first = lossRun(17, 0.3, n);
        const share = 1 - first.length / n;
        expect(share).toBeGreaterThan(0.27);
        expect(share).toBeLessThan(0.33);
        expect(lossRun(17, 0.3, n)).toEqual(first);
        expect(lossRun(18, 0.3, n)).not.toEqual(first);
        expect(lossRun(17, 0, 200)).toHaveLength(200);
    });

    it("applies loss to the direction asked for only", () => {
        const { scheduler, net, device } = setup();
        let received = 0;
        net.listenUdp("10.0.0.5", 9, (d) => {
            received++;
            d.reply("pong");
        });
        net.addFault({ kind: "udp-loss", rate: 1, direction: "to-device" });
        const stream = net.openUdp("10.0.0.5", 9, device.handlers);
        scheduler.runFor(10);
        for (let i = 0; i < 5; i++) stream.send(bytes("ping"));
        scheduler.runFor(100);
        expect(received).toBe(5);
        expect(device.data).toEqual([]);
    });

    it("does not deliver to a closed endpoint", () => {
        const { scheduler, net, device } = setup();
        net.listenUdp("10.0.0.5", 9, (d) => d.reply("late"));
        const stream = net.openUdp("10.0.0.5", 9, device.handlers);
        scheduler.runFor(5);
        stream.send(bytes("x"));
        scheduler.runFor(15); // the reply is in flight
        stream.close();
        scheduler.runFor(100);
        expect(device.log).toEqual(["0 connect", "20 close local-close"]);
        expect(net.openConnectionCount()).toBe(0);
    });
});
