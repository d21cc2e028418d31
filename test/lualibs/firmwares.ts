/**
 * Firmwares written against the 2021 socket API (and one against libnet),
 * as templates: `__COMPAT__` loads netclient-compat on today's firmware
 * (empty on the 2021 one), `__HOST__` and the port names are the servers,
 * `__EXIT__` ends the PC build's process. Each firmware ends by printing
 * `I/user.done end`. `expected` is what the 2021 firmware prints.
 */

import * as fs from "node:fs";
import { fileURLToPath } from "node:url";

export interface Firmware {
    main: string;
    /** The `I/user.` lines the 2021 firmware prints (and the compatibility layer must). */
    expected: string[];
}

const PRELUDE = `__COMPAT__
_G.sys = require("sys")
local function done() log.info("done", "end") __EXIT__ end
`;

export const ROUND_TRIP: Firmware = {
    main: `${PRELUDE}
local so = socket.tcp()
local ends = 0
log.info("fresh", so:closed())
log.info("sockid", so:sockid())
log.info("send early", so:send("x"))
so:on("connect", function(id, result)
  log.info("connect", math.type(id), id, result, so:closed())
  log.info("send", so:send("hello"), so:send(""))
end)
local got = ""
so:on("recv", function(id, data)
  got = got .. data
  if got == "hello" then
    log.info("recv", math.type(id), got)
    so:close()
    log.info("after close", so:closed())
    log.info("send closed", so:send("x"))
  end
end)
so:on("error", function(id) log.info("error", id) end)
sys.subscribe("NETC_END_" .. so:id(), function(...) ends = ends + 1 log.info("end", select("#", ...), so:closed()) end)
log.info("start", so:start("__HOST__", __ECHO__))
sys.taskInit(function()
  sys.waitUntil("NETC_END_" .. so:id(), 10000)
  sys.wait(500)
  log.info("ends", ends)
  so:clean()
  log.info("clean", so:closed())
  done()
end)
sys.run()
`,
    expected: [
        "I/user.fresh 0 true",
        "I/user.sockid -1",
        "I/user.send early false",
        "I/user.start 0",
        "I/user.connect integer 1 1 0 true",
        "I/user.send true false",
        "I/user.recv integer hello",
        "I/user.after close 1 false",
        "I/user.send closed false",
        "I/user.end 0 1 false",
        "I/user.ends 1",
        "I/user.clean 1 false",
        "I/user.done end",
    ],
};

export const PEER_CLOSE: Firmware = {
    main: `${PRELUDE}
local so = socket.tcp()
local ends = 0
so:on("connect", function(id, result) log.info("connect", result) end)
so:on("recv", function(id, data) log.info("recv", data) end)
so:on("error", function(id, more) log.info("error", math.type(id), id, more) end)
sys.subscribe("NETC_END_" .. so:id(), function(...) ends = ends + 1 log.info("end", select("#", ...), so:closed()) end)
log.info("start", so:start("__HOST__", __BYE__))
sys.taskInit(function()
  sys.waitUntil("NETC_END_" .. so:id(), 10000)
  sys.wait(500)
  log.info("ends", ends, so:send("late"))
  so:clean()
  done()
end)
sys.run()
`,
    expected: ["I/user.start 0", "I/user.connect 1", "I/user.recv bye", "I/user.error integer 1 nil", "I/user.end 0 1 false", "I/user.ends 1 false", "I/user.done end"],
};

export const REFUSED: Firmware = {
    main: `${PRELUDE}
local so = socket.tcp()
so:on("connect", function(id, result) log.info("connect", math.type(id), result) end)
so:on("error", function(id) log.info("error", id) end)
sys.subscribe("NETC_END_" .. so:id(), function(...) log.info("end", select("#", ...), so:closed()) end)
log.info("start", so:start("__HOST__", __REFUSED__))
sys.taskInit(function()
  sys.waitUntil("NETC_END_" .. so:id(), 10000)
  sys.wait(500)
  so:clean()
  done()
end)
sys.run()
`,
    expected: ["I/user.start 0", "I/user.connect integer 0", "I/user.end 0 1 false", "I/user.done end"],
};

export const DNS_FAILURE: Firmware = {
    main: `${PRELUDE}
local so = socket.tcp()
so:on("connect", function(id, result) log.info("connect", result) end)
sys.subscribe("NETC_END_" .. so:id(), function(...) log.info("end", select("#", ...)) end)
log.info("start", so:start("nonexistent.invalid", 80))
sys.taskInit(function()
  sys.waitUntil("NETC_END_" .. so:id(), 20000)
  sys.wait(100)
  so:clean()
  done()
end)
sys.run()
`,
    expected: ["I/user.start 0", "I/user.connect 0", "I/user.end 0", "I/user.done end"],
};

export const UDP: Firmware = {
    main: `${PRELUDE}
local u = socket.udp()
log.info("tostring", tostring(u))
u:on("connect", function(id, result) log.info("connect", result) log.info("send", u:send("ping")) end)
u:on("recv", function(id, data) log.info("recv", data) u:close() end)
u:on("error", function(id) log.info("error", id) end)
sys.subscribe("NETC_END_" .. u:id(), function(...) log.info("end", select("#", ...), u:closed()) end)
log.info("start", u:start("__HOST__", __UDP__))
sys.taskInit(function()
  sys.waitUntil("NETC_END_" .. u:id(), 10000)
  sys.wait(100)
  u:clean()
  done()
end)
sys.run()
`,
    expected: ["I/user.tostring netc[1] _,0,UDP Not-Closed", "I/user.start 0", "I/user.connect 1", "I/user.send true", "I/user.recv ping", "I/user.end 0 1 false", "I/user.done end"],
};

export const BURST: Firmware = {
    main: `${PRELUDE}
local so = socket.tcp()
local data = string.rep("0123456789", 500)
local got, pieces, max = {}, 0, 0
so:on("connect", function(id, result) log.info("send", so:send(data)) end)
so:on("recv", function(id, piece)
  got[#got + 1] = piece
  pieces = pieces + 1
  if #piece > max then max = #piece end
  local all = table.concat(got)
  if #all == #data then
    log.info("burst", #all, all == data, max <= 1024, pieces >= 5)
    so:close()
  end
end)
log.info("start", so:start("__HOST__", __ECHO__))
sys.taskInit(function()
  sys.waitUntil("NETC_END_" .. so:id(), 10000)
  so:clean()
  done()
end)
sys.run()
`,
    expected: ["I/user.start 0", "I/user.send true", "I/user.burst 5000 true true true", "I/user.done end"],
};

export const SEND_BEFORE_CONNECT: Firmware = {
    main: `${PRELUDE}
local so = socket.tcp()
local got = ""
so:on("recv", function(id, data)
  got = got .. data
  if got == "early data" then log.info("echo", got) so:close() end
end)
log.info("start", so:start("__HOST__", __ECHO__))
log.info("early", so:send("early "), so:send("data"), so:send(""))
sys.taskInit(function()
  sys.waitUntil("NETC_END_" .. so:id(), 10000)
  so:clean()
  done()
end)
sys.run()
`,
    expected: ["I/user.start 0", "I/user.early true true false", "I/user.echo early data", "I/user.done end"],
};

export const OBJECTS: Firmware = {
    main: `${PRELUDE}
local a = socket.tcp()
log.info("tostring", tostring(a))
log.info("host", a:host(), a:port())
log.info("set", a:host("example.com"), a:port(8080), a:port("80"), a:port(1.5))
log.info("bad host", a:host(""), a:host(string.rep("h", 64)), a:host())
log.info("tostring", tostring(a))
log.info("start none", socket.tcp():start())
local b = socket.tcp()
b:host("x")
b:port(1)
log.info("start short", b:start())
log.info("start long", socket.tcp():start(string.rep("h", 32), 80))
local ids = {}
for _ = 5, 17 do ids[#ids + 1] = socket.udp():id() end
log.info("ids", a:id(), table.concat(ids, ","))
log.info("closed", a:closed())
a:close()
log.info("closed after", tostring(a), a:closed())
sys.taskInit(function()
  sys.wait(1500)
  log.info("ready", socket.isReady(), type(socket.ip()))
  done()
end)
sys.run()
`,
    expected: [
        "I/user.tostring netc[1] _,0,TCP Not-Closed",
        "I/user.host _ 0",
        "I/user.set example.com 8080 8080 8080",
        "I/user.bad host 1 1 example.com",
        "I/user.tostring netc[1] example.com,8080,TCP Not-Closed",
        "I/user.start none 2",
        "I/user.start short 2",
        "I/user.start long 1",
        "I/user.ids 1 5,6,7,8,9,a,b,c,d,e,f,10,11",
        "I/user.closed 0 true",
        "I/user.closed after netc[1] example.com,8080,TCP Closed 1 false",
        "I/user.ready true string",
        "I/user.done end",
    ],
};

export const TSEND: Firmware = {
    main: `${PRELUDE}
sys.taskInit(function()
  log.info("tsend", select("#", socket.tsend("__HOST__", __SINK__, "one-shot")))
  log.info("after", "returned")
  sys.wait(500)
  done()
end)
sys.run()
`,
    expected: ["I/user.tsend 0", "I/user.after returned", "I/user.done end"],
};

export const NTP: Firmware = {
    main: `${PRELUDE}
local n = 0
sys.subscribe("NTP_UPDATE", function(...) n = n + 1 log.info("ntp", select("#", ...)) end)
log.info("sync", socket.ntpSync(__NTP_SERVER__))
sys.taskInit(function()
  sys.waitUntil("NTP_UPDATE", 20000)
  sys.wait(500)
  log.info("count", n)
  done()
end)
sys.run()
`,
    expected: ["I/user.sync 0", "I/user.ntp 0", "I/user.count 1", "I/user.done end"],
};

/** The 2021-API firmwares, by test name. */
export const COMPAT_FIRMWARES: Record<string, Firmware> = {
    "TCP round trip: connect(id, 1), recv, local close without error, NETC_END once, clean": ROUND_TRIP,
    "peer close: recv, error(id) without a second argument, NETC_END once with no arguments": PEER_CLOSE,
    "refused port: connect(id, 0) then NETC_END, no error callback": REFUSED,
    "DNS failure: connect(id, 0) then NETC_END": DNS_FAILURE,
    "UDP round trip": UDP,
    "a 5000-byte burst arrives in recv chunks of at most 1024 bytes": BURST,
    "send before the connect is buffered and flushed; send('') is false": SEND_BEFORE_CONNECT,
    "host/port, start return codes, hex ids, closed(), tostring, isReady/ip": OBJECTS,
    "tsend connects, sends and closes; returns nothing": TSEND,
    "ntpSync returns 0 and NTP_UPDATE comes once with no arguments": NTP,
};

/** libnet in a sys.taskInitEx task: connect, tx, wait, read, close; refused; peer close. */
export const LIBNET = {
    main: `_G.sys = require("sys")
local libnet = require("libnet")
sys.taskInitEx(function()
  local ctrl = socket.create(nil, "net")
  socket.config(ctrl)
  log.info("link", libnet.waitLink("net", 1000, ctrl))
  log.info("connect", libnet.connect("net", 5000, ctrl, "__HOST__", __ECHO__))
  log.info("tx", libnet.tx("net", 5000, ctrl, "ping"))
  local got = ""
  while #got < 4 do
    local ok = libnet.wait("net", 2000, ctrl)
    if not ok then break end
    local _, data = socket.read(ctrl)
    got = got .. data
  end
  log.info("echo", got)
  log.info("wait timeout", libnet.wait("net", 100, ctrl))
  log.info("close", select("#", libnet.close("net", 2000, ctrl)))
  log.info("tx closed", (libnet.tx("net", 1000, ctrl, "x")))
  socket.release(ctrl)
  local r = socket.create(nil, "net")
  socket.config(r)
  log.info("refused", libnet.connect("net", 2000, r, "__HOST__", __REFUSED__))
  socket.release(r)
  local b = socket.create(nil, "net")
  socket.config(b)
  log.info("bye", libnet.connect("net", 2000, b, "__HOST__", __BYE__))
  local text, last = "", nil
  for _ = 1, 10 do
    local ok, event = libnet.wait("net", 2000, b)
    local _, data = socket.read(b)
    if data then text = text .. data end
    if not ok then last = {ok, event} break end
  end
  log.info("bye data", text, last and last[1], last and last[2])
  libnet.close("net", 1000, b)
  socket.release(b)
  log.info("done", "end")
  __EXIT__
end, "net")
sys.run()
`,
    expected: [
        "I/user.link true",
        "I/user.connect true",
        "I/user.tx true false",
        "I/user.echo ping",
        "I/user.wait timeout true false",
        "I/user.close 0",
        "I/user.tx closed false",
        "I/user.refused false",
        "I/user.bye true",
        "I/user.bye data bye false false",
        "I/user.done end",
    ],
};

/**
 * libnet.listen: a listening ctrl serves a client of the same firmware
 * (`__LISTEN__` is a free port). Only the server task logs; the client task's
 * results are printed at the end, since the two tasks' order is the wall
 * clock's on luatos-pc.
 */
export const LIBNET_LISTEN = {
    main: `_G.sys = require("sys")
local libnet = require("libnet")
local client = {}
local server = {}
sys.taskInitEx(function()
  local idle = socket.create(nil, "srv")
  socket.config(idle, __LISTEN__)
  log.info("no client", libnet.listen("srv", 200, idle))
  log.info("state", socket.state(idle))
  socket.close(idle)
  socket.release(idle)
  local srv = socket.create(nil, "srv")
  socket.config(srv, __LISTEN__)
  server.ctrl = srv
  log.info("listen", libnet.listen("srv", 5000, srv))
  log.info("wait", libnet.wait("srv", 5000, srv))
  log.info("read", socket.read(srv))
  log.info("tx", libnet.tx("srv", 5000, srv, "pong"))
  log.info("client gone", libnet.wait("srv", 5000, srv))
  log.info("close", select("#", libnet.close("srv", 1000, srv)))
  log.info("state", socket.state(srv))
  socket.release(srv)
  for _ = 1, 500 do
    if client.done then break end
    sys.wait(10)
  end
  log.info("client", table.concat(client, " "))
  log.info("done", "end")
  __EXIT__
end, "srv")
sys.taskInitEx(function()
  -- Connect once the server listens (state 6): the adapter starts listening on its own thread.
  for _ = 1, 500 do
    if server.ctrl ~= nil and socket.state(server.ctrl) == 6 then break end
    sys.wait(10)
  end
  local c = socket.create(nil, "cli")
  socket.config(c)
  client[#client + 1] = tostring(libnet.connect("cli", 5000, c, "127.0.0.1", __LISTEN__))
  client[#client + 1] = tostring((libnet.tx("cli", 5000, c, "ping")))
  client[#client + 1] = tostring((libnet.wait("cli", 5000, c)))
  local _, data = socket.read(c)
  client[#client + 1] = data
  libnet.close("cli", 1000, c)
  socket.release(c)
  client.done = true
end, "cli")
sys.run()
`,
    expected: [
        "I/user.no client false",
        "I/user.state 6 在监听",
        "I/user.listen true",
        "I/user.wait true true",
        "I/user.read true ping",
        "I/user.tx true false",
        "I/user.client gone false false",
        "I/user.close 0",
        "I/user.state 1 离线",
        "I/user.client true true true pong",
        "I/user.done end",
    ],
};

/** The request the socket-api example sends, and what its web server answers before closing. */
export const WEB_REQUEST = "GET / HTTP/1.0\r\n\r\n";
export const WEB_ANSWER = "hello from server";

/**
 * The socket-api example (examples/socket-example/handwritten.lua, 2021 API)
 * as a template: its web server is `__HOST__:__WEB__`, and it prints
 * `done end` after clean().
 */
export function socketApiExample(): Firmware {
    const file = fileURLToPath(new URL("../../examples/socket-example/handwritten.lua", import.meta.url));
    const source = fs.readFileSync(file, "utf8");
    const main = `__COMPAT__\n${source}`
        .replace('so:host("www.baidu.com")', 'so:host("__HOST__")')
        .replace("so:port(80)", "so:port(__WEB__)")
        .replace("so:clean()", 'so:clean()\n        log.info("done", "end")\n        __EXIT__');
    if (!main.includes("__WEB__") || !main.includes("__EXIT__")) throw new Error(`${file} changed: the test cannot point it at its server`);
    return { main, expected: [`I/user.netc 1 ${WEB_ANSWER}`, "I/user.done end"] };
}
