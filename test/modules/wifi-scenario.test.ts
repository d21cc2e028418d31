/**
 * Wi-Fi in scenario files: the `wifi` section puts access points in range
 * and changes them at device times; `luatos-ts sim --scenario` applies it, and
 * a firmware that joins sees association and network follow. Mistakes are
 * one line naming the field.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseScenario } from "../../runtime/net/scenario.js";
import { luaFirmware, removeTemporaryFolders } from "../runtime/helpers.js";
import { runCli } from "../harness/tstl.js";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "wifi-scenario-"));
afterAll(() => {
    removeTemporaryFolders();
    fs.rmSync(scratch, { recursive: true, force: true });
});

const FIRMWARE = `local sys = require "sys"
sys.subscribe("WLAN_STA_DISCONNECTED", function() log.info("wifi", "lost", socket.isReady()) end)
sys.taskInit(function()
    wlan.connect("office", "secret")
    log.info("wifi", "ready", sys.waitUntil("NET_READY", 5000), socket.isReady())
    sys.waitUntil("WLAN_STA_DISCONNECTED", 60000)
    while not wlan.ready() do
        sys.wait(2000)
        if not wlan.connected() then wlan.connect("office", "secret") end
    end
    log.info("wifi", "back", socket.isReady())
end)
sys.run()
`;

describe("the wifi section of a scenario file", () => {
    it("drives association and the network under luatos-ts sim", async () => {
        const file = path.join(scratch, "wifi.json");
        fs.writeFileSync(
            file,
            JSON.stringify({
                wifi: {
                    accessPoints: [{ ssid: "office", password: "secret", rssi: -60 }],
                    events: [
                        { at: "10s", remove: "office" },
                        { at: "20s", add: { ssid: "office", password: "secret" } },
                    ],
                },
            }),
        );
        const result = await runCli(["sim", luaFirmware({ "main.lua": FIRMWARE }), "--for", "40s", "--scenario", file, "--firmware-only"], scratch);
        expect(result.stderr).toMatch(/0 error\(s\)/);
        expect(result.stdout.trim().split("\n")).toEqual(["I/user.wifi\tready\ttrue\ttrue", "I/user.wifi\tlost\tfalse", "I/user.wifi\tback\ttrue"]);
    });

    it("rejects mistakes with the field named", () => {
        const parse = (wifi: unknown) => () => parseScenario({ wifi }, "s.json");
        expect(parse({ accessPoints: [{ ssid: "a", rssi: 5 }] })).toThrow("scenario file s.json: wifi.accessPoints[0].rssi: must be a whole number of dBm from -120 to 0");
        expect(parse({ accessPoints: [{ ssid: "a", pass: "x" }] })).toThrow(/wifi.accessPoints\[0\]: unknown option "pass"/);
        expect(parse({ events: [{ remove: "a" }] })).toThrow('wifi.events[0].at: is required (a device time like "10m")');
        expect(parse({ events: [{ at: "1s" }] })).toThrow('wifi.events[0]: give "add" (an access point) or "remove" (an SSID)');
        expect(parse({ events: [{ at: "soon", remove: "a" }] })).toThrow(/wifi.events\[0\].at: "soon" is not a duration/);
        expect(parseScenario({ wifi: { accessPoints: [{ ssid: "open" }] } }, "s.json").wifi).toEqual({ accessPoints: [{ ssid: "open", password: "" }], events: [] });
    });
});
