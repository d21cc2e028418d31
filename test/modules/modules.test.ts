/**
 * The 2021 modules on the simulator: timer.mdelay on device time, crypto's
 * digests and CRCs, wlan association driven by the virtual access points,
 * gpio/uart/sensor against the virtual peripherals, and the "not
 * simulated" stubs.
 */
import { afterAll, describe, expect, it } from "vitest";
import { SimulatedDevice, VirtualPeripherals } from "../../runtime/index.js";
import { deviceFor, removeTemporaryFolders, userLines } from "../runtime/helpers.js";

afterAll(removeTemporaryFolders);

/** Boots `body` (inside a sys task) with `peripherals` and runs it for `duration` of device time. */
async function run(body: string, duration = "10s", peripherals = new VirtualPeripherals()): Promise<{ device: SimulatedDevice; lines: string[] }> {
    const device = deviceFor(`sys.taskInit(function()\n${body}\nend)`, { peripherals, rebootOnCrash: false });
    await device.run(duration);
    const lines = userLines(device).filter(line => !line.startsWith("[sim]"));
    device.dispose();
    return { device, lines };
}

describe("timer", () => {
    it("mdelay blocks the Lua thread for that much device time while timers run", async () => {
        const { lines } = await run(`
            local fired = 0
            sys.timerStart(function() fired = fired + 1 end, 50)
            timer.mdelay(200)
            print("after", fired)
            sys.wait(10)
            print("later", fired)
            timer.mdelay(0) timer.mdelay(-5)
            print("ok")`);
        // The timer's message is posted during the delay but runs only once the Lua thread takes messages again.
        expect(lines).toEqual(["after\t0", "later\t1", "ok"]);
    });
});

describe("crypto", () => {
    it("digests are uppercase hex, CRCs integers", async () => {
        const { lines } = await run(`
            print(crypto.md5("abc"))
            print(crypto.sha1("abc"))
            print(crypto.sha256(""))
            print(crypto.hmac_md5("abc", "1234567890"))
            print(crypto.hmac_sha256("data", "key"))
            print(crypto.crc16_modbus("123456789"), crypto.crc16("MODBUS", "123456789"), crypto.crc16("XMODEM", "123456789"), crypto.crc16("NOPE", "1"))
            print(crypto.crc32("123456789"), crypto.crc8("123456789"))
            print(pcall(crypto.cipher, "AES-128-ECB", "x", "y"))`);
        expect(lines).toEqual([
            "900150983CD24FB0D6963F7D28E17F72",
            "A9993E364706816ABA3E25717850C26C9CD0D89D",
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "416478FC0ACE1C4AB37F85F4F86A16B1",
            "5031FE3D989C6D1537A013FA6E739DA23463FDAEC3B70137D828E36ACE221BD0",
            "19255\t19255\t12739\t0",
            // 0xCBF43926 wraps to a negative 32-bit integer on the Air640W.
            `${0xcbf43926 | 0}\t244`,
            "false\tcrypto.cipher is not simulated",
        ]);
    });
});

describe("wlan", () => {
    it("connects to an access point in range: STA_CONNECTED, then WLAN_READY and NET_READY", async () => {
        const peripherals = new VirtualPeripherals();
        peripherals.wifi.add({ ssid: "office", password: "secret", rssi: -61 });
        const { device, lines } = await run(
            `
            print("mac", wlan.get_mac(), wlan.getMac(), #wlan.get_mac_raw())
            print("before", wlan.connected(), wlan.ready(), wlan.rssi(), wlan.getMode() == wlan.STATION)
            print("connect returns", select("#", wlan.connect("office", "secret")))
            print("ready", sys.waitUntil("NET_READY", 5000))
            print("after", wlan.connected(), wlan.ready(), wlan.rssi(), wlan.lastInfo())
            sys.waitUntil("WLAN_STA_DISCONNECTED", 10000)
            print("lost", wlan.connected(), wlan.ready())`,
            "3s",
            peripherals,
        );
        expect(lines.slice(0, 4)).toEqual(["mac\t0CCF89A1B2C3\t0CCF89A1B2C3\t6", "before\tfalse\tfalse\t0\ttrue", "connect returns\t0", "ready\ttrue"]);
        expect(lines[4]).toBe("after\ttrue\ttrue\t-61\toffice\tsecret");
        const topics = device.publications.map(p => [p.topic, ...p.args]);
        expect(topics).toContainEqual(["WLAN_STA_CONNECTED", 1]);
        expect(topics.map(t => t[0])).toEqual(expect.arrayContaining(["WLAN_STA_CONNECTED", "WLAN_READY", "NET_READY"]));
        const ready = device.publications.find(p => p.topic === "NET_READY")!;
        expect(ready.timeMs).toBeGreaterThanOrEqual(peripherals.wifi.associationMs + peripherals.wifi.dhcpMs);
    });

    it("a wrong password fails the join; taking the access point away disconnects", async () => {
        const peripherals = new VirtualPeripherals();
        peripherals.wifi.add({ ssid: "office", password: "secret" });
        const device = deviceFor(
            `sys.taskInit(function()
                wlan.connect("office", "wrong")
                print("join", sys.waitUntil("WLAN_STA_CONNECTED", 5000))
                wlan.connect("office", "secret")
                sys.waitUntil("WLAN_READY", 5000)
                print("ready", wlan.ready())
                print("lost", sys.waitUntil("WLAN_STA_DISCONNECTED", 60000), wlan.connected(), wlan.ready())
                print("disconnect", wlan.disconnect())
            end)`,
            { peripherals, rebootOnCrash: false },
        );
        await device.run("5s");
        peripherals.wifi.remove("office");
        await device.run("1s");
        const lines = userLines(device).filter(line => !line.startsWith("[sim]"));
        device.dispose();
        expect(lines).toEqual(["join\ttrue\t0", "ready\ttrue", "lost\ttrue\tfalse\tfalse", "disconnect\tfalse"]);
    });

    it("once the firmware joins, the socket layer's network follows the station", async () => {
        const peripherals = new VirtualPeripherals();
        peripherals.wifi.add({ ssid: "office", password: "secret" });
        const device = deviceFor(
            `sys.taskInit(function()
                print("boot", socket.isReady())
                wlan.connect("office", "secret")
                print("joining", socket.isReady(), socket.ip())
                sys.waitUntil("NET_READY", 5000)
                print("ready", socket.isReady(), socket.ip())
                local so = socket.tcp()
                so:host("echo.test") so:port(7)
                so:on("connect", function(id, ok) print("connect", ok) end)
                so:on("recv", function(id, data) print("recv", data) end)
                so:start()
                so:send("hi")
                sys.waitUntil("WLAN_STA_DISCONNECTED", 60000)
                print("lost", socket.isReady(), socket.ip())
                local again = socket.tcp()
                again:host("echo.test") again:port(7)
                again:on("connect", function(id, ok) print("connect while down", ok) end)
                again:start()
                sys.wait(30000)
            end)`,
            { peripherals, rebootOnCrash: false },
        );
        const net = device.virtualNetwork!;
        net.dns.set("echo.test", "10.0.0.7");
        net.listenTcp("echo.test", 7, conn => conn.onData(data => conn.send(data)));
        await device.run("5s");
        peripherals.wifi.remove("office");
        await device.run("40s");
        const lines = userLines(device).filter(line => !line.startsWith("[sim]"));
        device.dispose();
        expect(lines.slice(0, 5)).toEqual(["boot\ttrue", "joining\tfalse", "ready\ttrue\t192.168.1.100", "connect\t1", "recv\thi"]);
        expect(lines).toContain("lost\tfalse");
        expect(lines).toContain("connect while down\t0");
    });

    it("scan publishes WLAN_SCAN_DONE and lists the access points", async () => {
        const peripherals = new VirtualPeripherals();
        peripherals.wifi.add({ ssid: "a", password: "", rssi: -40, channel: 1 });
        peripherals.wifi.add({ ssid: "b", password: "x" });
        const { lines } = await run(
            `print(wlan.scan()) print(sys.waitUntil("WLAN_SCAN_DONE", 5000))
            for i, ap in ipairs(wlan.scanResult()) do print(ap.ssid, ap.rssi, ap.channel, ap.security, #ap.bssid) end`,
            "5s",
            peripherals,
        );
        expect(lines).toEqual(["true", "true", "a\t-40\t1\t0\t6", "b\t-50\t6\t4\t6"]);
    });
});

describe("pwm", () => {
    it("open drives the channels the driver outputs, refuses what the C code refuses, close stops", async () => {
        const peripherals = new VirtualPeripherals();
        const device = deviceFor(
            `sys.taskInit(function()
                print("open", pwm.open(5, 1000, 50), pwm.open(1, 38000, 150), pwm.open(3, 1000, 10))
                print("refused", pwm.open(10, 1000, 50), pwm.open(2, 0, 50), pwm.open(2, 1000001, 50))
                sys.wait(1000)
                print("close", select("#", pwm.close(5)))
            end)`,
            { peripherals, rebootOnCrash: false },
        );
        await device.run("500ms");
        expect(peripherals.pwmOutput(5)).toEqual({ frequencyHz: 1000, dutyPercent: 50 });
        expect(peripherals.pwmOutput(1)).toEqual({ frequencyHz: 38000, dutyPercent: 100 });
        expect(peripherals.pwmOutput(3)).toBeUndefined();
        expect(peripherals.pwmOutput(2)).toBeUndefined();
        await device.run("1s");
        const lines = userLines(device).filter(line => !line.startsWith("[sim]"));
        device.dispose();
        expect(lines).toEqual(["open\ttrue\ttrue\ttrue", "refused\tfalse\tfalse\tfalse", "close\t0"]);
        expect(peripherals.pwmOutput(5)).toBeUndefined();
        expect(peripherals.pwmOutput(1)).toEqual({ frequencyHz: 38000, dutyPercent: 100 });
    });
});

describe("gpio", () => {
    it("outputs drive virtual pins, inputs read the host's levels, interrupts arrive through the bus", async () => {
        const peripherals = new VirtualPeripherals();
        const device = deviceFor(
            `sys.taskInit(function()
                local led = gpio.setup(7, 1)
                print("led", type(led))
                led(0)
                local key = gpio.setup(8, nil)
                local pulled = gpio.setup(9, nil, gpio.PULLUP)
                print("in", key(), pulled(), gpio.get(8))
                gpio.setup(10, function(level) print("irq", level) end, gpio.PULLDOWN, gpio.RISING)
                sys.wait(1000)
                print("key now", key())
            end)`,
            { peripherals, rebootOnCrash: false },
        );
        await device.run("100ms");
        expect(peripherals.pinOutput(7)).toBe(0);
        peripherals.setPin(8, 1);
        peripherals.setPin(10, 1);
        peripherals.setPin(10, 0);
        peripherals.setPin(10, 1);
        await device.run("2s");
        const lines = userLines(device).filter(line => !line.startsWith("[sim]"));
        device.dispose();
        expect(lines).toEqual(["led\tfunction", "in\t0\t1\t0", "irq\t1", "irq\t1", "key now\t1"]);
    });
});

describe("uart and sensor", () => {
    it("uart.write is recorded, uart.read takes queued bytes, the receive callback gets the length", async () => {
        const peripherals = new VirtualPeripherals();
        const device = deviceFor(
            `sys.taskInit(function()
                print("setup", uart.setup(1, 115200), uart.setup(5, 9600))
                uart.on(1, "receive", function(id, len) print("recv", id, len, uart.read(id, 100)) end)
                print("write", uart.write(1, "AT\\r\\n"), uart.write(5, "x"))
                print("empty", #uart.read(1, 10))
            end)`,
            { peripherals, rebootOnCrash: false },
        );
        await device.run("100ms");
        peripherals.uartSend(1, "OK\r\n");
        await device.run("100ms");
        const lines = userLines(device).filter(line => !line.startsWith("[sim]"));
        device.dispose();
        expect(Buffer.from(peripherals.uartWritten(1)).toString("latin1")).toBe("AT\r\n");
        expect(lines).toEqual(["setup\t0\t-1", "write\t4\t255", "empty\t0", "recv\t1\t4\tOK", ""]);
    });

    it("sensor.ds18b20 reads 0, false with nothing connected and the host's temperature otherwise", async () => {
        const peripherals = new VirtualPeripherals();
        peripherals.setTemperature(3, 23.5);
        peripherals.setTemperature(4, -10);
        const { lines } = await run(`print(sensor.ds18b20(2)) print(sensor.ds18b20(3)) print(sensor.ds18b20(4)) print(sensor.w1_connect(2), sensor.w1_connect(3))`, "1s", peripherals);
        // Below zero the firmware's conversion loses the sign (luat_lib_sensor.c:196).
        expect(lines).toEqual(["0\tfalse", "235\ttrue", "99\ttrue", "false\ttrue"]);
    });
});

describe("the new modules are rotables", () => {
    it("userdata in package.loaded, functions listed by pairs, constants readable, no assignment", async () => {
        const { lines } = await run(`
            print(type(json), tostring(gpio):match("^rotable: ") ~= nil, require("pack") == pack, json.encode == json.encode, #wlan)
            local names = {} for k, v in pairs(gpio) do names[#names + 1] = k .. ":" .. type(v) end table.sort(names) print(table.concat(names, " "))
            print(gpio.HIGH, gpio.IRQ, gpio.RISING, wlan.STATION, uart.EVEN, gpio.nothing)
            print(pcall(function() json.x = 1 end))`);
        expect(lines).toEqual([
            "userdata\ttrue\ttrue\ttrue\t0",
            "close:function get:function set:function setDefaultPull:function setup:function",
            "1\t2\t0\t1\t2\tnil",
            expect.stringMatching(/^false\t.*attempt to index a rotable value/),
        ]);
    });
});

describe("modules that are not simulated", () => {
    it("raise an error naming module.function", async () => {
        const { lines } = await run(
            `print(pcall(disp.init, {})) print(pcall(u8g2.begin)) print(pcall(http.get, "http://x")) print(pcall(fs.mkdir, "/d")) print(pcall(i2c.setup, 0)) print(type(mqttcore), type(adc))`,
        );
        expect(lines).toEqual([
            "false\tdisp.init is not simulated",
            "false\tu8g2.begin is not simulated",
            "false\thttp.get is not simulated",
            "false\tfs.mkdir is not simulated",
            "false\ti2c.setup is not simulated",
            // adc is declared for other boards; the Air640W build does not open it.
            "userdata\tnil",
        ]);
    });

    it("have their constants, with the values of the sources, readable but not listed", async () => {
        const { lines } = await run(`
            print(i2c.FAST, i2c.SLOW, math.type(i2c.FAST), spi.MSB, spi.LSB, spi.half, libcoap.POST, u8g2.font_wqy12_t_gb2312)
            print(i2c.NOT_A_MEMBER, rawequal(i2c.FAST, i2c.FAST))
            local names = {}
            for k in pairs(spi) do names[#names + 1] = k end
            table.sort(names)
            print(table.concat(names, " "))`);
        // luat_lib_i2c.c:{"FAST", NULL, 1}; luat_lib_spi.c: MSB 1, LSB 2, half 2; libcoap POST 2; u8g2's fonts are indexes.
        expect(lines).toEqual(["1\t0\tinteger\t1\t2\t2\t2\t1", "nil\ttrue", "close recv send setup transfer"]);
    });
});
