/**
 * An official-demo-style firmware written in TypeScript (Wi-Fi join, MAC,
 * an LED and a key on GPIO, a DS18B20, the date): it builds with the real
 * build against types/index.d.ts with zero diagnostics, then runs on the
 * simulated Air640W with an access point and a sensor connected.
 */
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SimulatedDevice, VirtualPeripherals } from "../../runtime/index.js";
import { buildProject, removeTempProjects, writeFirmwareProject } from "../harness/tstl.js";

afterAll(removeTempProjects);

const MAIN_TS = `
PROJECT = "wifi-demo";
VERSION = "1.0.0";

const LED_PIN = 7;
const KEY_PIN = 8;
const SENSOR_PIN = 3;

const led = gpio.setup(LED_PIN, 0);

gpio.setup(KEY_PIN, (level: number) => {
    log.info("key", level);
}, gpio.PULLUP, gpio.FALLING);

sys.taskInit(() => {
    log.info("wlan", "mac", wlan.get_mac());
    wlan.connect("office", "secret");
    const [ready] = sys.waitUntil("NET_READY", 10000);
    log.info("wlan", "ready", ready, wlan.ready());
    led(1);
    const [tenths, ok] = sensor.ds18b20(SENSOR_PIN);
    log.info("ds18b20", ok ? tenths / 10 : "no sensor");
    log.info("date", os.date("%Y-%m-%d", 0));
});

sys.run();
`;

describe("a TypeScript firmware using the 2021 modules", () => {
    it("builds with no diagnostics and runs on the simulator", async () => {
        const dir = writeFirmwareProject({ "src/main.ts": MAIN_TS });
        const result = buildProject(dir);
        expect(result.diagnostics.map(d => d.messageText)).toEqual([]);

        const peripherals = new VirtualPeripherals();
        peripherals.wifi.add({ ssid: "office", password: "secret" });
        peripherals.setTemperature(3, 21.5);
        const device = new SimulatedDevice({ buildDir: path.join(dir, "build", "lua"), peripherals, firmwareLogs: false, rebootOnCrash: false });
        await device.run("5s");
        peripherals.setPin(8, 1);
        peripherals.setPin(8, 0);
        await device.run("1s");
        const lines = device.log.map(l => l.text).filter(t => t.startsWith("I/user."));
        device.dispose();
        expect(lines).toEqual([
            "I/user.wlan\tmac\t0CCF89A1B2C3",
            "I/user.wlan\tready\ttrue\ttrue",
            "I/user.ds18b20\t21.50000",
            "I/user.date\t1970-01-01",
            "I/user.key\t0",
        ]);
        expect(peripherals.pinOutput(7)).toBe(1);
    });
});
