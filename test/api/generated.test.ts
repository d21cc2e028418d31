/**
 * The generated declarations (types/generated) are what tools/api/emit.ts
 * makes from the committed extracts and overrides: regenerating in memory
 * must give the committed files byte for byte. And each generation's entry
 * must type-check firmware written against it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "../../common/typescript.js";
import tstl from "../../common/typescript-to-lua.js";
import { describe, expect, it } from "vitest";
import { committedGenerations, emitGeneration, readExtract } from "../../tools/api/emit.js";
import { decodeExtract, extractText } from "../../tools/api/extract.js";
import { readOverrides } from "../../tools/api/overrides.js";
import { extractPath, generatedDir, REPO_ROOT } from "../../tools/api/paths.js";
import { firmwareOptions } from "../harness/tstl.js";

describe("generated declarations are up to date", () => {
    it("has the extracts of both generations", () => {
        expect(committedGenerations()).toEqual(["2021", "current"]);
    });

    for (const generation of ["2021", "current"]) {
        it(`types/generated/${generation} is what api:generate makes (run npm run api:generate when this fails)`, () => {
            const { files } = emitGeneration(readExtract(generation), readOverrides(generation));
            const dir = generatedDir(generation);
            const onDisk = fs.readdirSync(dir).sort();
            expect(onDisk).toEqual([...files.keys()].sort());
            const stale = [...files].filter(([name, text]) => fs.readFileSync(path.join(dir, name), "utf8") !== text).map(([name]) => name);
            expect(stale).toEqual([]);
        });

        it(`api/extract/luatos-${generation}.json is in its canonical form`, () => {
            const text = fs.readFileSync(extractPath(generation), "utf8");
            expect(extractText(decodeExtract(JSON.parse(text)))).toBe(text);
        });
    }
});

const declarationCache = new Map<string, ts.SourceFile>();
const VIRTUAL_SRC = path.join(path.parse(REPO_ROOT).root, "__api_firmware__", "src");

/**
 * Type-checks and transpiles `main.ts` against a declarations entry. With
 * `checkDeclarations` the declaration files themselves are checked too
 * (slower; the firmware settings skip them).
 */
function compile(entry: string, source: string, checkDeclarations = false): { diagnostics: string[]; lua: string } {
    const main = path.join(VIRTUAL_SRC, "main.ts");
    const options: tstl.CompilerOptions = {
        ...firmwareOptions(),
        rootDir: VIRTUAL_SRC,
        outDir: path.join(VIRTUAL_SRC, "..", "build"),
        skipLibCheck: !checkDeclarations,
        noResolvePaths: ["sys", "libnet", "mqtt2", "excloud", "exeasyui", "rfa"],
    };
    const host = ts.createCompilerHost(options, true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, onError, create) => {
        if (name === main) return ts.createSourceFile(name, source, version, true);
        // Declarations are the same for every compile: parse them once.
        const key = `${name}|${JSON.stringify(version)}`;
        let file = declarationCache.get(key);
        if (file === undefined) {
            file = getSourceFile(name, version, onError, create);
            if (file !== undefined) declarationCache.set(key, file);
        }
        return file;
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = name => name === main || fileExists(name);
    const program = ts.createProgram({ rootNames: [path.join(REPO_ROOT, entry), main], options, host });
    const diagnostics = ts.getPreEmitDiagnostics(program)
        .filter(d => d.file === undefined || !d.file.fileName.includes("node_modules"))
        .map(d => `${d.file ? path.basename(d.file.fileName) + ":" + (d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1) + " " : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    let lua = "";
    const emitted = new tstl.Transpiler().emit({ program, writeFile: (name, text) => { if (name.endsWith("main.lua")) lua = text; } });
    diagnostics.push(...emitted.diagnostics.map(d => ts.flattenDiagnosticMessageText(d.messageText, "\n")));
    return { diagnostics, lua };
}

describe("the 2021 entry (types/index.d.ts) with the generated Air640W modules", () => {
    const demo = `
wlan.connect("uiot", "1234567890");
const mac: string = wlan.get_mac();
const mac2: string = wlan.getMac();
gpio.setup(17, 0);
gpio.setup(18, undefined);
gpio.set(17, gpio.HIGH);
const [temperature, ok] = sensor.ds18b20(17, true);
const [total, used] = rtos.meminfo();
const [text] = json.encode({ a: 1 });
log.info("demo", mac, mac2, temperature, ok, total, used, os.date("%Y-%m-%d"), text);
const so = socket.tcp();
sys.taskInit(() => { sys.wait(1000); });
// Members whose names a namespace cannot hold: the module is an object type.
const msg = libcoap.new(libcoap.GET, "time");
log.info("coap", msg.rawdata(), http.delete("http://example.com/x"));
const packed: string = pack.pack(">H", 1);
`;

    it("type-checks a demo and compiles it to Lua", () => {
        const { diagnostics, lua } = compile("types/index.d.ts", demo, true);
        expect(diagnostics).toEqual([]);
        expect(lua).toContain("wlan.get_mac()");
        expect(lua).toContain("sensor.ds18b20(17, true)");
        expect(lua).toContain(`libcoap.new(libcoap.GET, "time")`);
        expect(lua).toContain("msg:rawdata()");
    });

    it("rejects wrong calls and modules the board does not open", () => {
        expect(compile("types/index.d.ts", `wlan.connect(1);`).diagnostics.join("\n")).toMatch(/not assignable to parameter of type 'string'/);
        expect(compile("types/index.d.ts", `const s: string = sensor.ds18b20(1);`).diagnostics).toHaveLength(1);
        // adc is in the 2021 sources but not in the Air640W library table.
        expect(compile("types/index.d.ts", `adc.open(1);`).diagnostics.join("\n")).toMatch(/Cannot find name 'adc'/);
        // The current socket API does not exist in 2021.
        expect(compile("types/index.d.ts", `socket.create();`).diagnostics.join("\n")).toMatch(/Property 'create' does not exist/);
    });

    it("types the members the sources leave unannotated from the hand-written and inferred declarations", () => {
        const source = `
import * as mqtt2 from "mqtt2";
const c = mqtt2.new("id", 60, "user", "pass", undefined, "broker", 1883, { "a/b": 1 }, packet => log.info("rx", packet.topic, packet.payload));
sys.taskInit(() => { c.run(); });
sys.taskInit(() => { if (c.sub({ "c/d": 0 })) c.pub("a/b", 1, "hi"); c.shutdown(); });
`;
        const { diagnostics, lua } = compile("types/index.d.ts", source, true);
        expect(diagnostics).toEqual([]);
        expect(lua).toContain(`mqtt2.new(`);
        expect(lua).toContain("c:run()");
        expect(compile("types/index.d.ts", `import * as mqtt2 from "mqtt2"; mqtt2.new("id");`).diagnostics.join("\n")).toMatch(/Expected 7-10 arguments/);
    });

    it("has an Air302 entry with the Air302's modules (pm, adc, no wlan) and the hand-written 2021 ones", () => {
        const source = `
sys.taskInit(() => {
    const c = socket.tcp();
    c?.host("example.com");
    log.info("pm", pm.request(pm.HIB), adc.open(1), rtos.bsp());
});
`;
        expect(compile("types/air302/index.d.ts", source, true).diagnostics).toEqual([]);
        expect(compile("types/air302/index.d.ts", `wlan.get_mac();`).diagnostics.join("\n")).toMatch(/Cannot find name 'wlan'/);
        const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "types/air302/tstl.json"), "utf8")) as { extends: string; files: string[] };
        expect(path.resolve(REPO_ROOT, "types/air302", config.extends)).toBe(path.join(REPO_ROOT, "tstl.json"));
    });

    it("keeps the hand-written 2021 declarations in charge", () => {
        // rtos.timer_start returns 0 | 1 in types/rtos.d.ts; a generated twin would widen it.
        expect(compile("types/index.d.ts", `const r: 0 | 1 = rtos.timer_start(1, 100);`).diagnostics).toEqual([]);
    });
});

describe("the current entry (types/current/index.d.ts)", () => {
    const demo = `
import * as libnet from "libnet";
const TASK = "net";
sys.taskInitEx(() => {
    const ctrl = socket.create(undefined, TASK);
    if (ctrl === undefined) return;
    socket.config(ctrl, undefined, undefined, undefined, 300, 10, 3);
    if (!libnet.connect(TASK, 15000, ctrl, "example.com", 80)) return;
    const buff = zbuff.create(1024);
    if (buff !== undefined) {
        buff.write("hello");
        const [sent, full] = libnet.tx(TASK, 5000, ctrl, buff);
        const [ok, n] = socket.rx(ctrl, buff);
        log.info("net", sent, full, ok, n, buff.toStr(0, buff.used()));
        buff.del();
    }
    const msg = sys.waitMsg(TASK, socket.EVENT, 5000);
    if (msg !== false) log.info("event", msg[0], msg[1]);
    const [published, ip] = sys.waitUntil("IP_READY", 1000);
    log.info("ip", published, ip, sys.sendMsg(TASK, 1));
    libnet.close(TASK, 5000, ctrl);
    socket.release(ctrl);
    sys.taskDel(TASK);
}, TASK);
socket.create(undefined, (ctrl, event, param) => { if (event === socket.EVENT && param === 0) socket.read(ctrl); });
gpio.setup(17, 0);
gpio.setup(27, (level, pin) => log.info("irq", pin, level), gpio.PULLUP, gpio.RISING);
`;

    it("type-checks a demo and compiles it to Lua", () => {
        const { diagnostics, lua } = compile("types/current/index.d.ts", demo, true);
        expect(diagnostics).toEqual([]);
        expect(lua).toContain(`require("libnet")`);
        expect(lua).toContain(`socket.create(nil, TASK)`);
        expect(lua.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")")).toContain("socket.config(ctrl, nil, nil, nil, 300, 10, 3)");
        expect(lua).toContain("buff:write(\"hello\")");
        expect(lua).toContain("sys.taskInitEx(");
    });

    it("types table parameters documented field by field", () => {
        expect(compile("types/current/index.d.ts", `airui.button({ x: 1, text: "OK", style: { bg_color: 0xff0000 }, on_click: () => {} });`).diagnostics).toEqual([]);
        expect(compile("types/current/index.d.ts", `airui.button({ x: "left" });`).diagnostics).toHaveLength(1);
    });

    it("types the members the sources leave unannotated from the hand-written and inferred declarations", () => {
        const source = `
import * as excloud from "excloud";
import * as exeasyui from "exeasyui";
import * as rfa from "rfa";
sys.taskInit(() => {
    excloud.setup({ transport: "tcp", auto_reconnect: true });
    excloud.on((event, data) => log.info("excloud", event, data));
    const [ok, err] = excloud.open();
    if (ok) excloud.send([{ field_meaning: 1, data_type: 0, value: 25 }], true);
    else log.warn("excloud", err);
    const s: excloud.Status = excloud.status();
    log.info("excloud", s.is_connected, excloud.stop_heartbeat());
});
exeasyui.hw_init({ lcd_config: {}, tp_config: {} });
const win = exeasyui.window({ background_color: 0xffff });
win.add(exeasyui.button({ x: 10, y: 10, text: "OK", on_click: b => b.set_text("done") }));
exeasyui.add(win);
const line: string | undefined = rfa.dispatch("AT");
rfa.register("AT+X", (l, api) => api.state() > 0 ? l : undefined);
const snap = memprof.snapshot();
log.info("mem", snap.table.bytes, memprof.total(), vmx.create(), airlink.sfota_init(), line);
const ids: LuatTable = pm.dtimerList();
const on: boolean = lvgltimer.status();
`;
        const { diagnostics, lua } = compile("types/current/index.d.ts", source, true);
        expect(diagnostics).toEqual([]);
        expect(lua).toContain(`require("excloud")`);
        expect(lua).toContain("win:add(");
        expect(compile("types/current/index.d.ts", `import * as exeasyui from "exeasyui"; exeasyui.button({ text: 1 });`).diagnostics).toHaveLength(1);
        expect(compile("types/current/index.d.ts", `const n: number = memprof.snapshot();`).diagnostics).toHaveLength(1);
        // inferred: a C function that reads no argument takes none
        expect(compile("types/current/index.d.ts", `pm.dtimerList(1);`).diagnostics.join("\n")).toMatch(/Expected 0 arguments/);
    });

    it("rejects the 2021 netclient and wrong arguments", () => {
        expect(compile("types/current/index.d.ts", `socket.tcp();`).diagnostics.join("\n")).toMatch(/Property 'tcp' does not exist/);
        expect(compile("types/current/index.d.ts", `socket.create(undefined, true);`).diagnostics).toHaveLength(1);
        expect(compile("types/current/index.d.ts", `const e: 1 = socket.ON_LINE;`).diagnostics).toHaveLength(1);
    });
});

describe("the per-board entries of the current generation (types/current/<board>/index.d.ts)", () => {
    const common = `
sys.taskInitEx(() => {
    const ctrl = socket.create(undefined, "net");
    if (ctrl !== undefined) socket.config(ctrl, undefined, undefined, undefined, 300, 10, 3);
}, "net");
gpio.setup(17, 0);
const buff = zbuff.create(16);
log.info("buff", buff !== undefined, rtos.bsp());
const [ok, total] = fs.fsstat("/");
log.info("fs", ok, total, fs.fsize("/a"), io.readFile("/a", "rb", 1, 2), io.dexist("/luadb/"), fs.FILE, bit_.band(1, 3), bit_.lshift(1, 2), bit_.isset(5, 2));
rtos.setPaths("/sd/%s.lua");
`;

    for (const board of ["air101", "air780epm", "air8000", "pc"]) {
        it(`${board}: type-checks firmware using the modules its firmware opens`, () => {
            const { diagnostics } = compile(`types/current/${board}/index.d.ts`, common, true);
            expect(diagnostics).toEqual([]);
        });

        it(`${board}: has a tstl.json extending the toolkit's settings with that entry`, () => {
            const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "types/current", board, "tstl.json"), "utf8")) as { extends: string; files: string[] };
            expect(path.resolve(REPO_ROOT, "types/current", board, config.extends)).toBe(path.join(REPO_ROOT, "tstl.json"));
            expect(config.files).toEqual(["./index.d.ts"]);
        });
    }

    it("leaves out the modules a board's firmware does not open, as its configuration says", () => {
        // luat_conf_bsp_air780epm.h defines LUAT_USE_CAN and LUAT_USE_U8G2 but not LUAT_USE_LVGL; luat_conf_bsp_air8000.h the other way round.
        expect(compile("types/current/air780epm/index.d.ts", `can.init(0);`).diagnostics).toEqual([]);
        expect(compile("types/current/air780epm/index.d.ts", `lvgl.init(320, 240);`).diagnostics.join("\n")).toMatch(/Cannot find name 'lvgl'/);
        expect(compile("types/current/air8000/index.d.ts", `can.init(0);`).diagnostics.join("\n")).toMatch(/Cannot find name 'can'/);
        expect(compile("types/current/air8000/index.d.ts", `lvgl.init(320, 240);`).diagnostics).toEqual([]);
        // The Air101 has no cellular modem (no mobile), the EC718 modules have.
        expect(compile("types/current/air101/index.d.ts", `mobile.imei();`).diagnostics.join("\n")).toMatch(/Cannot find name 'mobile'/);
        expect(compile("types/current/air8000/index.d.ts", `mobile.imei();`).diagnostics).toEqual([]);
        // Hand-written declarations follow their module: memprof is opened by the PC build only.
        expect(compile("types/current/pc/index.d.ts", `memprof.total();`).diagnostics).toEqual([]);
        expect(compile("types/current/air8000/index.d.ts", `memprof.total();`).diagnostics.join("\n")).toMatch(/Cannot find name 'memprof'/);
        // bit and fs (today's io) are in every build's Lua core; TypeScriptToLua reserves the name bit: bit_ compiles to it.
        const lua = compile("types/current/air8000/index.d.ts", `const [ok] = fs.fsstat(); log.info("x", ok, bit_.bnot(0), bit_.bor(1, 2));`);
        expect(lua.diagnostics).toEqual([]);
        expect(lua.lua).toMatch(/local ok = fs\.fsstat\(\)/);
        expect(lua.lua).toMatch(/bit\.bnot\(0\),\s*bit\.bor\(1, 2\)/);
        expect(compile("types/current/pc/index.d.ts", `bit_.band("1");`).diagnostics.join("\n")).toMatch(/not assignable to parameter of type 'number'/);
        // The entry of every module keeps them all.
        expect(compile("types/current/index.d.ts", `can.init(0); lvgl.init(320, 240); memprof.total();`).diagnostics).toEqual([]);
    });
});
