/**
 * The collector on real sockets (collector/loopback.ts) and its fault
 * schedule (collector/fault-schedule.ts): what a client on this machine
 * sees of each fault, through the operating system's network stack.
 */
import * as dgram from "node:dgram";
import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { checkRepeat, describeFault, parseFaultSchedule } from "../../collector/fault-schedule.js";
import { LoopbackCollector } from "../../collector/loopback.js";
import { waitFor } from "../support/real-device.js";
import { UserError } from "../../common/user-error.js";

/** A line client: connects, collects the lines it gets, tells how the connection ended. */
class Client {
    readonly lines: string[] = [];
    ended: "end" | "reset" | undefined;
    private pending = "";
    constructor(readonly socket: net.Socket) {
        socket.setEncoding("utf8");
        socket.on("data", (d: string) => {
            this.pending += d;
            let i: number;
            while ((i = this.pending.indexOf("\n")) >= 0) {
                this.lines.push(this.pending.slice(0, i));
                this.pending = this.pending.slice(i + 1);
            }
        });
        socket.on("end", () => (this.ended ??= "end"));
        socket.on("error", () => (this.ended = "reset"));
        socket.on("close", () => (this.ended ??= "end"));
    }
    send(text: string): void {
        this.socket.write(text);
    }
}

/** Connects; resolves with the client, or with the error code when the connect fails. */
function connect(port: number): Promise<Client | string> {
    return new Promise(resolve => {
        const socket = net.connect({ host: "127.0.0.1", port });
        socket.once("connect", () => resolve(new Client(socket)));
        socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
}

async function connected(port: number): Promise<Client> {
    const client = await connect(port);
    if (typeof client === "string") throw new Error(`connect failed: ${client}`);
    return client;
}

const until = (what: string, condition: () => boolean) => waitFor(what, condition, { limitMs: 20_000, pollMs: 20 });

describe("the collector on a loopback port", () => {
    const running: LoopbackCollector[] = [];
    const clients: Client[] = [];
    afterEach(async () => {
        for (const c of clients.splice(0)) c.socket.destroy();
        for (const r of running.splice(0)) await r.stop();
    });

    async function startCollector(): Promise<{ target: LoopbackCollector; events: string[] }> {
        const events: string[] = [];
        const target = new LoopbackCollector({ port: 0, beaconPort: 0, event: e => events.push(e) });
        running.push(target);
        await target.start();
        return { target, events };
    }

    async function client(port: number): Promise<Client> {
        const c = await connected(port);
        clients.push(c);
        return c;
    }

    it("acknowledges samples, answers heartbeats and records HELLO, BOOT, samples and beacons", async () => {
        const { target } = await startCollector();
        const c = await client(target.port);
        c.send("HELLO node-1 1.0.0 77\nBOOT node-1 fw start\nS 1 0 20.5\nS 2 0 20.6\nHB 1\n");
        await until("ACK 2 and the heartbeat answer", () => c.lines.includes("ACK 2") && c.lines.includes("HB"));
        expect(c.lines.slice(0, 2)).toEqual(["ACK 1", "ACK 2"]);
        const udp = dgram.createSocket("udp4");
        await new Promise<void>(resolve => udp.send("BEACON node-1 1 127.0.0.1\n", target.beaconPort, "127.0.0.1", () => resolve()));
        udp.close();
        await until("the beacon", () => target.beacons.length === 1);
        expect(target.beacons[0]!.text).toBe("BEACON node-1 1 127.0.0.1");
        expect(target.collector.samples.map(s => [s.boot, s.seq])).toEqual([[77, 1], [77, 2]]);
        expect(target.collector.bootReports).toEqual(["node-1 fw start"]);
        expect(target.collector.missing()).toEqual([]);
    });

    it("counts a gap below the highest sample of a boot as missing", async () => {
        const { target } = await startCollector();
        const c = await client(target.port);
        c.send("HELLO node-1 1.0.0 5\nS 1 0 1\nS 3 0 1\n");
        await until("two samples", () => target.collector.samples.length === 2);
        expect(target.collector.missing()).toEqual([{ boot: 5, seq: 2 }]);
    });

    it("refuse: connects are refused (RST) while open connections go on; accept: connects work again", async () => {
        const { target } = await startCollector();
        const before = await client(target.port);
        target.refuse();
        expect(await connect(target.port)).toBe("ECONNREFUSED");
        before.send("HELLO n 1 1\nS 1 0 1\n");
        await until("the ACK on the connection opened before", () => before.lines.includes("ACK 1"));
        await target.accept();
        expect(typeof (await client(target.port))).toBe("object");
    });

    it("close ends every connection with FIN, reset with RST", async () => {
        const { target } = await startCollector();
        const a = await client(target.port);
        await until("the server side", () => target.collector.connections === 1);
        expect(target.closeConnections("close")).toBe(1);
        await until("the end of the connection", () => a.ended !== undefined);
        expect(a.ended).toBe("end");
        const b = await client(target.port);
        await until("the server side", () => target.collector.connections === 2);
        target.closeConnections("reset");
        await until("the reset", () => b.ended !== undefined);
        expect(b.ended).toBe("reset");
    });

    it("silent: records what arrives and answers nothing, then answers again", async () => {
        const { target } = await startCollector();
        const c = await client(target.port);
        target.setSilent(true);
        c.send("HELLO n 1 1\nS 1 0 1\nHB 1\n");
        await until("both lines recorded", () => target.collector.samples.length === 1 && target.collector.heartbeats === 1);
        c.send("S 2 0 1\n");
        target.setSilent(false);
        await until("the ACK after silence", () => c.lines.includes("ACK 2"));
        expect(c.lines).toEqual(["ACK 2"]);
    });

    it("restart: connections reset, connects refused while down, then accepted; the records survive", async () => {
        const { target, events } = await startCollector();
        const c = await client(target.port);
        c.send("HELLO n 1 1\nS 1 0 1\n");
        await until("the sample", () => target.collector.samples.length === 1);
        // A long down time, ended by stop(): while down, a connect must be refused.
        void target.restart(60_000);
        await until("the reset", () => c.ended === "reset");
        expect(await connect(target.port)).toBe("ECONNREFUSED");
        await target.stop();
        expect(target.collector.samples).toHaveLength(1);
        expect(target.faults.restarts).toBe(1);
        expect(events.some(e => e.startsWith("restarting"))).toBe(true);
    });

    it("restart with a short down time listens again on the same port", async () => {
        const { target } = await startCollector();
        await target.restart(50);
        const c = await client(target.port);
        c.send("HELLO n 1 2\nS 1 0 1\n");
        await until("the ACK after the restart", () => c.lines.includes("ACK 1"));
    });

    it("a port that is taken is one line, not a stack", async () => {
        const { target } = await startCollector();
        const second = new LoopbackCollector({ port: target.port });
        await expect(second.start()).rejects.toThrow(UserError);
        await expect(second.start()).rejects.toThrow(/TCP port \d+ on 127\.0\.0\.1 is already in use/);
        await second.stop();
    });
});

describe("the fault schedule", () => {
    it("parses each kind, sorted by time, and writes it back the same way", () => {
        const faults = parseFaultSchedule("restart@4m+5s, refuse@30s+20s,close@1m,reset@1m,silent@2m+90s,restart@5m");
        expect(faults.map(describeFault)).toEqual(["refuse@30s+20s", "close@1m", "reset@1m", "silent@2m+90s", "restart@4m+5s", "restart@5m+5s"]);
        expect(faults[0]).toEqual({ kind: "refuse", atMs: 30_000, forMs: 20_000 });
    });

    it.each([
        ["zap@1s", /unknown kind "zap"/],
        ["refuse@1s", /refuse needs a duration/],
        ["close@1s+2s", /close happens at once/],
        ["close", /write KIND@TIME/],
        ["close@soon", /malformed duration "soon"/],
        ["silent@1s+0s", /more than 0/],
    ])("refuses %s in one line", (text, message) => {
        expect(() => parseFaultSchedule(text)).toThrow(UserError);
        expect(() => parseFaultSchedule(text)).toThrow(message);
    });

    it("refuses a fault that does not end within the repeat period", () => {
        expect(() => checkRepeat(parseFaultSchedule("silent@50s+20s"), 60_000)).toThrow(/silent@50s\+20s does not end within the repeat period of 1m/);
        expect(() => checkRepeat(parseFaultSchedule("silent@30s+20s"), 60_000)).not.toThrow();
    });
});
