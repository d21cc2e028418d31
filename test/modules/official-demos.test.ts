/**
 * The official Air640W demos of the 2021 LuatOS sources (bsp/air640w/demo)
 * that use emulated modules, ported to TypeScript as a user would write them
 * (fixtures/air640w-demos): each builds with the real build against the 2021
 * declarations with zero diagnostics and runs on the simulated Air640W with
 * the virtual hardware it needs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SimulatedDevice, VirtualPeripherals } from "../../runtime/index.js";
import { buildProject, compileFirmware, removeTempProjects, writeFirmwareProject } from "../harness/tstl.js";

afterAll(removeTempProjects);

const DEMOS = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "air640w-demos");

/** Builds demo `name` and boots it with `peripherals`; the build must have no diagnostics. */
function boot(name: string, peripherals = new VirtualPeripherals()): SimulatedDevice {
    const dir = writeFirmwareProject({ "src/main.ts": fs.readFileSync(path.join(DEMOS, `${name}.ts`), "utf8") });
    const result = buildProject(dir);
    expect(result.diagnostics.map(d => d.messageText)).toEqual([]);
    return new SimulatedDevice({ buildDir: path.join(dir, "build", "lua"), peripherals, firmwareLogs: false, rebootOnCrash: false });
}

/** What the firmware printed and logged (boot banner left out). */
const lines = (device: SimulatedDevice) => device.log.map(l => l.text).filter(t => !t.startsWith("I/luat.main") && !t.startsWith("D/luat.main"));

describe("official Air640W demos in TypeScript", () => {
    it("0.hello_world: a line every 3 s", async () => {
        const device = boot("hello-world");
        await device.run("10s");
        device.dispose();
        expect(lines(device)).toEqual(["I/user.main\thello world", "Lua 5.3", "hi, LuatOS", "hi, LuatOS", "hi, LuatOS"]);
    });

    it("10.gpio_irq: level changes on pin 27 reach the callback", async () => {
        const peripherals = new VirtualPeripherals();
        const device = boot("gpio-irq", peripherals);
        await device.run("1s");
        peripherals.setPin(27, 1);
        await device.run("1s");
        peripherals.setPin(27, 0);
        await device.run("2s");
        device.dispose();
        expect(lines(device)).toEqual(["I/user.main\tgpio demo", "Lua 5.3", "I/user.IQR\tPB7/27\t1", "I/user.IQR\tPB7/27\t0", "rdy"]);
    });

    it("11.uart_irq: writes every second, logs what arrives", async () => {
        const peripherals = new VirtualPeripherals();
        const device = boot("uart-irq", peripherals);
        await device.run("2500ms");
        peripherals.uartSend(1, Buffer.from("hello"));
        await device.run("100ms");
        device.dispose();
        expect(lines(device)).toEqual([
            "I/user.main\tuart demo",
            "I/user.uart\tsent\t1",
            "I/user.uart\tsent\t1",
            "I/user.uart\treceive\t1\t5\thello",
        ]);
        expect(Buffer.from(peripherals.uartWritten(1)).toString()).toBe("testtest");
    });

    it("13.ds18b20: nothing connected, then a sensor at 23.4 °C", async () => {
        const peripherals = new VirtualPeripherals();
        const device = boot("ds18b20", peripherals);
        await device.run("6s");
        peripherals.setTemperature(28, 23.4);
        await device.run("5s");
        device.dispose();
        expect(lines(device)).toEqual(["I/user.sensor\tds18b20\t0\tfalse", "I/user.sensor\tds18b20\t234\ttrue"]);
    });

    it("20.json: encode and decode", async () => {
        const device = boot("json");
        await device.run("1s");
        device.dispose();
        const [header, encoded, decoded] = lines(device);
        expect(header).toBe("I/user.main\tjson demo");
        // Object keys come out in Lua's hash order; the values are checked after parsing.
        expect(JSON.parse(encoded!)).toEqual({ a: 1, b: "abc", c: [1, 2, 3, 4], d: { x: false, j: 111111 }, aaaa: 6666 });
        expect(decoded).toBe("1.000000\tabc\tfalse");
    });

    it("93.wifi_scan: the access points in range, every 3 s", async () => {
        const peripherals = new VirtualPeripherals();
        peripherals.wifi.add({ ssid: "office", password: "secret", rssi: -40 });
        peripherals.wifi.add({ ssid: "cafe", password: "", rssi: -71 });
        const device = boot("wifi-scan", peripherals);
        await device.run("4s");
        peripherals.wifi.remove("cafe");
        await device.run("4s");
        device.dispose();
        expect(lines(device)).toEqual([
            "I/user.main\twifi scan demo",
            "I/user.mac\t0CCF89A1B2C3",
            "I/user.wlan\tinfo\toffice\t-40",
            "I/user.wlan\tinfo\tcafe\t-71",
            "I/user.wlan\tscan done\t2\t===============================",
            "I/user.wlan\tinfo\toffice\t-40",
            "I/user.wlan\tscan done\t1\t===============================",
        ]);
    });

    it("99.wifi: joins, then reports the temperature over HTTP with tsend", async () => {
        const peripherals = new VirtualPeripherals();
        peripherals.wifi.add({ ssid: "uiot", password: "12345678" });
        peripherals.setTemperature(28, 21.5);
        const device = boot("wifi", peripherals);
        const requests: string[] = [];
        const net = device.virtualNetwork!;
        net.dns.set("site0.cn", "10.0.0.80");
        net.listenTcp("site0.cn", 80, conn => conn.onData(data => requests.push(Buffer.from(data).toString())));
        await device.run("40s");
        device.dispose();
        expect(lines(device)).toEqual([
            "wait for WLAN_READY",
            "!!! wlan ready event !!!",
            "prepare ds18b20 ...",
            "TEMP: 215",
            "tsend complete, sleep 30s",
            "prepare ds18b20 ...",
            "TEMP: 215",
            "tsend complete, sleep 30s",
        ]);
        expect(requests.join("")).toBe(
            "GET /api/w60x/report/ds18b20?mac=0CCF89A1B2C3&temp=215 HTTP/1.0\r\nHost: site0.cn\r\nUser-Agent: LuatOS/0.1.0\r\n\r\n".repeat(2),
        );
    });
});

describe("wlan declarations follow the C code", () => {
    it("connect returns nothing, or an error code and message; autoreconnect a boolean; scanResult an array of access points", () => {
        const ok = compileFirmware(`
wlan.connect("uiot", "12345678");
const [code, message] = wlan.connect("uiot");
const on: boolean = wlan.autoreconnect(1);
const first: string | undefined = wlan.scanResult()[0]?.ssid;
log.info("wlan", code, message, on, first);
`);
        expect(ok.diagnostics).toEqual([]);
        const wrong = compileFirmware(`const joined: boolean = wlan.connect("uiot", "12345678");`);
        expect(wrong.diagnostics.join("\n")).toMatch(/not assignable to type 'boolean'/);
    });
});
