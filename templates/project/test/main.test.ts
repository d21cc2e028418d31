/**
 * Boots the built firmware (build/lua, written by `npm run build`; `npm test`
 * builds first) on the simulated {{board}}: device time runs as fast as the Lua
 * work allows, the network is in process and deterministic.
 */
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bootDevice, type SimulatedDevice } from "luatos-ts/runtime";

const BUILD = path.resolve(import.meta.dirname, "../build/lua");
/** The board the firmware is built for (package.json's scripts pass the same --board). */
const BOARD = "{{board}}";

describe("{{name}} firmware", () => {
    let device: SimulatedDevice | undefined;
    afterEach(() => device?.dispose());

    it("connects to the server and sends a heartbeat every 10 s", async () => {
        device = bootDevice({ buildDir: BUILD, board: BOARD });
        const received: string[] = [];
        device.virtualNetwork?.listenTcp("heartbeat.example.com", 9000, connection => {
            connection.onData(data => received.push(Buffer.from(data).toString()));
        });

        await device.run("35s");

        expect(device.logText()).toContain("I/user.app\tconnect\tok");
        expect(received.join("")).toBe("heartbeat 1.1\nheartbeat 1.2\nheartbeat 1.3\n");
        expect(device.crashes).toBe(0);
    });

    it("cleans up and reconnects when the server goes away", async () => {
        device = bootDevice({ buildDir: BUILD, board: BOARD });
        const listener = device.virtualNetwork?.listenTcp("heartbeat.example.com", 9000, connection => {
            // The first connection is closed by the server at once.
            listener?.close();
            connection.close();
        });

        await device.run("20s");

        expect(device.logText()).toContain("W/user.app\tconnection lost");
        expect(device.unreleasedSockets().length).toBeLessThanOrEqual(1);
        expect(device.crashes).toBe(0);
    });
});
