import * as net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { HostNetwork } from "../../runtime/net/host-network.js";
import { applyScenario, parseScenario } from "../../runtime/net/scenario.js";
import type { CloseReason, Stream } from "../../runtime/net/network.js";
import { EVENT_NAMES, currentDevice, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

const lines = (device: { log: { text: string }[] }) => userLines(device.log.map(l => l.text));
const text = (data: Uint8Array) => new TextDecoder().decode(data);

/** Lua: a ctrl whose callback logs `<tag> <EVENT> <param>` and publishes the tag. */
const LOGGING_CTRL = `${EVENT_NAMES}
local function ctrlFor(tag)
    return socket.create(nil, function(_, ev, p)
        log.info(tag, names[ev], p)
        sys.publish(tag)
    end)
end
`;

/** A client of the virtual network's: what it received and how it ended. */
function client() {
    const got: string[] = [];
    const state = { connected: false, closed: undefined as CloseReason | undefined, got };
    const handlers = {
        onConnect: () => void (state.connected = true),
        onData: (data: Uint8Array) => void got.push(text(data)),
        onClose: (reason: CloseReason) => void (state.closed = reason),
    };
    return { state, handlers };
}

describe("socket.listen / socket.accept (current firmware) on the virtual network", () => {
    it("the device serves its own client over loopback: ON_LINE on both, data both ways, accept names the client, its close is EVENT -1", async () => {
        const device = currentDevice(`${LOGGING_CTRL}
            sys.taskInit(function()
                local srv = ctrlFor("srv")
                log.info("config", socket.config(srv, 8080))
                log.info("early accept", socket.accept(srv))
                log.info("listen", socket.listen(srv))
                log.info("state", socket.state(srv))
                sys.wait(100)
                log.info("state", socket.state(srv))
                log.info("again", socket.listen(srv))
                log.info("accept", socket.accept(srv))
                local cli = ctrlFor("cli")
                socket.config(cli)
                socket.connect(cli, "127.0.0.1", 8080)
                sys.wait(500)
                log.info("state", socket.state(srv))
                local ok, none, ip, port = socket.accept(srv, function() end)
                log.info("accept", ok, none, ip, math.type(port), port > 0)
                log.info("tx", socket.tx(srv, "hello client"))
                sys.wait(500)
                log.info("client read", socket.read(cli))
                socket.tx(cli, "hello server")
                sys.wait(500)
                log.info("server read", socket.read(srv))
                log.info("listen online", socket.listen(srv))
                socket.close(cli)
                sys.wait(500)
                log.info("state", socket.state(srv))
                log.info("dead", socket.read(srv), (socket.tx(srv, "x")))
                socket.close(srv)
                log.info("relisten", socket.listen(srv))
                sys.wait(100)
                log.info("state", socket.state(srv))
            end)
        `);
        await device.run("5s");
        expect(lines(device)).toEqual([
            "I/user.config true",
            "I/user.early accept true nil 0.0.0.0 0",
            "I/user.listen true false",
            "I/user.state 3 正在连接",
            "I/user.state 6 在监听",
            "I/user.again true true",
            "I/user.accept true nil 0.0.0.0 0",
            "I/user.srv ON_LINE 0",
            "I/user.cli ON_LINE 0",
            "I/user.state 5 在线",
            "I/user.accept true nil 127.0.0.1 integer true",
            "I/user.tx true false false",
            "I/user.srv TX_OK 0",
            "I/user.cli EVENT 0",
            "I/user.client read true hello client",
            "I/user.cli TX_OK 0",
            "I/user.srv EVENT 0",
            "I/user.server read true hello server",
            "I/user.listen online false false",
            "I/user.srv EVENT -1",
            "I/user.state 5 在线",
            "I/user.dead false false",
            "I/user.relisten true false",
            "I/user.state 6 在监听",
        ]);
        device.dispose();
    });

    it("clients from the network: one is served, a second waits in the backlog and shows only as EVENT -1 once the first left", async () => {
        const device = currentDevice(`${LOGGING_CTRL}
            sys.taskInit(function()
                local srv = ctrlFor("srv")
                socket.config(srv, 7000)
                socket.listen(srv)
                sys.waitUntil("srv", 5000)
                log.info("accept", socket.accept(srv))
                sys.waitUntil("srv", 5000)
                log.info("read", socket.read(srv))
                log.info("tx", socket.tx(srv, "welcome"))
                sys.wait(1000)
                log.info("read", socket.read(srv))
                sys.wait(1000)
                log.info("state", socket.state(srv))
                log.info("read", socket.read(srv))
                log.info("read", socket.read(srv))
                log.info("accept", socket.accept(srv))
                log.info("discon", socket.discon(srv))
                log.info("state", socket.state(srv))
                sys.wait(500)
                log.info("state", socket.state(srv))
            end)
        `);
        const vnet = device.virtualNetwork!;
        const first = client();
        const second = client();
        let one: Stream | undefined;
        device.clock.after(1000, () => {
            one = vnet.connectToDevice(7000, first.handlers, { ip: "10.0.0.7", port: 40001 });
            one.send(new TextEncoder().encode("hi"));
        });
        device.clock.after(1300, () => {
            const two = vnet.connectToDevice(7000, second.handlers, { ip: "10.0.0.8", port: 40002 });
            two.send(new TextEncoder().encode("me too"));
        });
        device.clock.after(1600, () => one!.close());
        await device.run("5s");
        expect(lines(device)).toEqual([
            "I/user.srv ON_LINE 0",
            "I/user.accept true nil 10.0.0.7 40001",
            "I/user.srv EVENT 0",
            "I/user.read true hi",
            "I/user.tx true false false",
            "I/user.srv TX_OK 0",
            // The first client leaves: EVENT -1; the adapter takes the second (EVENT -1) and its bytes (EVENT -1).
            "I/user.srv EVENT -1",
            "I/user.srv EVENT -1",
            "I/user.srv EVENT -1",
            // No unread-data flag is left: the connection is dead for Lua.
            "I/user.read false",
            "I/user.state 5 在线",
            "I/user.read false",
            "I/user.read false",
            "I/user.accept true nil 10.0.0.8 40002",
            // socket.discon closes the second client and reports CLOSED.
            "I/user.discon true false",
            "I/user.state 7 正在离线",
            "I/user.srv CLOSED 0",
            "I/user.state 1 离线",
        ]);
        expect(first.state).toEqual({ connected: true, closed: "local-close", got: ["welcome"] });
        expect(second.state).toEqual({ connected: true, closed: "peer-close", got: [] });
        device.dispose();
    });

    it("error returns: several clients refused, a busy ctrl, a bound port, discon while listening or after the client left, a released ctrl", async () => {
        const device = currentDevice(`${LOGGING_CTRL}
            sys.taskInit(function()
                local a = ctrlFor("a")
                socket.config(a, 9000)
                log.info("multi", socket.listen(a, 2))
                log.info("state", socket.state(a))
                log.info("single", socket.listen(a, 0))
                log.info("busy", socket.listen(a))
                local b = ctrlFor("b")
                socket.config(b, 9000)
                log.info("bound", socket.listen(b))
                log.info("state", socket.state(b))
                log.info("accept", socket.accept(b))
                sys.wait(100)
                log.info("discon", socket.discon(a))
                log.info("state", socket.state(a))
                log.info("now free", socket.listen(b))
                local c = ctrlFor("c")
                socket.config(c)
                socket.connect(c, "127.0.0.1", 9000)
                sys.wait(200)
                socket.close(c)
                sys.wait(200)
                log.info("discon", socket.discon(b))
                log.info("state", socket.state(b))
                sys.wait(500)
                log.info("state", socket.state(b))
                log.info("listen", socket.listen(b))
                socket.release(a)
                log.info("released", select("#", socket.listen(a)), select("#", socket.accept(a)))
            end)
        `, { firmwareLogs: true });
        await device.run("3s");
        const log = device.log.map(l => l.text).filter(l => /^[IE]\/(user|socket|posix_net)/.test(l));
        expect(log).toEqual([
            "E/socket 目标适配器不支持1对多客户端连接模式",
            "I/user.multi false false",
            "I/user.state 0 硬件离线",
            "I/posix_net socket[0] 开始监听端口 9000",
            "I/user.single true false",
            "E/socket listen fail -1 adapter 17 port 9000",
            "I/user.busy false false",
            "E/posix_net socket[1] bind port 9000 failed",
            "E/socket listen fail -1 adapter 17 port 9000",
            "I/user.bound false false",
            "I/user.state 1 离线",
            "I/user.accept true nil 0.0.0.0 0",
            "I/user.discon true true",
            "I/user.state 1 离线",
            "I/posix_net socket[2] 开始监听端口 9000",
            "I/user.now free true false",
            "I/posix_net socket[3] connect to 127.0.0.1:9000 TCP",
            "I/posix_net socket[2] 收到新的客户端连接",
            "I/user.b ON_LINE 0",
            "I/user.c ON_LINE 0",
            "I/user.b EVENT -1",
            // The client left; discon still reports CLOSED 0 (the adapter posts CLOSE_OK itself).
            "I/user.discon true false",
            "I/user.state 7 正在离线",
            "I/user.b CLOSED 0",
            "I/user.state 1 离线",
            "I/posix_net socket[4] 开始监听端口 9000",
            "I/user.listen true false",
            "I/user.released 0 0",
        ]);
        device.dispose();
    });

    it("socket.close of a server whose client left: a stale EVENT -1 unless a new socket came first", async () => {
        const device = currentDevice(`${LOGGING_CTRL}
            sys.taskInit(function()
                local srv = ctrlFor("srv")
                socket.config(srv, 5000)
                socket.listen(srv)
                sys.wait(1000)
                socket.close(srv)
                log.info("closed", socket.state(srv))
                sys.wait(100)
                log.info("listen", socket.listen(srv))
                sys.wait(1000)
                socket.close(srv)
                log.info("listen", socket.listen(srv))
                sys.wait(1000)
                log.info("state", socket.state(srv))
            end)
        `);
        const vnet = device.virtualNetwork!;
        device.clock.after(200, () => {
            const one = vnet.connectToDevice(5000, client().handlers);
            device.clock.after(300, () => one.close());
        });
        device.clock.after(1300, () => {
            const two = vnet.connectToDevice(5000, client().handlers);
            device.clock.after(300, () => two.close());
        });
        await device.run("5s");
        expect(lines(device)).toEqual([
            "I/user.srv ON_LINE 0",
            "I/user.srv EVENT -1",
            "I/user.closed 5 在线",
            "I/user.srv EVENT -1",
            "I/user.listen true false",
            "I/user.srv ON_LINE 0",
            "I/user.srv EVENT -1",
            // Listening again at once: the old socket's CLOSE_OK no longer matches the ctrl (the firmware prints "cb ctrl invaild").
            "I/user.listen true false",
            "I/user.state 6 在监听",
        ]);
        device.dispose();
    });

    it("a UDP ctrl (no socket.config) listens on a free port and accepts TCP: EVENT 0 for data that rx/read never find; tx works", async () => {
        const device = currentDevice(`${LOGGING_CTRL}
            sys.taskInit(function()
                local any = ctrlFor("any")
                log.info("listen", socket.listen(any))
                local srv = ctrlFor("srv")
                socket.config(srv, 4000, true)
                log.info("listen", socket.listen(srv))
                sys.waitUntil("srv", 5000)
                sys.waitUntil("srv", 5000)
                log.info("rx", socket.rx(srv))
                log.info("read", socket.read(srv))
                log.info("tx", socket.tx(srv, "back"))
                sys.wait(500)
            end)
        `, { firmwareLogs: true });
        const vnet = device.virtualNetwork!;
        const peer = client();
        device.clock.after(500, () => vnet.connectToDevice(4000, peer.handlers).send(new TextEncoder().encode("data")));
        await device.run("3s");
        expect(device.log.map(l => l.text).filter(l => /^I\/(user|posix_net)/.test(l))).toEqual([
            "I/posix_net socket[0] 开始监听端口 0",
            "I/user.listen true false",
            "I/posix_net socket[1] 开始监听端口 4000",
            "I/user.listen true false",
            "I/posix_net socket[1] 收到新的客户端连接",
            "I/user.srv ON_LINE 0",
            "I/user.srv EVENT 0",
            "I/user.rx true 0",
            "I/user.read true ",
            "I/user.tx true false false",
            "I/user.srv TX_OK 0",
        ]);
        expect(peer.state.got).toEqual(["back"]);
        device.dispose();
    });

    it("task-name and NWCTRL* ctrls get the same server events", async () => {
        const device = currentDevice(`${EVENT_NAMES}
            sys.taskInitEx(function()
                local srv = socket.create(nil, "server")
                socket.config(srv, 6000)
                socket.listen(srv)
                for _ = 1, 2 do
                    local m = sys.waitMsg("server", nil, 5000)
                    log.info("msg", names[m[1]], m[2])
                end
                log.info("read", socket.read(srv))
                local pub = socket.create()
                socket.config(pub, 6001)
                socket.listen(pub)
                sys.subscribe("NWCTRL*", function(adapter, id, ev, p) log.info("pub", adapter, id, names[ev], p) end)
            end, "server")
        `);
        const vnet = device.virtualNetwork!;
        device.clock.after(500, () => vnet.connectToDevice(6000, client().handlers).send(new TextEncoder().encode("task")));
        device.clock.after(1000, () => vnet.connectToDevice(6001, client().handlers));
        await device.run("3s");
        expect(lines(device)).toEqual(["I/user.msg ON_LINE 0", "I/user.msg EVENT 0", "I/user.read true task", "I/user.pub 17 1 ON_LINE 0"]);
        device.dispose();
    });
});

describe("scenario clients", () => {
    it("a JSON scenario's clients dial the listening device at their times, send, and close; one comes too early and is refused", async () => {
        const device = currentDevice(`${LOGGING_CTRL}
            sys.taskInit(function()
                local srv = ctrlFor("srv")
                socket.config(srv, 8080)
                sys.wait(1000)
                socket.listen(srv)
                sys.waitUntil("srv", 5000)
                log.info("accept", socket.accept(srv))
                sys.waitUntil("srv", 5000)
                log.info("read", socket.read(srv))
                socket.tx(srv, "hello " .. "client")
                sys.waitUntil("srv", 5000)
                sys.waitUntil("srv", 5000)
                log.info("state", socket.state(srv))
            end)
        `);
        const scenario = parseScenario(
            {
                clients: [
                    { port: 8080, at: "500ms" },
                    { port: 8080, at: "2s", send: "GET /\n", closeAfter: "1s", from: "10.0.0.9" },
                ],
            },
            "clients.json",
        );
        const applied = await applyScenario(scenario, device.virtualNetwork!, device);
        await device.run("5s");
        expect(lines(device)).toEqual([
            "I/user.srv ON_LINE 0",
            // The client's port: the network's next ephemeral port.
            "I/user.accept true nil 10.0.0.9 49154",
            "I/user.srv EVENT 0",
            "I/user.read true GET /",
            "I/user.srv TX_OK 0",
            "I/user.srv EVENT -1",
            "I/user.state 5 在线",
        ]);
        expect(applied.clients.map(c => ({ connected: c.connected, received: c.received, closed: c.closed }))).toEqual([
            { connected: false, received: [], closed: "refused" },
            { connected: true, received: ["hello client"], closed: "local-close" },
        ]);
        device.dispose();
    });
});

describe("socket.listen on the host network", () => {
    it("a real TCP client on this machine reaches the device's port: data both ways, accept names it, its close is EVENT -1", async () => {
        const port = await new Promise<number>(resolve => {
            const probe = net.createServer().listen(0, "127.0.0.1", () => {
                const { port } = probe.address() as net.AddressInfo;
                probe.close(() => resolve(port));
            });
        });
        const device = currentDevice(`${LOGGING_CTRL}
            sys.taskInit(function()
                local srv = ctrlFor("srv")
                socket.config(srv, ${port})
                log.info("listen", socket.listen(srv))
                sys.waitUntil("srv", 10000)
                local ok, none, ip, p = socket.accept(srv)
                log.info("accept", ok, none, ip, p > 0)
                sys.waitUntil("srv", 10000)
                log.info("read", socket.read(srv))
                socket.tx(srv, "pong")
                sys.waitUntil("srv", 10000)
                sys.waitUntil("srv", 10000)
                log.info("state", socket.state(srv), socket.read(srv))
                os.exit(0)
            end)
        `, { network: scheduler => new HostNetwork(scheduler), clock: "wall" });
        const running = device.run(20_000, { until: { log: "[sim] os.exit" } });
        const received = await new Promise<string>((resolve, reject) => {
            const attempt = () => {
                const socket = net.connect(port, "127.0.0.1");
                let got = "";
                socket.on("connect", () => socket.write("ping"));
                socket.on("data", d => {
                    got += d.toString();
                    socket.end();
                });
                socket.on("close", () => resolve(got));
                // The device may not listen yet: try again until it does.
                socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNREFUSED" ? setTimeout(attempt, 20) : reject(error)));
            };
            attempt();
        });
        await running;
        expect(received).toBe("pong");
        expect(lines(device)).toEqual([
            "I/user.listen true false",
            "I/user.srv ON_LINE 0",
            "I/user.accept true nil 127.0.0.1 true",
            "I/user.srv EVENT 0",
            "I/user.read true ping",
            "I/user.srv TX_OK 0",
            "I/user.srv EVENT -1",
            "I/user.state 5 false",
        ]);
        device.dispose();
    });
});
