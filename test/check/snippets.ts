/**
 * Firmware snippets for the blocking-call check, shared by the build-time
 * check and the ESLint rules so both are held to the same answers.
 *
 * In the sources, `/*E*\/` marks where an error must be reported and
 * `/*W*\/` where a "cannot verify" warning must be: the finding starts at
 * the first token after the marker. Every finding must be marked and every
 * marker found. A snippet must type-check against types/index.d.ts.
 */

export interface Snippet {
    name: string;
    /** Files by path relative to src/. */
    files: Record<string, string>;
    /** Each must be contained in the message of some finding. */
    messages?: string[];
}

const SOCKET = `const so = socket.tcp()!;\n`;

/** Cases where a waiting call runs outside a task: errors. */
export const errorSnippets: Snippet[] = [
    {
        name: "waits at the top level of main.ts",
        files: {
            "main.ts": `/*E*/sys.wait(100);\nconst [ok] = /*E*/sys.waitUntil("NTP_UPDATE", 1000);\nconst r = /*E*/sys.waitUntilExt("NTP_UPDATE");\nlog.info("t", ok, r);\n`,
        },
        messages: ["sys.wait() blocks, but this code runs at the top level of a module", "sys.waitUntil() blocks", "sys.waitUntilExt() blocks", "sys.taskInit"],
    },
    {
        name: "waits at the top level of another module",
        files: {
            "main.ts": `import "./lib/boot";\n`,
            "lib/boot.ts": `export const ready = true;\n/*E*/sys.wait(10);\n`,
        },
    },
    {
        name: "waits in socket recv, connect and error callbacks",
        files: {
            "main.ts": `${SOCKET}so.on("recv", (id, data) => {\n    /*E*/sys.wait(10);\n    log.info("rx", id, data);\n});\nso.on("connect", function (id, result) {\n    /*E*/sys.waitUntil("NTP_UPDATE", 100);\n});\nso.on("error", id => { /*E*/sys.waitUntilExt("NTP_UPDATE"); });\n`,
        },
        messages: [
            'sys.wait() blocks, but this socket "recv" callback runs on the main thread, not in a task; start a task with sys.taskInit or publish a topic',
            'this socket "connect" callback runs on the main thread',
            'this socket "error" callback',
        ],
    },
    {
        name: "waits in a sys.subscribe callback",
        files: {
            "main.ts": `sys.subscribe("NTP_UPDATE", () => {\n    /*E*/sys.wait(5);\n});\nsys.subscribe("MY_TOPIC", (v: unknown) => { /*E*/sys.waitUntil("OTHER", 5); log.info("v", v); });\n`,
        },
        messages: ['this sys.subscribe("NTP_UPDATE") callback runs on the main thread', 'sys.subscribe("MY_TOPIC") callback'],
    },
    {
        name: "waits in timer callbacks",
        files: {
            "main.ts": `sys.timerStart(() => { /*E*/sys.wait(1); }, 1000);\nsys.timerLoopStart((n: number) => { /*E*/sys.waitUntil("X", n); }, 1000, 5);\n`,
        },
        messages: ["this sys.timerStart callback runs on the main thread", "this sys.timerLoopStart callback"],
    },
    {
        name: "waits in async functions and generators, even when started as a task",
        files: {
            "main.ts": `async function fetchIt() {\n    /*E*/sys.wait(10);\n}\nsys.taskInit(async () => {\n    /*E*/sys.waitUntil("NTP_UPDATE");\n});\nfunction* ticks() {\n    /*E*/sys.wait(1);\n    yield 1;\n}\nconst m = { async run() { /*E*/sys.wait(2); } };\nsys.taskInit(() => { fetchIt(); ticks(); m.run(); });\n`,
        },
        messages: ["this async function is not a task", "returns at once with nil", "this generator is not a task"],
    },
    {
        name: "a helper that waits, called from a callback (and from a task, which is fine)",
        files: {
            "main.ts": `${SOCKET}function connectWithTimeout(): boolean {\n    const [ok] = sys.waitUntil("NETC_END_1", 5000);\n    return ok;\n}\nsys.taskInit(() => { connectWithTimeout(); });\nso.on("recv", () => {\n    if (/*E*/connectWithTimeout()) log.info("a", "b");\n});\n`,
        },
        messages: ['connectWithTimeout() blocks (it calls sys.waitUntil()), but this socket "recv" callback runs on the main thread'],
    },
    {
        name: "a chain of helpers, reported with the chain",
        files: {
            "main.ts": `function inner() { sys.wait(1); }\nfunction middle() { inner(); }\nconst outer = () => { middle(); };\n/*E*/outer();\n`,
        },
        messages: ["outer() blocks (it calls middle() → inner() → sys.wait()), but this code runs at the top level"],
    },
    {
        name: "a named function registered as a callback is reported at the registration",
        files: {
            "main.ts": `${SOCKET}function onRecv(id: number, data: string) {\n    sys.wait(10);\n    log.info("rx", id, data);\n}\nso.on("recv", /*E*/onRecv);\nsys.subscribe("NTP_UPDATE", /*E*/onNtp);\nfunction onNtp() { onRecv(1, ""); }\nsys.timerStart(/*E*/sys.wait, 100, 5);\n`,
        },
        messages: ['onRecv() blocks (it calls sys.wait()), but it is registered here as a socket "recv" callback, which runs on the main thread', 'onNtp() blocks (it calls onRecv() → sys.wait())', "sys.wait() blocks, but it is registered here as a sys.timerStart callback"],
    },
    {
        name: "helpers imported from another module, by name and through a namespace",
        files: {
            "main.ts": `import { waitReady } from "./lib/net";\nimport * as net from "./lib/net";\nsys.subscribe("NTP_UPDATE", () => {\n    /*E*/waitReady();\n    /*E*/net.settle(3);\n});\nsys.taskInit(() => { waitReady(); net.settle(1); });\n`,
            "lib/net.ts": `export function waitReady(): void {\n    sys.waitUntil("NET_READY", 1000);\n}\nexport const settle = (n: number) => { for (let i = 0; i < n; i++) sys.wait(10); };\n`,
        },
        messages: ["waitReady() blocks (it calls sys.waitUntil())", "net.settle() blocks (it calls sys.wait())"],
    },
    {
        name: "pcall of a blocking function in a callback; an immediately invoked function at the top level",
        files: {
            "main.ts": `function step() { sys.wait(1); }\nsys.timerStart(() => { /*E*/pcall(step); }, 10);\n/*E*/(() => { sys.wait(1); })();\nsys.taskInit(() => { pcall(step); pcall(() => sys.wait(1)); });\n`,
        },
        messages: ["pcall(step) blocks (it calls step() → sys.wait())", "this immediately invoked function blocks (it calls sys.wait())"],
    },
    {
        name: "a class method and a constructor that wait",
        files: {
            "main.ts": `class Conn {\n    constructor() { sys.waitUntil("NET_READY"); }\n    open(): void { sys.wait(1); }\n}\nlet c: Conn | undefined;\nsys.subscribe("NTP_UPDATE", () => {\n    c = /*E*/new Conn();\n    /*E*/c.open();\n});\n`,
        },
        messages: ["new Conn() blocks (it calls sys.waitUntil())", "c.open() blocks (it calls sys.wait())"],
    },
    {
        name: "field initialisers that wait, with and without a constructor",
        files: {
            "main.ts": `class Ready { ok = sys.waitUntil("NET_READY", 100); }\nclass Slow { n = 1; constructor() { this.n = 2; } pause = sys.wait(1); }\nclass Boot { static done = /*E*/sys.wait(1); }\nsys.subscribe("NTP_UPDATE", () => { /*E*/new Ready(); /*E*/new Slow(); });\nsys.taskInit(() => { new Ready(); new Slow(); log.info("b", Boot.done); });\n`,
        },
        messages: ["new Ready() blocks (it calls sys.waitUntil())", "new Slow() blocks (it calls sys.wait())"],
    },
    {
        name: "a class field holding a function that waits",
        files: {
            "main.ts": `class Link {\n    settle = () => { sys.wait(5); };\n    run(): void { this.settle(); }\n}\nconst link = new Link();\nsys.taskInit(() => link.run());\nsys.timerStart(() => { /*E*/link.run(); }, 10);\n`,
        },
        messages: ["link.run() blocks (it calls this.settle() → sys.wait())"],
    },
    {
        name: "members and functions declared @blocking",
        files: {
            "main.ts": `import { topic } from "./lib/topic";\n/** Waits on the modem; implemented in Lua. @blocking */\ndeclare function modemSettle(this: void, ms: number): void;\nconst ready = topic("READY");\nsys.subscribe("NTP_UPDATE", () => {\n    /*E*/ready.wait(10);\n    /*E*/modemSettle(5);\n});\nsys.taskInit(() => { ready.wait(10); modemSettle(1); });\n`,
            "lib/topic.ts": `export interface Topic {\n    /** Inside a task only. @blocking */\n    wait(this: void, ms?: number): boolean;\n    /** @blocking */\n    settle: (this: void) => void;\n    name: string;\n}\nexport function topic(name: string): Topic {\n    return {\n        name,\n        wait: ms => { const [ok] = sys.waitUntil(name, ms); return ok; },\n        settle() { sys.wait(1); },\n    };\n}\n`,
        },
        messages: ["ready.wait() blocks (declared @blocking), but this sys.subscribe(\"NTP_UPDATE\") callback", "modemSettle() blocks (declared @blocking)"],
    },
    {
        name: "sys.wait under another name",
        files: {
            "main.ts": `const pause = sys.wait;\n/*E*/pause(5);\n`,
        },
        messages: ["sys.wait() blocks"],
    },
];

/** Correct code: no finding at all. */
export const cleanSnippets: Snippet[] = [
    {
        name: "the demo main.ts",
        files: {
            "main.ts": `PROJECT = "demo";\nVERSION = "1.0.0";\nsys.taskInit(() => {\n    while (true) {\n        sys.wait(1000);\n        log.info("main", "tick", socket.isReady());\n    }\n});\nsys.run();\n`,
        },
    },
    {
        name: "task functions by reference, helpers only called from tasks",
        files: {
            "main.ts": `function settle() { sys.wait(10); }\nfunction connect(): boolean { settle(); const [ok] = sys.waitUntil("NET_READY", 100); return ok; }\nfunction worker(n: number) { while (connect()) { sys.wait(n); } }\nconst other = () => { settle(); };\nsys.taskInit(worker, 100);\nsys.taskInit(other);\nsys.timerStop(worker, 100);\nsys.timerStopAll(other);\n`,
        },
    },
    {
        name: "callbacks that start tasks or publish instead of waiting",
        files: {
            "main.ts": `${SOCKET}so.on("recv", (id, data) => {\n    sys.publish("RX", data);\n    sys.taskInit(() => { sys.wait(10); so.send(data); });\n});\nsys.subscribe("NTP_UPDATE", () => { sys.timerStart(() => log.info("t", "x"), 10); });\nsys.timerLoopStart(() => sys.publish("TICK"), 1000);\nsys.taskInit(() => { const [ok] = sys.waitUntil("RX", 100); log.info("rx", ok); });\n`,
        },
    },
    {
        name: "user functions named like the waiting calls",
        files: {
            "main.ts": `const clock = { wait(ms: number) { return ms; } };\nfunction waitUntil(topic: string) { return topic; }\nclock.wait(1);\nwaitUntil("x");\n`,
        },
    },
    {
        name: "a blocking helper that nothing calls, and an async function that does not wait",
        files: {
            "main.ts": `export function unused() { sys.wait(1); }\nasync function quiet() { return 1; }\nquiet();\n`,
        },
    },
    {
        name: "a module whose exports block, used only from tasks in main.ts",
        files: {
            "main.ts": `import { pump } from "./lib/pump";\nsys.taskInit(pump);\nsys.taskInit(() => pump());\n`,
            "lib/pump.ts": `export function pump(): void { while (true) sys.wait(100); }\n`,
        },
    },
];

/** Blocking functions the analysis cannot follow: warnings only. */
export const unverifiedSnippets: Snippet[] = [
    {
        name: "a blocking function passed to a user's higher-order function",
        files: {
            "main.ts": `function retry(f: () => void) { for (let i = 0; i < 3; i++) f(); }\nfunction pump() { sys.wait(1); }\nsys.taskInit(() => {\n    retry(/*W*/() => sys.wait(1));\n    retry(/*W*/pump);\n});\n`,
        },
        messages: ["this function blocks (it calls sys.wait()) and is passed to retry() here; whether it runs inside a task cannot be checked statically", "pump() blocks (it calls sys.wait()) and is passed to retry() here"],
    },
    {
        name: "blocking functions stored in tables or returned",
        files: {
            "main.ts": `const handlers = { tick: /*W*/() => { sys.wait(1); } };\nconst more = { /*W*/run() { sys.waitUntil("X"); } };\nfunction make() { return /*W*/() => sys.wait(2); }\nlet later = /*W*/() => { sys.wait(3); };\nlog.info("h", handlers, more, make, later);\n`,
        },
        messages: ["is stored in a table here", "is returned here", "is kept in a variable that can be reassigned"],
    },
];
