import { describe, expect, it } from "vitest";
import { DEFAULT_NTP_EPOCH_MS } from "../../runtime/net/ntp.js";
import { NTP_UNIX_OFFSET_S, parseSntpReply, sntpReply, sntpRequest } from "../../runtime/net/sntp.js";
import { VirtualNetwork } from "../../runtime/net/virtual-network.js";
import { FakeScheduler } from "./fake-scheduler.js";

function setup() {
    const scheduler = new FakeScheduler();
    const net = new VirtualNetwork(scheduler, { seed: 1, latencyMs: 10 });
    const results: string[] = [];
    const ask = (server = "ntp1.aliyun.com") =>
        net.ntp(server, (epoch) => results.push(`${scheduler.now()} ${epoch === undefined ? "fail" : epoch - DEFAULT_NTP_EPOCH_MS}`));
    return { scheduler, net, results, ask };
}

describe("virtual NTP", () => {
    it("answers after a round trip with the clock started at boot", () => {
        const { scheduler, net, results, ask } = setup();
        scheduler.runUntil(5000);
        ask();
        scheduler.runFor(1000);
        // The server stamps its answer when it sends it (5010) and it arrives 10 ms later.
        expect(results).toEqual(["5020 5010"]);
        expect(net.ntpQueries[0]).toMatchObject({ server: "ntp1.aliyun.com", time: 5000, outcome: "answered", answeredAt: 5020 });
    });

    it("answers late, never, or fails, as the faults say", () => {
        const { scheduler, net, results, ask } = setup();
        net.addFault({ kind: "ntp-late", delay: 3000, until: 1000 });
        net.addFault({ kind: "ntp-never", server: "silent.ntp", from: 0 });
        net.addFault({ kind: "dns-fail", name: "broken.ntp", from: 0 });
        ask();
        ask("silent.ntp");
        ask("broken.ntp");
        scheduler.runUntil(10_000);
        ask(); // after the late window
        scheduler.runFor(1000);
        expect(results).toEqual(["20 fail", "3020 3010", "10020 10010"]);
        expect(net.ntpQueries.map((q) => q.outcome)).toEqual(["answered", "unanswered", "failed", "answered"]);
    });

    it("fails at once while the interface is down, and never answers into a dead interface", () => {
        const { scheduler, net, results, ask } = setup();
        net.addFault({ kind: "interface-down", from: 15, until: 100 });
        ask(); // answer would arrive at 20
        scheduler.runUntil(50);
        ask();
        scheduler.runFor(1000);
        expect(results).toEqual(["50 fail"]);
        expect(net.ntpQueries.map((q) => q.outcome)).toEqual(["unanswered", "failed"]);
    });

    it("follows the configured epoch and offset", () => {
        const { scheduler, net, results, ask } = setup();
        net.ntpClock.epochAtBootMs = DEFAULT_NTP_EPOCH_MS + 1_000_000;
        net.ntpClock.offsetMs = 5;
        ask();
        scheduler.runFor(100);
        expect(results).toEqual(["20 1000015"]);
    });
});

describe("SNTP packets", () => {
    it("builds a 48-byte version 4 client request", () => {
        const request = sntpRequest();
        expect(request.length).toBe(48);
        expect(request[0]).toBe(0x23);
        expect(request.slice(1).every((b) => b === 0)).toBe(true);
    });

    it("reads the transmit timestamp of an answer", () => {
        const epoch = Date.UTC(2024, 5, 1, 12, 30, 15, 250);
        expect(parseSntpReply(sntpReply(epoch))).toBe(epoch);
        const packet = sntpReply(0);
        new DataView(packet.buffer).setUint32(40, NTP_UNIX_OFFSET_S + 1);
        expect(parseSntpReply(packet)).toBe(1000);
    });

    it("reads timestamps after the 2036 era rollover", () => {
        const epoch = Date.UTC(2040, 0, 1);
        expect(parseSntpReply(sntpReply(epoch))).toBe(epoch);
    });

    it("rejects short packets, client packets, kiss-o'-death and unsynchronised servers", () => {
        const good = sntpReply(Date.UTC(2024, 0, 1));
        expect(parseSntpReply(good.slice(0, 47))).toBeUndefined();
        expect(parseSntpReply(sntpRequest())).toBeUndefined();
        expect(parseSntpReply(sntpReply(Date.UTC(2024, 0, 1), 0))).toBeUndefined();
        const unsynced = good.slice();
        unsynced[0] |= 0xc0;
        expect(parseSntpReply(unsynced)).toBeUndefined();
    });
});
