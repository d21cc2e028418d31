/**
 * netclient-compat and libnet on the simulator's current generation (virtual
 * network). Each 2021-API firmware also runs on the simulator's 2021
 * generation: both must print the lines the 2021 firmware prints.
 */
import { afterAll, describe, expect, it } from "vitest";
import { compileLuaLibraries } from "../../lualibs/compile.js";
import type { SimulatedDevice } from "../../runtime/index.js";
import { echoServer, udpEchoServer } from "../../runtime/net/servers.js";
import { COMPAT_FIRMWARES, DNS_FAILURE, LIBNET, LIBNET_LISTEN, TSEND, WEB_ANSWER, WEB_REQUEST, socketApiExample } from "./firmwares.js";
import { currentDevice, currentFolder, device2021, folder2021, removeTemporaryFolders, runToDone, substitute, type Substitutions } from "./helpers.js";

afterAll(removeTemporaryFolders);

const HOST = "server.test";
const PORTS = { ECHO: 7, BYE: 8, UDP: 9, REFUSED: 10, SINK: 11, WEB: 80, LISTEN: 8080 };
const VALUES: Substitutions = { HOST, ...PORTS, EXIT: "", NTP_SERVER: "" };

/** The servers every firmware may use; returns what the sink received. */
function serve(device: SimulatedDevice): { sink: string[] } {
    const net = device.virtualNetwork!;
    const sink: string[] = [];
    net.listenTcp(HOST, PORTS.ECHO, echoServer());
    net.listenTcp(HOST, PORTS.BYE, conn => {
        conn.send("bye");
        conn.close();
    });
    net.listenUdp(HOST, PORTS.UDP, udpEchoServer());
    net.listenTcp(HOST, PORTS.SINK, conn => {
        let text = "";
        conn.onData(data => (text += Buffer.from(data).toString("utf8")));
        conn.onClose(() => sink.push(text));
    });
    net.listenTcp(HOST, PORTS.WEB, conn => {
        let request = "";
        conn.onData(data => {
            request += Buffer.from(data).toString("utf8");
            if (request === WEB_REQUEST) {
                conn.send(WEB_ANSWER);
                conn.close();
            }
        });
    });
    net.dns.ensure(HOST);
    return { sink };
}

async function onCurrent(template: string, values: Substitutions = {}) {
    const device = currentDevice(currentFolder(substitute(template, { ...VALUES, COMPAT: 'require("netclient-compat")', ...values })));
    const { sink } = serve(device);
    try {
        return { lines: await runToDone(device), device, sink };
    } finally {
        device.dispose();
    }
}

async function on2021(template: string) {
    const device = device2021(folder2021(substitute(template, { ...VALUES, COMPAT: "" })));
    const { sink } = serve(device);
    try {
        return { lines: await runToDone(device), device, sink };
    } finally {
        device.dispose();
    }
}

/** Device time of the first log line starting with `text`. */
const timeOf = (device: SimulatedDevice, text: string) => device.log.find(l => l.text.replaceAll("\t", " ").startsWith(text))?.timeMs;

describe("lualibs compile", () => {
    it("gives libnet.lua and netclient-compat.lua, without TSTL's lualib", () => {
        const libraries = compileLuaLibraries();
        expect(libraries.map(l => l.file)).toEqual(["libnet.lua", "netclient-compat.lua"]);
        for (const library of libraries) expect(library.lua).not.toContain("lualib_bundle");
    });
});

describe("netclient-compat on the current firmware (simulator, virtual network) against the 2021 firmware", () => {
    for (const [name, firmware] of Object.entries(COMPAT_FIRMWARES)) {
        it(name, async () => {
            const old = await on2021(firmware.main);
            expect(old.lines, "the 2021 firmware prints the expected lines").toEqual(firmware.expected);
            const compat = await onCurrent(firmware.main);
            expect(compat.lines).toEqual(firmware.expected);
        });
    }

    it("the socket-api example (examples/socket-example/handwritten.lua)", async () => {
        const example = socketApiExample();
        expect((await on2021(example.main)).lines, "the 2021 firmware prints the expected lines").toEqual(example.expected);
        expect((await onCurrent(example.main)).lines).toEqual(example.expected);
    });

    it("a failed name lookup is retried once 2 s later, as in 2021", async () => {
        for (const run of [await on2021(DNS_FAILURE.main), await onCurrent(DNS_FAILURE.main)]) {
            const started = timeOf(run.device, "I/user.start")!;
            expect(timeOf(run.device, "I/user.connect 0")! - started).toBeGreaterThanOrEqual(2000);
        }
    });

    it("tsend's data reaches the server, on both firmwares", async () => {
        expect((await on2021(TSEND.main)).sink).toEqual(["one-shot"]);
        expect((await onCurrent(TSEND.main)).sink).toEqual(["one-shot"]);
    });

    it("ntpSync sets the clock (os.time after NTP_UPDATE is past 2021)", async () => {
        const { lines } = await onCurrent(`__COMPAT__
_G.sys = require("sys")
log.info("before", os.time() < 1e9)
socket.ntpSync()
sys.taskInit(function()
  log.info("update", sys.waitUntil("NTP_UPDATE", 10000))
  log.info("after", os.time() > 1600000000)
  log.info("done", "end")
end)
sys.run()
`);
        expect(lines).toEqual(["I/user.before true", "I/user.update true", "I/user.after true", "I/user.done end"]);
    });

    it("clean releases the ctrl: 60 objects in a row (today's adapter has 32 ctrls) all start", async () => {
        const { lines } = await onCurrent(`__COMPAT__
_G.sys = require("sys")
sys.taskInit(function()
  local codes = {}
  for i = 1, 60 do
    local so = socket.tcp()
    local code = so:start("__HOST__", i % 2 == 0 and __REFUSED__ or __ECHO__)
    codes[code] = (codes[code] or 0) + 1
    sys.waitUntil("NETC_END_" .. so:id(), 100)
    so:clean()
  end
  log.info("codes", codes[0], codes[1], codes[2])
  log.info("done", "end")
end)
sys.run()
`);
        expect(lines).toEqual(["I/user.codes 60 nil nil", "I/user.done end"]);
    });

    it("close before the connect finished: connect(id, 0) after close() returned, then NETC_END once", async () => {
        const { lines } = await onCurrent(`__COMPAT__
_G.sys = require("sys")
local so = socket.tcp()
so:on("connect", function(id, result) log.info("connect", result, so:closed()) end)
sys.subscribe("NETC_END_1", function(...) log.info("end", select("#", ...)) end)
log.info("start", so:start("__HOST__", __ECHO__))
so:close()
log.info("closed", so:closed())
sys.taskInit(function()
  sys.wait(3000)
  log.info("done", "end")
end)
sys.run()
`);
        expect(lines).toEqual(["I/user.start 0", "I/user.closed 1 false", "I/user.connect 0 1 false", "I/user.end 0", "I/user.done end"]);
    });
});

describe("libnet on the current firmware (simulator, virtual network)", () => {
    it("connect, tx, wait, read, close in a sys.taskInitEx task; refused; peer close", async () => {
        const { lines } = await onCurrent(LIBNET.main);
        expect(lines).toEqual(LIBNET.expected);
    });

    it("listen: a timeout without a client; a client of the same firmware over loopback, ping and pong, its close, then close", async () => {
        const { lines } = await onCurrent(LIBNET_LISTEN.main);
        expect(lines).toEqual(LIBNET_LISTEN.expected);
    });

    it("sys_send(taskName, socket.EVENT, 0) ends a wait early; a wait outside a taskInitEx task gives true, false", async () => {
        const { lines, device } = await onCurrent(`_G.sys = require("sys")
local libnet = require("libnet")
sys.taskInitEx(function()
  local ctrl = socket.create(nil, "net")
  socket.config(ctrl)
  libnet.connect("net", 5000, ctrl, "__HOST__", __ECHO__)
  sys.timerStart(sys_send, 300, "net", socket.EVENT, 0)
  log.info("woken", libnet.wait("net", 5000, ctrl))
  log.info("pending", socket.rx(ctrl))
  libnet.close("net", 1000, ctrl)
  socket.release(ctrl)
  sys.taskInit(function()
    local other = socket.create(nil, "plain")
    socket.config(other)
    socket.connect(other, "__HOST__", __ECHO__)
    sys.wait(500)
    log.info("plain task", libnet.wait("plain", 100, other))
    log.info("done", "end")
  end)
end, "net")
sys.run()
`);
        expect(lines).toEqual(["I/user.woken true true", "I/user.pending true 0", "I/user.plain task true false", "I/user.done end"]);
        const woken = device.log.find(l => l.text.startsWith("I/user.woken"))!;
        expect(woken.timeMs).toBeLessThan(1000);
    });
});
