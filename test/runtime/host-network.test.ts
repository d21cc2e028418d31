import * as net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { deviceFor, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

describe("host network mode", () => {
    it("talks to a real loopback server on the wall clock and leaves nothing behind", async () => {
        const server = net.createServer(socket => socket.on("data", data => socket.end(Buffer.concat([Buffer.from("echo:"), data]))));
        await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as net.AddressInfo).port;
        // Taken before the device (and its clock) exists, so the bound below holds however slow the machine is.
        const started = performance.now();
        const device = deviceFor(
            `
            sys.taskInit(function()
                local so = socket.tcp()
                so:on("connect", function(id, r) so:send("ping") end)
                so:on("recv", function(id, data) log.info("recv", data) end)
                so:start("local.test", ${port})
                sys.waitUntil("NETC_END_" .. so:id(), 5000)
                so:clean()
                sys.publish("DONE")
            end)
        `,
            { network: "host", dns: { "local.test": "127.0.0.1" } },
        );
        const reached = await device.runUntilTopic("DONE", "10s");
        expect(reached).toBe(true);
        expect(userLines(device)).toEqual(["I/user.recv\techo:ping"]);
        // Device time followed the wall clock: it never ran ahead of the real time that passed
        // (a virtual clock would have jumped to the 5 s timeout). Load only makes device time lag, never lead.
        expect(device.now).toBeLessThanOrEqual(performance.now() - started);
        device.dispose();
        await new Promise<void>(resolve => server.close(() => resolve()));
        expect(device.unreleasedSockets()).toEqual([]);
    });
});
