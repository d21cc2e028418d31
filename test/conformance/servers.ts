/**
 * Loopback servers a conformance case asks for (its `-- servers:` header).
 * Every run gets its own set on ephemeral ports of 127.0.0.1; the case reads
 * the ports from the generated `conf.lua` module, so the same Lua runs
 * against the firmware and against the simulator.
 */
import * as dgram from "node:dgram";
import * as http from "node:http";
import * as net from "node:net";
import { sntpReply } from "../../runtime/net/sntp.js";
import { MqttBroker } from "../../runtime/net/mqtt-broker.js";
import { websocketServer } from "../../runtime/net/websocket-server.js";

/** What each server does with a connection. */
export const SERVER_KINDS = {
    /** TCP: sends back every byte it receives. */
    "tcp-echo": "echoes what it receives",
    /** TCP: a port where nothing listens (connect is refused). */
    "tcp-refuse": "refuses connections",
    /** TCP: a free port of 127.0.0.1 for the device to listen on (socket.listen); nothing runs there. */
    "listen-port": "a free port for the device's own server",
    /** TCP: sends "hello" and closes. */
    "tcp-greet": "sends hello then closes",
    /** TCP: sends 5000 bytes ("0123456789" repeated) at once, then closes 300 ms later. */
    "tcp-burst": "sends 5000 bytes then closes",
    /** TCP: accepts and never answers nor closes. */
    "tcp-silent": "accepts and stays silent",
    /** TCP: answers each received chunk with "got <n>" (how the device's writes arrived). */
    "tcp-count": "answers each received piece with its length",
    /** TCP: closes as soon as it accepted. */
    "tcp-close": "closes at once",
    /** UDP: sends every datagram back. */
    "udp-echo": "echoes datagrams",
    /** UDP: answers each datagram with "got <n>". */
    "udp-count": "answers each datagram with its length",
    /** NTP on port 123 of its own 127.0.0.x address; answers with 2021-03-24 00:00:00 UTC. */
    ntp: "answers SNTP with 2021-03-24T00:00:00Z",
    /** HTTP/1.1 with the routes of {@link httpRoute}. */
    http: "HTTP: /hello /json /chunked /echo /status/N /slow /redirect /nolength /truncated /big",
    /** TCP: an MQTT 3.1.1 broker (runtime/net/mqtt-broker.ts); a publish to "broker/kick" drops the publisher. */
    "mqtt-broker": "an MQTT 3.1.1 broker",
    /** WebSocket: runtime/net/websocket-server.ts, its behaviour chosen by the path (/echo /sink /close /ping /drop /reject). */
    "ws-echo": "WebSocket: /echo /sink /close /ping /drop /reject",
} as const;

export type ServerKind = keyof typeof SERVER_KINDS;

/** The time the NTP server reports (epoch ms). */
export const NTP_EPOCH_MS = Date.UTC(2021, 2, 24, 0, 0, 0);

/** Running servers: `ports` by kind (for ntp, the last byte of its 127.0.0.x address). */
export interface ServerSet {
    ports: Partial<Record<ServerKind, number>>;
    /** IPv4 address of the NTP server, when one runs. */
    ntpAddress?: string;
    close(): Promise<void>;
}

/** Loopback addresses the NTP servers take turns on (127.0.1.2 to 127.0.250.251). */
const NTP_ADDRESSES = 250 * 250;
let ntpNext = Math.floor(Math.random() * NTP_ADDRESSES);

function listenTcp(onSocket: (socket: net.Socket) => void): Promise<net.Server> {
    const server = net.createServer(socket => {
        socket.on("error", () => undefined);
        onSocket(socket);
    });
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve(server));
    });
}

function bindUdp(address: string, port: number, onMessage: (socket: dgram.Socket, msg: Buffer, rinfo: dgram.RemoteInfo) => void): Promise<dgram.Socket> {
    const socket = dgram.createSocket("udp4");
    socket.on("message", (msg, rinfo) => onMessage(socket, msg, rinfo));
    return new Promise((resolve, reject) => {
        socket.once("error", error => {
            socket.close();
            reject(error);
        });
        socket.bind(port, address, () => resolve(socket));
    });
}

/**
 * Binds an SNTP server on port 123 (fixed by the firmware) of a loopback
 * address of its own. Test files run in parallel processes, and other runs
 * may share the machine, so each process starts at a random address of
 * 127.0.1.0/24-127.0.250.0/24 and moves on while an address is taken.
 */
async function bindNtp(): Promise<{ address: string; socket: dgram.Socket }> {
    for (let attempt = 0; ; attempt++) {
        ntpNext = (ntpNext + 1) % NTP_ADDRESSES;
        const address = `127.0.${1 + Math.floor(ntpNext / 250)}.${2 + (ntpNext % 250)}`;
        try {
            const socket = await bindUdp(address, 123, (sock, _msg, rinfo) => sock.send(sntpReply(NTP_EPOCH_MS), rinfo.port, rinfo.address));
            return { address, socket };
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt >= 50) throw error;
        }
    }
}

/**
 * The HTTP test server's routes, deterministic (no Date header) so outputs compare:
 * `/hello` text with Content-Length, `/json` a JSON object, `/chunked` three
 * chunks, `/echo` (any query) the request's method, target, headers (lowercased, sorted)
 * and body as JSON, `/status/N` status N with a short body, `/slow` never
 * answers, `/redirect` a 302 to /hello, `/nolength` a body ended by closing the
 * connection (sent in two writes), `/truncated` 10 of 100 announced
 * bytes then the close, `/big` 20000 bytes with Content-Length.
 */
function httpRoute(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    res.sendDate = false;
    const url = req.url ?? "/";
    const send = (status: number, type: string, text: string | Buffer, extra: Record<string, string> = {}) => {
        const data = typeof text === "string" ? Buffer.from(text) : text;
        res.writeHead(status, { "Content-Type": type, "Content-Length": String(data.length), ...extra });
        res.end(data);
    };
    if (url === "/hello") send(200, "text/plain", "hello world", { "X-Spaced": "a b c", "X-Empty-Ish": "v" });
    else if (url === "/json") send(200, "application/json", JSON.stringify({ name: "luatos", n: 42, ok: true }));
    else if (url === "/chunked") {
        res.writeHead(200, { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" });
        res.write("first,");
        res.write("second,");
        res.end("third");
    } else if (url.split("?")[0] === "/echo") {
        const headers = Object.fromEntries(Object.entries(req.headers).sort(([a], [b]) => (a < b ? -1 : 1)));
        send(200, "application/json", JSON.stringify({ method: req.method, url, headers, body: body.toString("latin1") }));
    } else if (url.startsWith("/status/")) send(Number(url.slice(8)) || 500, "text/plain", `status ${url.slice(8)}`);
    else if (url === "/slow") return;
    else if (url === "/redirect") send(302, "text/plain", "moved", { Location: "/hello" });
    else if (url === "/nolength") {
        // Raw on the socket: Node's response would pick chunked encoding for a body without a length.
        const socket = req.socket;
        socket.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\npart one,");
        setTimeout(() => socket.end("part two"), 300);
    } else if (url === "/truncated") {
        const socket = req.socket;
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b");
        setTimeout(() => socket.end(), 100);
    } else if (url === "/big") send(200, "application/octet-stream", Buffer.from("0123456789".repeat(2000)));
    else send(404, "text/plain", "not found");
}

function listenHttp(track: (socket: net.Socket) => void): Promise<net.Server> {
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (d: Buffer) => chunks.push(d));
        req.on("end", () => httpRoute(req, Buffer.concat(chunks), res));
    });
    server.on("connection", socket => {
        socket.on("error", () => undefined);
        track(socket);
    });
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve(server));
    });
}

/** Starts the servers a case names. NTP needs permission to bind port 123 (it throws otherwise). */
export async function startServers(kinds: readonly ServerKind[]): Promise<ServerSet> {
    const tcp: net.Server[] = [];
    const udp: dgram.Socket[] = [];
    const ports: ServerSet["ports"] = {};
    let ntpAddress: string | undefined;
    const sockets = new Set<net.Socket>();
    const track = (socket: net.Socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    };
    for (const kind of kinds) {
        let server: net.Server | undefined;
        switch (kind) {
            case "tcp-echo":
                server = await listenTcp(s => {
                    track(s);
                    s.on("data", d => s.write(d));
                    s.on("end", () => s.end());
                });
                break;
            case "tcp-refuse":
            case "listen-port": {
                const probe = await listenTcp(() => undefined);
                ports[kind] = (probe.address() as net.AddressInfo).port;
                await new Promise(r => probe.close(r));
                continue;
            }
            case "tcp-greet":
                server = await listenTcp(s => {
                    track(s);
                    s.end("hello");
                });
                break;
            case "tcp-burst":
                server = await listenTcp(s => {
                    track(s);
                    s.write(Buffer.from("0123456789".repeat(500)));
                    setTimeout(() => s.end(), 300);
                });
                break;
            case "tcp-silent":
                server = await listenTcp(s => track(s));
                break;
            case "tcp-count":
                server = await listenTcp(s => {
                    track(s);
                    s.on("data", d => s.write(`got ${d.length};`));
                    s.on("end", () => s.end());
                });
                break;
            case "http":
                server = await listenHttp(track);
                break;
            case "ws-echo": {
                const serve = websocketServer();
                server = await listenTcp(s => {
                    track(s);
                    serve({ send: d => s.write(d), close: () => s.end(), onData: fn => s.on("data", d => fn(new Uint8Array(d))) });
                });
                break;
            }
            case "tcp-close":
                server = await listenTcp(s => {
                    track(s);
                    s.end();
                });
                break;
            case "udp-echo":
            case "udp-count": {
                const socket = await bindUdp("127.0.0.1", 0, (sock, msg, rinfo) => {
                    sock.send(kind === "udp-echo" ? msg : Buffer.from(`got ${msg.length}`), rinfo.port, rinfo.address);
                });
                udp.push(socket);
                ports[kind] = socket.address().port;
                continue;
            }
            case "mqtt-broker": {
                const broker = new MqttBroker();
                server = await listenTcp(s => {
                    track(s);
                    const session = broker.accept({ send: d => s.write(d), close: () => s.destroy() });
                    s.on("data", d => session.data(d));
                    s.on("close", () => session.closed());
                });
                break;
            }
            case "ntp": {
                const bound = await bindNtp();
                ntpAddress = bound.address;
                udp.push(bound.socket);
                ports[kind] = 123;
                continue;
            }
        }
        tcp.push(server);
        ports[kind] = (server.address() as net.AddressInfo).port;
    }
    return {
        ports,
        ntpAddress,
        async close() {
            for (const socket of sockets) socket.destroy();
            await Promise.all(tcp.map(s => new Promise(r => s.close(r))));
            for (const socket of udp) socket.close();
        },
    };
}

/** The `conf.lua` module a case requires: its servers' ports and names. */
export function confModule(set: ServerSet): string {
    const fields = Object.entries(set.ports).map(([kind, port]) => `  ["${kind}"] = ${port},`);
    return `-- generated by the conformance harness\nreturn {\n${fields.join("\n")}\n}\n`;
}
