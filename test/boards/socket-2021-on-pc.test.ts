/**
 * A firmware written once against the 2021 socket document (socket.tcp,
 * so:on, so:start, NETC_END_<id>) and typed by the 2021 declarations, built
 * for the 2021 Air640W and for today's `pc` board: for `pc` the build loads
 * netclient-compat first (main.lua's first line, so source maps stay exact)
 * and adds it to the image. The same application lines come out of the
 * simulator in both generations and, when luatos-pc is there, out of the
 * real PC build of LuatOS booting the packed image.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFirmware } from "../../compiler/pipeline.js";
import { readLuaDb } from "../../image/luadb.js";
import { bootDevice } from "../../runtime/index.js";
import { removeTempProjects, writeFirmwareProject } from "../harness/tstl.js";
import { requireReferenceBinary, runLuatosPc } from "../support/reference-programs.js";

function firmware(port: number): string {
    return `const so = socket.tcp()!;
so.on("connect", (id, result) => {
    log.info("connect", math.type(id), result);
    so.send("hello");
});
so.on("recv", (_id, data) => {
    log.info("recv", data);
    so.close();
});
so.on("error", () => log.info("error"));
sys.taskInit(() => {
    log.info("start", so.start("127.0.0.1", ${port}));
    const [ended] = sys.waitUntil("NETC_END_" + so.id(), 5000);
    log.info("ended", ended);
    const [code, open] = so.closed();
    log.info("closed", code, open);
    so.clean();
    log.info("done", "end");
    if (rtos.bsp() === "PC") (os as unknown as { exit(this: void, code: number): void }).exit(0);
});
`;
}

const EXPECTED = ["I/user.start 0", "I/user.connect integer 1", "I/user.recv hello", "I/user.ended true", "I/user.closed 1 false", "I/user.done end"];
/** The 2021 firmware joins log values with a tab, today's with a space. */
const userLines = (lines: readonly string[]) => lines.filter(l => l.startsWith("I/user.")).map(l => l.replace(/\t/g, " "));

describe("a firmware written against the 2021 socket API, built for air640w and for pc", () => {
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
        dir = writeFirmwareProject({ "src/main.ts": firmware(port) });
    });
    afterAll(async () => {
        await new Promise(resolve => server.close(resolve));
        removeTempProjects();
    });

    async function runOnSimulator(board: string): Promise<string[]> {
        const device = bootDevice({ buildDir: path.join(dir, "build/lua"), board, network: "host", rebootOnCrash: false });
        try {
            await device.run(30_000, { until: { log: /^I\/user\.done/ }, stopOnCrash: true });
            expect(device.errors).toEqual([]);
            return userLines(device.log.map(l => l.text));
        } finally {
            device.dispose();
        }
    }

    it("runs on the simulated Air640W (2021 generation) without the compatibility module", async () => {
        const result = await buildFirmware({ cwd: dir, board: "air640w", lua: false });
        expect(result.diagnostics).toEqual([]);
        expect(result.files.map(f => f.name)).not.toContain("netclient-compat.lua");
        expect(await runOnSimulator("air640w")).toEqual(EXPECTED);
    });

    it("builds for pc with netclient-compat loaded first, keeping main.lua's line numbers", async () => {
        const air = await buildFirmware({ cwd: dir, board: "air640w", lua: false });
        const before = fs.readFileSync(path.join(dir, "build/lua/main.lua"), "utf8").split("\n");
        expect(air.diagnostics).toEqual([]);
        const result = await buildFirmware({ cwd: dir, board: "pc", lua: false });
        expect(result.diagnostics).toEqual([]);
        const main = fs.readFileSync(path.join(dir, "build/lua/main.lua"), "utf8").split("\n");
        expect(main[0]).toMatch(/; require\("netclient-compat"\)$/);
        expect(main.length).toBe(before.length);
        const image = readLuaDb(fs.readFileSync(path.join(dir, "build/script.bin")));
        expect(image.files.map(f => f.name).sort()).toEqual(["main.lua", "netclient-compat.lua"]);
    });

    it("prints the same lines on the simulated pc (current generation)", async () => {
        await buildFirmware({ cwd: dir, board: "pc", lua: false });
        expect(await runOnSimulator("pc")).toEqual(EXPECTED);
    });

    it("prints the same lines on luatos-pc booting the packed image", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc");
        await buildFirmware({ cwd: dir, board: "pc", lua: false });
        const { lines } = await runLuatosPc(binary, { image: fs.readFileSync(path.join(dir, "build/script.bin")) });
        expect(userLines(lines)).toEqual(EXPECTED);
    });
});
