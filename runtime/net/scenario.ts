import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { UserError } from "../../common/user-error.js";
import { isDottedQuad } from "./address.js";
import { parseDuration } from "../duration.js";
import { checkField, FAULT_SCHEMA, isFaultKind, validateFault, type Fault, type FaultHandle } from "./faults.js";
import { echoServer, httpServer, LineCollector, silentServer, udpEchoServer } from "./servers.js";
import { mqttBrokerServer } from "./mqtt-broker.js";
import { websocketServer } from "./websocket-server.js";
import type { TcpListener } from "./tcp.js";
import type { UdpListener } from "./udp.js";
import type { VirtualNetwork } from "./virtual-network.js";
import type { DeviceClock } from "../clock.js";
import type { VirtualPeripherals } from "../peripherals.js";
import { applyWifiScenario, parseWifiScenario, type WifiScenario } from "../wifi-scenario.js";

/** The ready-made servers a scenario file can start. */
export const SERVER_TYPES = ["echo", "line-collector", "silent", "refuse", "udp-echo", "http", "mqtt-broker", "websocket"] as const;
export type ServerType = (typeof SERVER_TYPES)[number];

/** A server in a scenario file. */
export interface ServerSpec {
    type: ServerType;
    /** Host name, dotted quad, or "*" (every address). */
    host: string;
    port: number;
    /** line-collector: answer each line with this (plus "\n"). */
    reply?: string;
    /** line-collector: greet each connection with this (plus "\n"). */
    banner?: string;
    /** http: the answer for each path (the request target without its query); other paths get 404. */
    routes?: Record<string, HttpRoute>;
}

/** An http server's answer for one path. */
export interface HttpRoute {
    /** Default 200. */
    status?: number;
    body?: string;
    headers?: Record<string, string>;
}

/** A client in the network that dials one of the device's listening ports (socket.listen). */
export interface ClientSpec {
    /** The device's port. */
    port: number;
    /** Device time of the connect, ms. */
    atMs: number;
    /** Sent once connected (text as UTF-8). */
    send?: string;
    /** Close this long after connecting, ms; absent: stay connected. */
    closeAfterMs?: number;
    /** The client's address; default 10.0.0.2. */
    from?: string;
}

/** Settings of the virtual network a scenario file may change. */
export interface NetworkSpec {
    ip?: string;
    latencyMs?: number;
    jitterMs?: number;
    ntpEpochMs?: number;
}

/** A scenario read from a JSON file, fully validated. */
export interface JsonScenario {
    kind: "json";
    file: string;
    /** Seed to use when the command line gives none. */
    seed?: number;
    network: NetworkSpec;
    dns: Record<string, string>;
    servers: ServerSpec[];
    /** Clients that dial the device. */
    clients: ClientSpec[];
    faults: Fault[];
    /** Access points in range and their changes (runtime/wifi-scenario.ts). */
    wifi?: WifiScenario;
}

/** A scenario module: a function that sets up the network itself. */
export interface ModuleScenario {
    kind: "module";
    file: string;
    seed?: number;
    setup: (net: VirtualNetwork) => unknown;
}

export type Scenario = JsonScenario | ModuleScenario;

/** A server started by {@link applyScenario}. */
export interface StartedServer {
    spec: ServerSpec;
    listener: TcpListener | UdpListener;
    /** For line-collector servers: the lines received. */
    collector?: LineCollector;
}

/** A client started by {@link applyScenario}: what it got, once it ran. */
export interface StartedClient {
    spec: ClientSpec;
    connected: boolean;
    /** Text received from the device, piece by piece. */
    received: string[];
    /** How it ended ("refused" when the device did not listen there), while it has. */
    closed?: string;
}

/** What {@link applyScenario} set up. */
export interface AppliedScenario {
    servers: StartedServer[];
    clients: StartedClient[];
    faults: FaultHandle[];
}

const MODULE_EXTENSIONS = [".js", ".mjs", ".ts", ".mts"];
const TOP_KEYS = ["description", "seed", "network", "dns", "servers", "clients", "faults", "wifi"];
const CLIENT_KEYS = ["port", "at", "send", "closeAfter", "from"];
const NETWORK_KEYS = ["ip", "latency", "jitter", "ntpEpoch"];
const SERVER_KEYS: Record<ServerType, string[]> = {
    echo: [],
    "line-collector": ["reply", "banner"],
    silent: [],
    refuse: [],
    "udp-echo": [],
    http: ["routes"],
    "mqtt-broker": [],
    websocket: [],
};

/**
 * Read and validate a scenario: a `.json` file (format in README.md in this
 * folder), or a `.js`/`.mjs`/`.ts`/`.mts` module whose default export (or
 * export `setup`) is a function receiving the {@link VirtualNetwork}; it may
 * also export `seed`. Every mistake is a UserError naming the file and field.
 */
export async function loadScenario(file: string): Promise<Scenario> {
    const resolved = path.resolve(file);
    if (!fs.existsSync(resolved)) throw new UserError(`scenario file ${file} does not exist`);
    if (!fs.statSync(resolved).isFile()) throw new UserError(`scenario file ${file} is not a file`);
    const extension = path.extname(resolved).toLowerCase();
    if (MODULE_EXTENSIONS.includes(extension)) return loadModule(file, resolved);
    if (extension !== ".json") throw new UserError(`scenario file ${file}: expected a .json file or a .js/.mjs/.ts/.mts module`);
    let data: unknown;
    try {
        data = JSON.parse(fs.readFileSync(resolved, "utf8"));
    } catch (error) {
        throw new UserError(`scenario file ${file} is not valid JSON: ${(error as Error).message}`);
    }
    return parseScenario(data, file);
}

async function loadModule(file: string, resolved: string): Promise<ModuleScenario> {
    let module: Record<string, unknown>;
    try {
        const url = pathToFileURL(resolved).href;
        // Running from compiled JavaScript (dist/), nothing loads TypeScript: a .ts scenario goes through tsx.
        const compiled = import.meta.url.endsWith(".js");
        module = (compiled && /\.m?ts$/i.test(resolved) ? await (await import("tsx/esm/api")).tsImport(url, import.meta.url) : await import(url)) as Record<string, unknown>;
    } catch (error) {
        throw new UserError(`scenario module ${file} could not be loaded: ${(error as Error).message}`);
    }
    // A module loaded as CommonJS (a .ts file outside an ES-module package) may have its exports under `default` only.
    const inner = module.default;
    if (typeof inner !== "function" && typeof module.setup !== "function" && inner !== null && typeof inner === "object") module = inner as Record<string, unknown>;
    const setup = typeof module.default === "function" ? module.default : (module.setup ?? module.default);
    if (typeof setup !== "function") {
        throw new UserError(`scenario module ${file} must export a function (default export or "setup") that receives the virtual network`);
    }
    const seed = module.seed;
    if (seed !== undefined && !Number.isInteger(seed)) throw new UserError(`scenario module ${file}: export "seed" must be an integer`);
    return { kind: "module", file, seed: seed as number | undefined, setup: setup as ModuleScenario["setup"] };
}

/** Validate scenario data read from `file` (exported for tests and other front ends). */
export function parseScenario(data: unknown, file: string): JsonScenario {
    const fail = (where: string, message: string): never => {
        throw new UserError(`scenario file ${file}: ${where}${where ? ": " : ""}${message}`);
    };
    const top = object(data, "", fail);
    checkKeys(top, TOP_KEYS, "", fail);
    const scenario: JsonScenario = { kind: "json", file, network: {}, dns: {}, servers: [], clients: [], faults: [] };

    if (top.description !== undefined && typeof top.description !== "string") fail("description", "must be a string");
    if (top.seed !== undefined) {
        if (!Number.isInteger(top.seed)) fail("seed", "must be an integer");
        scenario.seed = top.seed as number;
    }

    if (top.network !== undefined) {
        const network = object(top.network, "network", fail);
        checkKeys(network, NETWORK_KEYS, "network", fail);
        if (network.ip !== undefined) {
            if (typeof network.ip !== "string" || !isDottedQuad(network.ip)) fail("network.ip", "must be an IPv4 address like 192.168.1.100");
            scenario.network.ip = network.ip as string;
        }
        if (network.latency !== undefined) scenario.network.latencyMs = duration(network.latency, "network.latency", fail);
        if (network.jitter !== undefined) scenario.network.jitterMs = duration(network.jitter, "network.jitter", fail);
        if (network.ntpEpoch !== undefined) {
            const epoch = typeof network.ntpEpoch === "number" ? network.ntpEpoch : typeof network.ntpEpoch === "string" ? Date.parse(network.ntpEpoch) : NaN;
            if (!Number.isFinite(epoch)) fail("network.ntpEpoch", 'must be a date like "2024-01-01T00:00:00Z" or epoch milliseconds');
            scenario.network.ntpEpochMs = epoch;
        }
    }

    if (top.dns !== undefined) {
        const table = object(top.dns, "dns", fail);
        for (const [name, ip] of Object.entries(table)) {
            if (name === "" || isDottedQuad(name)) fail(`dns.${name}`, "the key must be a host name");
            if (typeof ip !== "string" || !isDottedQuad(ip)) fail(`dns.${name}`, "must be an IPv4 address like 10.0.0.5");
            scenario.dns[name] = ip as string;
        }
    }

    if (top.servers !== undefined) {
        if (!Array.isArray(top.servers)) fail("servers", "must be a list");
        (top.servers as unknown[]).forEach((entry, index) => scenario.servers.push(parseServer(entry, `servers[${index}]`, fail)));
    }

    if (top.clients !== undefined) {
        if (!Array.isArray(top.clients)) fail("clients", "must be a list");
        (top.clients as unknown[]).forEach((entry, index) => scenario.clients.push(parseClient(entry, `clients[${index}]`, fail)));
    }

    if (top.faults !== undefined) {
        if (!Array.isArray(top.faults)) fail("faults", "must be a list");
        (top.faults as unknown[]).forEach((entry, index) => scenario.faults.push(parseFault(entry, `faults[${index}]`, fail)));
    }

    if (top.wifi !== undefined) scenario.wifi = parseWifiScenario(top.wifi, (value, where) => duration(value, where, fail), fail);
    return scenario;
}

type Fail = (where: string, message: string) => never;

function object(value: unknown, where: string, fail: Fail): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) fail(where, "must be an object");
    return value as Record<string, unknown>;
}

/** Unknown keys are mistakes (a typo would otherwise silently do nothing); keys starting with "//" are comments. */
function checkKeys(value: Record<string, unknown>, allowed: readonly string[], where: string, fail: Fail): void {
    for (const key of Object.keys(value)) {
        if (key.startsWith("//") || allowed.includes(key)) continue;
        fail(where, `unknown option "${key}" (expected ${allowed.map((k) => `"${k}"`).join(", ") || "none"})`);
    }
}

/** A duration string read like the CLI's ("500ms", "10s", "5m", "24h"), or a number of ms. */
function duration(value: unknown, where: string, fail: Fail): number {
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
    if (typeof value === "string") {
        try {
            return parseDuration(value);
        } catch (error) {
            if (!(error instanceof UserError)) throw error;
        }
    }
    return fail(where, `${JSON.stringify(value)} is not a duration (like "500ms", "10s", "5m", "24h")`);
}

function parseServer(entry: unknown, where: string, fail: Fail): ServerSpec {
    const value = object(entry, where, fail);
    const type = value.type;
    if (!SERVER_TYPES.includes(type as ServerType)) {
        fail(`${where}.type`, `must be one of ${SERVER_TYPES.map((t) => `"${t}"`).join(", ")}`);
    }
    checkKeys(value, ["type", "host", "port", ...SERVER_KEYS[type as ServerType]], where, fail);
    if (typeof value.host !== "string" || value.host === "") fail(`${where}.host`, 'must be a host name, an IPv4 address or "*"');
    const portProblem = checkField("port", value.port);
    if (portProblem) fail(`${where}.port`, portProblem);
    for (const key of ["reply", "banner"]) {
        if (value[key] !== undefined && typeof value[key] !== "string") fail(`${where}.${key}`, "must be a string");
    }
    if (value.routes !== undefined) {
        for (const [route, answer] of Object.entries(object(value.routes, `${where}.routes`, fail))) {
            const at = `${where}.routes["${route}"]`;
            const fields = object(answer, at, fail);
            checkKeys(fields, ["status", "body", "headers"], at, fail);
            const status = fields.status;
            if (status !== undefined && (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599)) fail(`${at}.status`, "must be an HTTP status from 100 to 599");
            if (fields.body !== undefined && typeof fields.body !== "string") fail(`${at}.body`, "must be a string");
            if (fields.headers !== undefined && Object.values(object(fields.headers, `${at}.headers`, fail)).some((v) => typeof v !== "string")) {
                fail(`${at}.headers`, "must map header names to strings");
            }
        }
    }
    return { ...(value as unknown as ServerSpec) };
}

function parseClient(entry: unknown, where: string, fail: Fail): ClientSpec {
    const value = object(entry, where, fail);
    checkKeys(value, CLIENT_KEYS, where, fail);
    const portProblem = checkField("port", value.port);
    if (portProblem) fail(`${where}.port`, portProblem);
    const spec: ClientSpec = { port: value.port as number, atMs: value.at === undefined ? 0 : duration(value.at, `${where}.at`, fail) };
    if (value.send !== undefined) {
        if (typeof value.send !== "string") fail(`${where}.send`, "must be a string");
        spec.send = value.send as string;
    }
    if (value.closeAfter !== undefined) spec.closeAfterMs = duration(value.closeAfter, `${where}.closeAfter`, fail);
    if (value.from !== undefined) {
        if (typeof value.from !== "string" || !isDottedQuad(value.from)) fail(`${where}.from`, "must be an IPv4 address like 10.0.0.9");
        spec.from = value.from as string;
    }
    return spec;
}

function parseFault(entry: unknown, where: string, fail: Fail): Fault {
    const value = object(entry, where, fail);
    const kind = value.kind;
    if (!isFaultKind(kind)) fail(`${where}.kind`, `must be one of ${Object.keys(FAULT_SCHEMA).map((k) => `"${k}"`).join(", ")}`);
    const schema = FAULT_SCHEMA[kind as Fault["kind"]];
    const instant = "at" in schema.fields;
    // "at" starts a window for kinds without instants; "for" gives its length.
    const allowed = ["kind", ...Object.keys(schema.fields), ...(instant ? [] : ["at"]), "for"];
    checkKeys(value, allowed, where, fail);
    const fault: Record<string, unknown> = { kind };
    for (const [key, raw] of Object.entries(value)) {
        if (key === "kind" || key === "for" || key.startsWith("//")) continue;
        const field = !instant && key === "at" ? "from" : key;
        const type = schema.fields[field];
        if (type === "time" || type === "duration") {
            fault[field] = duration(raw, `${where}.${key}`, fail);
        } else {
            const problem = checkField(type, raw);
            if (problem) fail(`${where}.${key}`, problem);
            fault[field] = raw;
        }
    }
    if (!instant && value.at !== undefined && value.from !== undefined) fail(where, 'give "at" or "from", not both');
    if (value.for !== undefined) {
        if (value.until !== undefined) fail(where, 'give "for" or "until", not both');
        if (instant && value.at !== undefined) fail(where, '"for" needs a window ("from"), not an instant ("at")');
        fault.until = ((fault.from as number | undefined) ?? 0) + duration(value.for, `${where}.for`, fail);
    }
    try {
        return validateFault(fault as unknown as Fault);
    } catch (error) {
        if (error instanceof RangeError) fail(where, error.message);
        throw error;
    }
}

/**
 * Set the scenario up on `net`: network settings, DNS entries, servers and
 * faults (JSON), or run the module's function; the `wifi` section goes to
 * `device`'s peripherals and the `clients` are scheduled on its clock (both
 * ignored without one). Throws UserError (naming the
 * file) when a server cannot listen, e.g. two on the same address and port.
 */
export async function applyScenario(
    scenario: Scenario,
    net: VirtualNetwork,
    device?: { peripherals: VirtualPeripherals; clock: DeviceClock },
): Promise<AppliedScenario> {
    const applied: AppliedScenario = { servers: [], clients: [], faults: [] };
    if (scenario.kind === "module") {
        try {
            await scenario.setup(net);
        } catch (error) {
            if (error instanceof UserError) throw error;
            throw new UserError(`scenario module ${scenario.file} failed: ${(error as Error)?.message ?? String(error)}`);
        }
        return applied;
    }
    const { network } = scenario;
    if (network.ip !== undefined) net.setAddress(network.ip);
    if (network.latencyMs !== undefined) net.latencyMs = network.latencyMs;
    if (network.jitterMs !== undefined) net.jitterMs = network.jitterMs;
    if (network.ntpEpochMs !== undefined) net.ntpClock.epochAtBootMs = network.ntpEpochMs;
    for (const [name, ip] of Object.entries(scenario.dns)) net.dns.set(name, ip);
    scenario.servers.forEach((spec, index) => {
        try {
            applied.servers.push(startServer(spec, net));
        } catch (error) {
            if (error instanceof RangeError) throw new UserError(`scenario file ${scenario.file}: servers[${index}]: ${error.message}`);
            throw error;
        }
    });
    for (const fault of scenario.faults) applied.faults.push(net.addFault(fault));
    if (device !== undefined) for (const spec of scenario.clients) applied.clients.push(startClient(spec, net, device.clock));
    if (scenario.wifi !== undefined && device !== undefined) applyWifiScenario(scenario.wifi, device.peripherals, device.clock);
    return applied;
}

/** At its time the client dials the device (net.connectToDevice), sends its text and closes when told. */
function startClient(spec: ClientSpec, net: VirtualNetwork, clock: DeviceClock): StartedClient {
    const client: StartedClient = { spec, connected: false, received: [] };
    clock.at(spec.atMs, () => {
        const stream = net.connectToDevice(
            spec.port,
            {
                onConnect: () => {
                    client.connected = true;
                    if (spec.send !== undefined) stream.send(new TextEncoder().encode(spec.send));
                    if (spec.closeAfterMs !== undefined) clock.after(spec.closeAfterMs, () => stream.close());
                },
                onData: (data) => void client.received.push(new TextDecoder().decode(data)),
                onClose: (reason) => void (client.closed = reason),
            },
            { ip: spec.from },
        );
    });
    return client;
}

function startServer(spec: ServerSpec, net: VirtualNetwork): StartedServer {
    switch (spec.type) {
        case "echo":
            return { spec, listener: net.listenTcp(spec.host, spec.port, echoServer()) };
        case "silent":
            return { spec, listener: net.listenTcp(spec.host, spec.port, silentServer()) };
        case "refuse": {
            const listener = net.listenTcp(spec.host, spec.port, () => undefined);
            listener.refusing = true;
            return { spec, listener };
        }
        case "line-collector": {
            const collector = new LineCollector(() => net.now(), { reply: spec.reply, banner: spec.banner });
            return { spec, listener: net.listenTcp(spec.host, spec.port, collector.handler), collector };
        }
        case "udp-echo":
            return { spec, listener: net.listenUdp(spec.host, spec.port, udpEchoServer()) };
        case "http": {
            const routes = spec.routes ?? {};
            const handler = httpServer((request) => routes[request.target.split("?")[0]!] ?? { status: 404, body: "not found" });
            return { spec, listener: net.listenTcp(spec.host, spec.port, handler) };
        }
        case "mqtt-broker":
            return { spec, listener: net.listenTcp(spec.host, spec.port, mqttBrokerServer()) };
        case "websocket":
            return { spec, listener: net.listenTcp(spec.host, spec.port, websocketServer()) };
    }
}
