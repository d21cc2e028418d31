import { afterAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applyScenario, loadScenario } from "../../runtime/net/scenario.js";
import type { TcpHandler } from "../../runtime/net/tcp.js";
import { FrameDecoder, WS_OPCODE, type WsFrame } from "../../runtime/net/websocket-codec.js";
import { websocketServer } from "../../runtime/net/websocket-server.js";
import { currentDevice, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

const lines = (device: { log: { text: string }[] }) => userLines(device.log.map(l => l.text));

/** websocketServer, recording the upgrade request and the device's frames with their device times. */
function recordingServer(now: () => number) {
    const seen = { request: "", frames: [] as { at: number; frame: WsFrame }[] };
    const serve = websocketServer();
    const handler: TcpHandler = conn => {
        let head = "";
        const decoder = new FrameDecoder();
        serve({
            send: d => conn.send(d),
            close: () => conn.close(),
            onData: fn =>
                conn.onData(d => {
                    if (seen.request === "" || !head.includes("\r\n\r\n")) {
                        head += Buffer.from(d).toString("latin1");
                        const end = head.indexOf("\r\n\r\n");
                        if (end >= 0) {
                            seen.request = head.slice(0, end + 4);
                            for (const frame of decoder.push(new Uint8Array(Buffer.from(head.slice(end + 4), "latin1")))) seen.frames.push({ at: now(), frame });
                        }
                    } else for (const frame of decoder.push(d)) seen.frames.push({ at: now(), frame });
                    fn(d);
                }),
        });
    };
    return { seen, handler };
}

describe("websocket (current firmware) on the virtual network", () => {
    it("upgrades as the firmware writes it, sends masked text and binary frames, hears the echo as recv", async () => {
        const device = currentDevice(`
            sys.taskInit(function()
                local wsc = websocket.create(nil, "ws://ws.test/echo?a=1")
                wsc:headers({Auth = "Basic a-b.c_d*e f"})
                wsc:on(function(c, event, data, fin, op)
                    log.info("cb", event, data, fin, op)
                    if event == "conack" then sys.publish("UP") end
                    if event == "recv" then sys.publish("RECV") end
                end)
                wsc:connect()
                sys.waitUntil("UP", 5000)
                wsc:send("hello")
                sys.waitUntil("RECV", 5000)
                wsc:send("bin", 1)
                sys.waitUntil("RECV", 5000)
                wsc:close()
            end)
        `);
        const server = recordingServer(() => device.virtualNetwork!.now());
        device.virtualNetwork!.listenTcp("ws.test", 80, server.handler);
        await device.run("10s");
        expect(server.seen.request).toBe(
            "GET /echo?a=1 HTTP/1.1\r\nHost: ws.test:80\r\nAuth:Basic%20a%2Db%2Ec%5Fd%2Ae%20f\r\n" +
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: w4v7O6xFTi36lq3RNcgctw==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        );
        expect(server.seen.frames.map(({ frame: f }) => [f.fin, f.opcode, [...(f.mask ?? [])], Buffer.from(f.payload).toString()])).toEqual([
            [true, WS_OPCODE.TEXT, [0, 1, 2, 3], "hello"],
            [true, WS_OPCODE.BINARY, [0, 1, 2, 3], "bin"],
        ]);
        expect(lines(device)).toEqual(["I/user.cb conack nil nil nil", "I/user.cb sent nil nil nil", "I/user.cb recv hello 1 1", "I/user.cb sent nil nil nil", "I/user.cb recv bin 1 2"]);
    });

    it("pings keepalive seconds after the last send or receive (the upgrade's answer too); answers the server's ping with a pong", async () => {
        const device = currentDevice(`
            sys.taskInit(function()
                local wsc = websocket.create(nil, "ws://ws.test/sink", 5)
                wsc:on(function(c, event) log.info("cb", event) end)
                wsc:connect()
            end)
        `);
        const server = recordingServer(() => device.virtualNetwork!.now());
        device.virtualNetwork!.listenTcp("ws.test", 80, server.handler);
        await device.run("22s");
        const pings = server.seen.frames.filter(f => f.frame.opcode === WS_OPCODE.PING).map(f => f.at);
        // The 30 s timer of conack is replaced at once by the keepalive one (the answer was a receive); the pong to
        // each ping is a receive too, so they come every 5 s (and network latency).
        expect(pings.length).toBe(4);
        expect(pings[0]).toBeGreaterThanOrEqual(5_000);
        expect(pings[0]).toBeLessThan(6_000);
        for (let i = 1; i < pings.length; i++) {
            expect(pings[i]! - pings[i - 1]!).toBeGreaterThanOrEqual(5_000);
            expect(pings[i]! - pings[i - 1]!).toBeLessThan(5_500);
        }
        expect(lines(device)).toEqual(["I/user.cb conack"]);

        const device2 = currentDevice(`
            sys.taskInit(function()
                local wsc = websocket.create(nil, "ws://ws.test/ping")
                wsc:on(function(c, event, ...) log.info("cb", event, ...) if event == "conack" then sys.publish("UP") end end)
                wsc:connect()
                sys.waitUntil("UP", 5000)
                wsc:send("x")
            end)
        `);
        const server2 = recordingServer(() => device2.virtualNetwork!.now());
        device2.virtualNetwork!.listenTcp("ws.test", 80, server2.handler);
        await device2.run("5s");
        expect(server2.seen.frames.map(f => [f.frame.opcode, Buffer.from(f.frame.payload).toString()])).toEqual([
            [WS_OPCODE.TEXT, "x"],
            [WS_OPCODE.PONG, "ab"],
        ]);
        expect(lines(device2)).toEqual(["I/user.cb conack", "I/user.cb sent", "I/user.cb error rx 0", "I/user.cb disconnect"]);
    });

    it("autoreconn connects again after its period; a scenario's websocket server is one", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-ws-scenario-"));
        const file = path.join(dir, "scenario.json");
        fs.writeFileSync(file, JSON.stringify({ servers: [{ type: "websocket", host: "ws.example", port: 8080 }] }));
        const device = currentDevice(`
            sys.taskInit(function()
                local wsc = websocket.create(nil, "ws://ws.example:8080/drop")
                wsc:autoreconn(true, 2000)
                local t0
                wsc:on(function(c, event, ...)
                    log.info("cb", event, ...)
                    if event == "conack" and t0 == nil then t0 = mcu.ticks() wsc:send("x") end
                    if event == "conack" and t0 ~= nil and mcu.ticks() - t0 > 0 then log.info("again after", (mcu.ticks() - t0) // 1000) wsc:close() end
                end)
                wsc:connect()
            end)
        `);
        await applyScenario(await loadScenario(file), device.virtualNetwork!);
        await device.run("10s");
        fs.rmSync(dir, { recursive: true, force: true });
        expect(lines(device)).toEqual([
            "I/user.cb conack",
            "I/user.cb sent",
            "I/user.cb error connect 0",
            "I/user.cb disconnect",
            "I/user.cb error connect 0",
            "I/user.cb disconnect",
            "I/user.cb conack",
            "I/user.again after 2",
        ]);
    });
});
