/**
 * A current-generation firmware written in TypeScript (socket.create with a
 * task name, libnet, zbuff, sys.taskInitEx) built for `--board pc`: zero
 * diagnostics, no toolkit sys.lua, libnet.lua added because main.lua
 * requires it; the image runs on the simulator booted by board name and,
 * when luatos-pc is there, on the real PC build of LuatOS, both printing
 * the same `I/user.` lines. A loopback echo server answers both.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFirmware } from "../../compiler/pipeline.js";
import { readLuaDb } from "../../image/luadb.js";
import { packBuild } from "../../image/pack.js";
import { compileLuaLibraries } from "../../lualibs/compile.js";
import { bootDevice } from "../../runtime/index.js";
import { removeTempProjects, REPO_ROOT, writeFirmwareProject } from "../harness/tstl.js";
import { requireReferenceBinary, runLuatosPc } from "../support/reference-programs.js";

const CURRENT_CONFIG = path.join(REPO_ROOT, "types", "current", "tstl.json");

/** The firmware: a task that links, connects with libnet, echoes "ping" into a zbuff, closes and exits. */
function firmware(port: number): string {
    return `import * as libnet from "libnet";

const TASK = "net";

sys.taskInitEx(() => {
    const ctrl = socket.create(undefined, TASK)!;
    socket.config(ctrl);
    log.info("link", libnet.waitLink(TASK, 1000, ctrl));
    log.info("connect", libnet.connect(TASK, 5000, ctrl, "127.0.0.1", ${port}));
    const [sent] = libnet.tx(TASK, 5000, ctrl, "ping");
    log.info("tx", sent);
    const buff = zbuff.create(64)!;
    for (let i = 0; i < 10 && buff.used() < 4; i++) {
        const [ok] = libnet.wait(TASK, 2000, ctrl);
        if (!ok) break;
        socket.rx(ctrl, buff);
    }
    log.info("echo", buff.toStr(0, buff.used()), buff.used());
    libnet.close(TASK, 2000, ctrl);
    socket.release(ctrl);
    log.info("done", "end");
    os.exit(0);
}, TASK);
`;
}

const userLines = (lines: readonly string[]) => lines.filter(l => l.startsWith("I/user."));

const EXPECTED = ["I/user.link true", "I/user.connect true", "I/user.tx true", "I/user.echo ping 4", "I/user.done end"];

describe("a current-generation firmware built for the pc board", () => {
    let server: net.Server;
    let port = 0;
    let dir = "";

    beforeAll(async () => {
        server = net.createServer(s => {
            s.on("error", () => {});
            s.on("data", d => s.write(d));
            s.on("end", () => s.end());
        });
        port = await new Promise<number>(resolve => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
        dir = writeFirmwareProject({ "src/main.ts": firmware(port) }, { tsconfig: { extends: CURRENT_CONFIG } });
    });
    afterAll(async () => {
        await new Promise(resolve => server.close(resolve));
        removeTempProjects();
    });

    it("builds with zero diagnostics, without the toolkit's sys.lua and with libnet.lua", async () => {
        const result = await buildFirmware({ cwd: dir, board: "pc", lua: false });
        expect(result.diagnostics).toEqual([]);
        const names = result.files.map(f => f.name).filter(n => n.endsWith(".lua"));
        expect(names.sort()).toEqual(["libnet.lua", "main.lua"]);
        const main = fs.readFileSync(path.join(dir, "build/lua/main.lua"), "utf8");
        expect(main).toContain('local libnet = require("libnet")');
        const libnet = compileLuaLibraries().find(l => l.module === "libnet")!;
        expect(fs.readFileSync(path.join(dir, "build/lua/libnet.lua"), "utf8")).toBe(libnet.lua);
        expect(result.image.board.name).toBe("pc");
        expect(result.heapReport.join("\n")).toMatch(/^Lua heap after boot \(pc, luatos-current-int32-float32-ptr64 estimate of rtos.meminfo\(\)\): \d+\.\d KB of 4096\.0 KB$/);
        // The image the build wrote, and `luatos-ts pack --board pc` of the folder, hold the same two files.
        const image = readLuaDb(fs.readFileSync(path.join(dir, "build/script.bin")));
        expect(image.files.map(f => f.name)).toEqual(["main.lua", "libnet.lua"]);
        expect(packBuild(path.join(dir, "build/lua"), { board: "pc" }).entries.map(e => e.name)).toEqual(["main.lua", "libnet.lua"]);
    });

    it("runs on the simulator booted with board pc (the current generation, chosen by the board)", async () => {
        const device = bootDevice({ buildDir: path.join(dir, "build/lua"), board: "pc", network: "host", rebootOnCrash: false });
        try {
            expect(device.generation.name).toBe("current");
            await device.run(30_000, { until: { log: /^I\/user\.done/ }, stopOnCrash: true });
            expect(userLines(device.log.map(l => l.text))).toEqual(EXPECTED);
        } finally {
            device.dispose();
        }
    });

    it("boots on luatos-pc from the packed image and prints the same lines", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc");
        const { lines } = await runLuatosPc(binary, { image: fs.readFileSync(path.join(dir, "build/script.bin")) }, { limitMs: 20_000 });
        expect(userLines(lines)).toEqual(EXPECTED);
    });
});
