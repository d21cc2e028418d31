/**
 * The 2021-API firmwares (and libnet) on the real current LuatOS, the PC
 * build luatos-pc run on a folder holding main.lua, netclient-compat.lua and
 * libnet.lua, and on the simulator's current generation with the host
 * network: both must print the lines the 2021 firmware prints. Loopback
 * servers on ephemeral ports are started here.
 *
 * luatos-pc is $LUATOS_PC or the shared binaries folder beside the
 * checkout; without it the tests skip (and fail under CI=true).
 */
import * as dgram from "node:dgram";
import * as net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPAT_FIRMWARES, LIBNET, LIBNET_LISTEN, TSEND, WEB_ANSWER, WEB_REQUEST, socketApiExample } from "./firmwares.js";
import { requireReferenceBinary, runLuatosPc } from "../support/reference-programs.js";
import { currentDevice, currentFolder, removeTemporaryFolders, runToDone, substitute, userLines, type Substitutions } from "./helpers.js";

interface Servers {
    ports: Substitutions;
    /** What each connection to the sink sent, once it closed. */
    sink: string[];
    close(): Promise<void>;
}

const listen = (server: net.Server) =>
    new Promise<number>(resolve => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));

async function startServers(): Promise<Servers> {
    const sockets = new Set<net.Socket>();
    const track = (s: net.Socket) => {
        sockets.add(s);
        s.on("error", () => {});
        s.on("close", () => sockets.delete(s));
    };
    const sink: string[] = [];
    const echo = net.createServer(s => {
        track(s);
        s.on("data", d => s.write(d));
        s.on("end", () => s.end());
    });
    const bye = net.createServer(s => {
        track(s);
        s.end("bye");
    });
    const collector = net.createServer(s => {
        track(s);
        let text = "";
        s.on("data", d => (text += d.toString("utf8")));
        s.on("end", () => {
            sink.push(text);
            s.end();
        });
    });
    const web = net.createServer(s => {
        track(s);
        let request = "";
        s.on("data", d => {
            request += d.toString("utf8");
            if (request === WEB_REQUEST) s.end(WEB_ANSWER);
        });
    });
    const gone = net.createServer();
    const free = net.createServer();
    const udp = dgram.createSocket("udp4");
    udp.on("message", (m, r) => udp.send(m, r.port, r.address));
    const [echoPort, byePort, sinkPort, webPort, refused, freePort] = [await listen(echo), await listen(bye), await listen(collector), await listen(web), await listen(gone), await listen(free)];
    await new Promise<void>(resolve => gone.close(() => resolve()));
    // A free port for the firmware's own server (libnet.listen).
    await new Promise<void>(resolve => free.close(() => resolve()));
    const udpPort = await new Promise<number>(resolve => udp.bind(0, "127.0.0.1", () => resolve(udp.address().port)));
    return {
        ports: { ECHO: echoPort, BYE: byePort, SINK: sinkPort, WEB: webPort, UDP: udpPort, REFUSED: refused, LISTEN: freePort },
        sink,
        async close() {
            for (const s of sockets) s.destroy();
            await Promise.all([echo, bye, collector, web].map(server => new Promise(r => server.close(r))));
            await new Promise<void>(r => udp.close(() => r()));
        },
    };
}

describe("netclient-compat and libnet on luatos-pc and on the simulator (host network)", () => {
    let servers: Servers;
    beforeAll(async () => {
        servers = await startServers();
    });
    afterAll(async () => {
        await servers.close();
        removeTemporaryFolders();
    });

    /** The firmware's folder for today's firmware, with the loopback servers. */
    const folder = (template: string) =>
        currentFolder(
            substitute(template, {
                ...servers.ports,
                HOST: "127.0.0.1",
                COMPAT: 'require("netclient-compat")',
                EXIT: "os.exit(0)",
                // A server whose name does not resolve: the sync fails at once (the PC build's own servers need the internet).
                NTP_SERVER: '"nonexistent.invalid"',
            }),
        );

    const onSimulator = async (dir: string) => {
        const device = currentDevice(dir, { network: "host" });
        try {
            return await runToDone(device, "30s");
        } finally {
            device.dispose();
        }
    };

    const firmwares = { ...COMPAT_FIRMWARES, "the socket-api example (examples/socket-example/handwritten.lua)": socketApiExample(), "libnet: connect/tx/wait/close in a sys.taskInitEx task, refused, peer close": LIBNET, "libnet.listen: a timeout, then a client of the same firmware": LIBNET_LISTEN };
    for (const [name, firmware] of Object.entries(firmwares)) {
        it(name, async ctx => {
            const binary = requireReferenceBinary(ctx, "luatos-pc", "Lua library tests on the real firmware");
            const dir = folder(firmware.main);
            let sinkBefore = servers.sink.length;
            let real = userLines((await runLuatosPc(binary, { folder: dir })).lines);
            // luatos-pc runs on the wall clock: on a loaded machine a wait can end on the other side of an
            // event. A run that differs runs again, up to twice; a real difference differs every time.
            for (let rerun = 0; rerun < 2 && JSON.stringify(real) !== JSON.stringify(firmware.expected); rerun++) {
                sinkBefore = servers.sink.length;
                real = userLines((await runLuatosPc(binary, { folder: folder(firmware.main) })).lines);
            }
            expect(real, "luatos-pc prints the 2021 lines").toEqual(firmware.expected);
            if (firmware === TSEND) expect(servers.sink.slice(sinkBefore)).toEqual(["one-shot"]);
            const simulated = await onSimulator(dir);
            expect(simulated, "the simulator prints what luatos-pc prints").toEqual(real);
            if (firmware === TSEND) expect(servers.sink.slice(sinkBefore)).toEqual(["one-shot", "one-shot"]);
        }, 90_000);
    }
});
