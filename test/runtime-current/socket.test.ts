import { afterAll, describe, expect, it } from "vitest";
import type { SimulatedDevice } from "../../runtime/index.js";
import { echoServer, udpEchoServer } from "../../runtime/net/servers.js";
import { EVENT_NAMES, currentDevice, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

/** Runs `fn` after `ms` of device time (a server acting later). */
const setTimeoutOnDevice = (device: SimulatedDevice, ms: number, fn: () => void) => device.clock.after(ms, fn);

const lines = (device: { log: { text: string }[] }) => userLines(device.log.map(l => l.text));

describe("socket (current firmware) on the virtual network", () => {
    it("TCP round trip: ON_LINE, one TX_OK for two tx, EVENT, rx with a limit into a zbuff, read, discon with CLOSED", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            sys.taskInit(function()
                local ctrl
                ctrl = socket.create(nil, function(c, ev, p)
                    log.info("cb", names[ev], p, type(c), c == ctrl, (socket.state(c)))
                    sys.publish("SOCK")
                end)
                log.info("fresh", socket.state(ctrl))
                log.info("config", socket.config(ctrl))
                log.info("connect", socket.connect(ctrl, "echo.test", 7))
                log.info("connecting", (socket.state(ctrl)), socket.connect(ctrl, "echo.test", 7))
                sys.waitUntil("SOCK", 5000)
                log.info("remote", socket.remoteIP(ctrl))
                log.info("tx", socket.tx(ctrl, "hello"))
                log.info("tx", socket.tx(ctrl, " world"))
                sys.wait(1000)
                log.info("pending", socket.rx(ctrl))
                local buf = zbuff.create(2)
                log.info("rx", socket.rx(ctrl, buf, 0, 4))
                log.info("buf", buf:used(), buf:len(), buf:toStr(0, buf:used()))
                log.info("read", socket.read(ctrl))
                log.info("read", socket.read(ctrl))
                log.info("empty tx", socket.tx(ctrl, ""))
                log.info("discon", socket.discon(ctrl))
                log.info("disconnecting", socket.state(ctrl))
                sys.wait(1000)
                log.info("closed", socket.state(ctrl))
                log.info("after", (socket.tx(ctrl, "x")), socket.rx(ctrl))
                log.info("read", socket.read(ctrl))
                socket.release(ctrl)
                log.info("released", select("#", socket.tx(ctrl, "x")), select("#", socket.state(ctrl)))
            end)
        `);
        device.virtualNetwork!.listenTcp("echo.test", 7, echoServer());
        await device.run("10s");
        const ip = device.virtualNetwork!.dns.lookup("echo.test");
        expect(lines(device)).toEqual([
            "I/user.fresh 0 硬件离线",
            "I/user.config true",
            "I/user.connect true false",
            "I/user.connecting 2 false false",
            "I/user.cb ON_LINE 0 userdata false 5",
            `I/user.remote ${ip} nil nil nil`,
            "I/user.tx true false false",
            "I/user.tx true false false",
            "I/user.cb TX_OK 0 userdata false 5",
            // The virtual echo server answers each piece on its own: two deliveries, two EVENTs.
            "I/user.cb EVENT 0 userdata false 5",
            "I/user.cb EVENT 0 userdata false 5",
            "I/user.pending true 11",
            "I/user.rx true 4 nil nil",
            "I/user.buf 4 4 hell",
            "I/user.read true o world",
            "I/user.read true ",
            "I/user.empty tx true false false",
            "I/user.discon true false",
            "I/user.disconnecting 7 正在离线",
            "I/user.cb CLOSED 0 userdata false 1",
            "I/user.closed 1 离线",
            "I/user.after false false 0",
            "I/user.read false",
            "I/user.released 0 0",
        ]);
        const [conn] = device.connections;
        expect(new TextDecoder().decode(conn!.sent)).toBe("hello world");
        expect(new TextDecoder().decode(conn!.received)).toBe("hello world");
        device.dispose();
    });

    it("a refused port reports ON_LINE -1, keeps state 3 and refuses a second connect until socket.close", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            sys.taskInit(function()
                local ctrl = socket.create(nil, function(_, ev, p) log.info("cb", names[ev], p) sys.publish("S") end)
                socket.config(ctrl)
                log.info("connect", socket.connect(ctrl, "10.0.0.9", 81))
                sys.waitUntil("S", 30000)
                log.info("state", socket.state(ctrl))
                log.info("again", socket.connect(ctrl, "10.0.0.9", 81))
                socket.close(ctrl)
                log.info("after close", socket.state(ctrl))
                log.info("again", socket.connect(ctrl, "10.0.0.9", 80))
                sys.waitUntil("S", 30000)
            end)
        `);
        device.virtualNetwork!.listenTcp("10.0.0.9", 80, echoServer());
        await device.run("20s");
        expect(lines(device)).toEqual([
            "I/user.connect true false",
            "I/user.cb ON_LINE -1",
            "I/user.state 3 正在连接",
            "I/user.again false false",
            "I/user.after close 3 正在连接",
            "I/user.again true false",
            "I/user.cb ON_LINE 0",
        ]);
        device.dispose();
    });

    it("UDP without socket.config: datagrams in, one per read, the peer as binary address and port", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            sys.taskInit(function()
                local u = socket.create(nil, function(_, ev, p) log.info("cb", names[ev], p) sys.publish("U") end)
                socket.connect(u, "udp.test", 5000)
                sys.waitUntil("U", 5000)
                log.info("tx", socket.tx(u, "one"))
                log.info("tx", socket.tx(u, zbuff.create(8, "two22")))
                sys.wait(1000)
                log.info("pending", socket.rx(u))
                local ok, data, ip, port = socket.read(u)
                log.info("read", ok, data, #ip, string.format("%d.%d.%d.%d.%d", ip:byte(1, 5)), port)
                local b = zbuff.create(1)
                local ok2, n, _, port2 = socket.rx(u, b, 0, 3)
                log.info("rx", ok2, n, port2, b:len(), b:toStr(0, b:used()))
                log.info("rest dropped", socket.rx(u))
                log.info("discon", socket.discon(u))
                log.info("state", socket.state(u))
            end)
        `);
        device.virtualNetwork!.dns.set("udp.test", "10.0.0.5");
        device.virtualNetwork!.listenUdp("udp.test", 5000, udpEchoServer());
        await device.run("10s");
        expect(lines(device)).toEqual([
            "I/user.cb ON_LINE 0",
            "I/user.tx true false false",
            "I/user.tx true false false",
            "I/user.cb TX_OK 0",
            "I/user.cb EVENT 0",
            "I/user.cb EVENT 0",
            "I/user.pending true 3",
            "I/user.read true one 5 0.10.0.0.5 5000",
            "I/user.rx true 3 5000 3 two",
            "I/user.rest dropped true 0",
            "I/user.discon true true",
            "I/user.state 1 离线",
        ]);
        device.dispose();
    });

    it("UDP tx to another address and port: the answer's sender is what read reports; release frees the ctrl", async () => {
        const device = currentDevice(`
            local u = socket.create(nil, function() sys.publish("U") end)
            socket.config(u, nil, true)
            socket.connect(u, "10.0.0.5", 5000)
            sys.taskInit(function()
                sys.waitUntil("U", 5000)
                log.info("tx", socket.tx(u, "to other", "10.0.0.6", 6000))
                sys.wait(1000)
                local ok, data, ip, port = socket.read(u)
                log.info("read", ok, data, string.format("%d.%d.%d.%d", ip:byte(2, 5)), port)
                socket.tx(u, "to first")
                sys.wait(1000)
                ok, data, ip, port = socket.read(u)
                log.info("read", ok, data, string.format("%d.%d.%d.%d", ip:byte(2, 5)), port)
                socket.release(u)
            end)
        `);
        const net = device.virtualNetwork!;
        net.listenUdp("10.0.0.5", 5000, d => d.reply("first says " + new TextDecoder().decode(d.data)));
        net.listenUdp("10.0.0.6", 6000, d => d.reply("other says " + new TextDecoder().decode(d.data)));
        await device.run("5s");
        expect(userLines(device.log.map(l => l.text))).toEqual([
            "I/user.tx true false false",
            "I/user.read true other says to other 10.0.0.6 6000",
            "I/user.read true first says to first 10.0.0.5 5000",
        ]);
        expect(device.sockets().map(r => [r.protocol, r.cleaned])).toEqual([["UDP", true]]);
        expect(device.unreleasedSockets()).toEqual([]);
        device.dispose();
    });

    it("a name that does not resolve reports ON_LINE -1 with state 2 and no remote IP", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            sys.taskInit(function()
                local ctrl = socket.create(nil, function(_, ev, p) log.info("cb", names[ev], p) sys.publish("S") end)
                socket.config(ctrl)
                log.info("connect", socket.connect(ctrl, "nowhere.invalid", 80))
                sys.waitUntil("S", 30000)
                log.info("state", socket.state(ctrl))
                log.info("remote", socket.remoteIP(ctrl))
            end)
        `);
        await device.run("20s");
        expect(lines(device)).toEqual([
            "I/user.connect true false",
            "I/user.cb ON_LINE -1",
            "I/user.state 2 等待DNS",
            "I/user.remote nil nil nil nil",
        ]);
        device.dispose();
    });

    it("the peer closing while idle: EVENT 0 for its data, EVENT -1, the data stays readable once, state stays 5", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            sys.taskInit(function()
                local ctrl = socket.create(nil, function(_, ev, p) log.info("cb", names[ev], p) sys.publish("S") end)
                socket.config(ctrl)
                socket.connect(ctrl, "bye.test", 23)
                sys.wait(2000)
                log.info("read", socket.read(ctrl))
                log.info("read", socket.read(ctrl))
                log.info("wait", socket.wait(ctrl))
                log.info("state", socket.state(ctrl))
            end)
        `);
        device.virtualNetwork!.listenTcp("bye.test", 23, conn => {
            conn.send("bye");
            conn.close();
        });
        await device.run("5s");
        expect(lines(device)).toEqual([
            "I/user.cb ON_LINE 0",
            "I/user.cb EVENT 0",
            "I/user.cb EVENT -1",
            "I/user.read true bye",
            "I/user.read false",
            "I/user.wait false false",
            "I/user.state 5 在线",
        ]);
        expect(device.connections[0]!.closeReason).toBe("peer-close");
        device.dispose();
    });

    it("task-name ctrls: events reach sys.waitMsg through sys_send; other messages go to the task's callback", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            sys.taskInitEx(function()
                local ctrl = socket.create(nil, "net")
                socket.config(ctrl)
                socket.connect(ctrl, "echo.test", 7)
                local m = sys.waitMsg("net", socket.ON_LINE, 5000)
                log.info("online", names[m[1]], m[2], #m)
                socket.tx(ctrl, "ping")
                m = sys.waitMsg("net", socket.EVENT, 5000)
                log.info("event", names[m[1]], m[2], select(2, socket.read(ctrl)))
                log.info("timeout", sys.waitMsg("net", socket.EVENT, 200))
                log.info("unknown task", sys_send("nobody", 1, 2), sys.waitMsg("nobody"))
                log.info("sendMsg", sys.sendMsg("net", "custom", 42), sys.waitMsg("net").n, sys.waitMsg("net", nil, 10))
                socket.release(ctrl)
            end, "net", function(msg) log.info("other", names[msg[1]], msg[2]) end)
        `);
        device.virtualNetwork!.listenTcp("echo.test", 7, echoServer());
        await device.run("10s");
        expect(lines(device)).toEqual([
            "I/user.online ON_LINE 0 2",
            "I/user.other TX_OK 0",
            "I/user.event EVENT 0 ping",
            "I/user.timeout nil",
            "I/user.unknown task false false",
            "I/user.sendMsg true nil nil",
        ]);
        device.dispose();
    });

    it("a ctrl with neither callback nor task name publishes NWCTRL*(adapter, socket id, event, param)", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            sys.subscribe("NWCTRL*", function(a, id, ev, p) log.info("nwctrl", a, math.type(id), names[ev], p) end)
            local ctrl = socket.create()
            socket.config(ctrl)
            socket.connect(ctrl, "echo.test", 7)
        `);
        device.virtualNetwork!.listenTcp("echo.test", 7, echoServer());
        await device.run("2s");
        expect(lines(device)).toEqual(["I/user.nwctrl 17 integer ON_LINE 0"]);
        device.dispose();
    });

    it("adapter, dft, localIP and linkup describe one ready adapter; IP_READY comes 500 ms after boot", async () => {
        const device = currentDevice(`
            log.info("adapter", socket.adapter())
            log.info("adapter 1", socket.adapter(1))
            log.info("dft", socket.dft())
            log.info("localIP", socket.localIP())
            log.info("create on 1", socket.create(1), socket.create(99))
            log.info("linkup", socket.linkup(socket.create()))
            sys.subscribe("IP_READY", function(...) log.info("IP_READY", ...) end)
            sys.taskInit(function()
                sys.wait(1000)
                log.info("late wait", sys.waitUntil("IP_READY", 100))
            end)
        `);
        await device.run("2s");
        expect(lines(device)).toEqual([
            "I/user.adapter true 17",
            "I/user.adapter 1 false 1",
            "I/user.dft 17 17",
            "I/user.localIP 192.168.1.100 255.255.255.0 192.168.1.101 nil",
            "I/user.create on 1 nil nil",
            "I/user.linkup true true",
            "I/user.IP_READY 192.168.1.100 17",
            "I/user.late wait false",
        ]);
        expect(device.log.find(l => l.text.startsWith("I/user.IP_READY"))!.timeMs).toBe(500);
        device.dispose();
    });

    it("socket.sntp sets the RTC and publishes NTP_UPDATE(0); a server that never answers moves on, then NTP_ERROR", async () => {
        const device = currentDevice(`
            sys.subscribe("NTP_UPDATE", function(...) log.info("NTP_UPDATE", select("#", ...), ..., os.date("!%Y-%m-%d", os.time())) end)
            sys.subscribe("NTP_ERROR", function(...) log.info("NTP_ERROR", select("#", ...)) end)
            log.info("before", os.date("!%Y", os.time()), select("#", socket.sntp()))
            sys.timerStart(socket.sntp, 1000, "dead.ntp")
        `);
        device.virtualNetwork!.addFault({ kind: "ntp-never", server: "dead.ntp" });
        await device.run("5s");
        const lines = device.log.filter(l => l.text.startsWith("I/user."));
        expect(lines.map(l => l.text)).toEqual(["I/user.before 1970 0", "I/user.NTP_UPDATE 1 0 2021-03-24", "I/user.NTP_ERROR 0"]);
        // The only server given never answers: NTP_ERROR after its 2 s timeout.
        expect(lines[2]!.timeMs).toBe(3000);
        device.dispose();
    });

    it("a peer close while a tx waits for TX_OK is reported as TX_OK -1; tx after it fails", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            local ctrl = socket.create(nil, function(_, ev, p) log.info("cb", names[ev], p) end)
            socket.config(ctrl)
            socket.connect(ctrl, "close.test", 9)
            sys.timerStart(function()
                -- An empty tx sets the wait target to TX_OK and never completes it.
                log.info("tx", socket.tx(ctrl, ""))
            end, 100)
            sys.timerStart(function() log.info("tx", (socket.tx(ctrl, "late")), socket.state(ctrl)) end, 3000)
        `);
        device.virtualNetwork!.listenTcp("close.test", 9, conn => {
            setTimeoutOnDevice(device, 1000, () => conn.close());
        });
        await device.run("5s");
        expect(userLines(device.log.map(l => l.text))).toEqual([
            "I/user.cb ON_LINE 0",
            "I/user.tx true false false",
            "I/user.cb TX_OK -1",
            "I/user.tx false 5 在线",
        ]);
        device.dispose();
    });

    it("unread data makes EVENT 0 repeat whenever the state machine has nothing else to report", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            local ctrl = socket.create(nil, function(_, ev, p) log.info("cb", names[ev], p) end)
            socket.config(ctrl)
            socket.connect(ctrl, "hello.test", 9)
            sys.timerStart(function()
                log.info("unread", socket.rx(ctrl))
                socket.tx(ctrl, "a")
                socket.tx(ctrl, "b")
            end, 1000)
            sys.timerStart(function()
                log.info("read", socket.read(ctrl))
                socket.tx(ctrl, "a")
                socket.tx(ctrl, "b")
            end, 2000)
        `);
        device.virtualNetwork!.listenTcp("hello.test", 9, conn => conn.send("hi"));
        await device.run("3s");
        expect(userLines(device.log.map(l => l.text))).toEqual([
            "I/user.cb ON_LINE 0",
            "I/user.cb EVENT 0",
            "I/user.unread true 2",
            // The first tx's TX_OK is not yet all that was sent (ack 1 of 2): nothing to report, but data is unread.
            "I/user.cb EVENT 0",
            "I/user.cb TX_OK 0",
            "I/user.read true hi",
            "I/user.cb TX_OK 0",
        ]);
        device.dispose();
    });

    it("with the interface down a connect fails with ON_LINE -1 and the adapter is not ready", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            log.info("ready", socket.adapter(socket.dft()))
            log.info("localIP", select("#", socket.localIP()))
            local ctrl = socket.create(nil, function(_, ev, p) log.info("cb", names[ev], p) end)
            socket.config(ctrl)
            log.info("connect", socket.connect(ctrl, "10.0.0.1", 80))
            sys.subscribe("IP_READY", function(ip, a) log.info("IP_READY", ip, a) end)
        `);
        device.virtualNetwork!.addFault({ kind: "interface-down", from: 0, until: 3000 });
        await device.run("5s");
        const lines = device.log.filter(l => l.text.startsWith("I/user."));
        expect(lines.map(l => l.text)).toEqual(["I/user.ready false 17", "I/user.localIP 0", "I/user.connect true false", "I/user.cb ON_LINE -1", "I/user.IP_READY 192.168.1.100 17"]);
        // IP_READY waits for the interface: announced at the first check after it came up.
        expect(lines[4]!.timeMs).toBe(3500);
        device.dispose();
    });

    it("prints the firmware's own C log lines for connects, refusals and DNS failures", async () => {
        const device = currentDevice(
            `
            local a = socket.create(nil, function() end)
            socket.config(a)
            socket.connect(a, "10.0.0.9", 81)
            local b = socket.create(nil, function() end)
            socket.config(b)
            socket.connect(b, "nowhere.invalid", 80)
        `,
            { firmwareLogs: true },
        );
        await device.run("10s");
        expect(device.log.map(l => l.text).filter(t => /^[DIE]\/(socket|posix_net) /.test(t))).toEqual([
            "D/socket connect to 10.0.0.9,81",
            "I/posix_net socket[0] connect to 10.0.0.9:81 TCP",
            "D/socket connect to nowhere.invalid,80",
            "I/posix_net dns query failed for nowhere.invalid",
            "E/posix_net socket[0] connect failed err=111",
        ]);
        device.dispose();
    });

    it("network faults: a reset is EVENT -1, a dns-fail fault ON_LINE -1, a half-open path times the connect out", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            local function open(name, host, port)
                local c = socket.create(nil, function(_, ev, p) log.info(name, names[ev], p, (socket.state(_))) end)
                socket.config(c)
                socket.connect(c, host, port)
                return c
            end
            local a = open("reset", "echo.test", 7)
            sys.timerStart(open, 100, "dnsfail", "flaky.test", 7)
            sys.timerStart(open, 200, "halfopen", "silent.test", 7)
        `);
        const net = device.virtualNetwork!;
        net.listenTcp("echo.test", 7, echoServer());
        net.listenTcp("flaky.test", 7, echoServer());
        net.listenTcp("silent.test", 7, echoServer());
        net.addFault({ kind: "reset", at: 1000, host: "echo.test" });
        net.addFault({ kind: "dns-fail", name: "flaky.test" });
        net.addFault({ kind: "half-open", host: "silent.test" });
        await device.run("30s");
        const lines = device.log.filter(l => l.text.startsWith("I/user."));
        expect(lines.map(l => [l.text, l.timeMs >= 20_000])).toEqual([
            ["I/user.reset ON_LINE 0 5", false],
            ["I/user.dnsfail ON_LINE -1 2", false],
            ["I/user.reset EVENT -1 5", false],
            ["I/user.halfopen ON_LINE -1 3", true],
        ]);
        device.dispose();
    });

    it("require('socket') fails: the built-in modules are globals only", async () => {
        const device = currentDevice(`log.info("require", type(socket), type(zbuff), pcall(require, "socket"))`);
        await device.run("100ms");
        expect(lines(device)[0]).toMatch(/^I\/user\.require userdata userdata false .*module 'socket' not found/);
        device.dispose();
    });
});
