/**
 * The reference firmware's image, packed the way `luatos-ts build` packs it
 * for the Air640W (stripped 32-bit bytecode by default), boots and runs on
 * the 2021 firmware's own code (luatos2021) in the board's 64 KB pool: no
 * "not enough memory", no "Lua VM exit", no reboot in 8 s, and it connects
 * to a collector listening on loopback and says hello.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileStdlib } from "../../compiler/stdlib.js";
import { pack } from "../../compiler/stages/pack.js";
import { defaultLuaForm, getBoard } from "../../image/boards.js";
import { extractFiles } from "../../image/extract.js";
import { readLuaDb } from "../../image/luadb.js";
import { compileReferenceFirmware } from "../diff/firmware.js";
import { FAILURE_SIGNS, run2021 } from "../support/luatos2021.js";
import { requireReferenceBinary } from "../support/reference-programs.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "reference-2021-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** src/config.ts: Config.COLLECTOR_PORT. */
const COLLECTOR_PORT = 9000;

/** A collector that only records what arrives; on its own loopback address so other runs' listeners on 127.0.0.1 do not collide. */
async function listen(host: string): Promise<{ received: () => string; connections: () => number; close: () => Promise<void> }> {
    let text = "";
    let connections = 0;
    const sockets = new Set<net.Socket>();
    const server = net.createServer(socket => {
        connections += 1;
        sockets.add(socket);
        socket.on("data", chunk => (text += chunk.toString("utf8")));
        socket.on("error", () => undefined);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(COLLECTOR_PORT, host, resolve);
    });
    return {
        received: () => text,
        connections: () => connections,
        close: () =>
            new Promise<void>(resolve => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolve());
            }),
    };
}

describe("the reference firmware on luatos2021", () => {
    it("boots from its air640w image in the 64 KB pool and connects to the collector", { timeout: 60_000 }, async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos2021");
        const board = getBoard("air640w");
        const files = new Map<string, Buffer>(Object.entries({ ...Object.fromEntries(compileStdlib().filter(f => f.name.endsWith(".lua")).map(f => [f.name, f.data])), ...compileReferenceFirmware() }));
        const image = pack(files, board, defaultLuaForm(board));
        expect(image.entries.map(e => e.name)).toContain("main.luac");
        const dir = path.join(root, "image");
        extractFiles(readLuaDb(image.image).files, dir);
        const host = `127.${1 + (process.pid % 200)}.${(process.pid >> 8) % 250}.${2 + (Date.now() % 250)}`;
        const collector = await listen(host);
        try {
            const run = await run2021(binary, dir, { heap: board.luaPoolBytes!, forMs: 8000, marker: "I/user.main", dns: [`collector.local=${host}`] });
            for (const sign of FAILURE_SIGNS) expect(run.output).not.toContain(sign);
            expect(run.status, run.output).toBe(0);
            expect(run.booted).toBe(true);
            expect(run.output).toMatch(/^I\/user\.telemetry\tconnected\t/m);
            expect(collector.connections()).toBeGreaterThanOrEqual(1);
            expect(collector.received()).toMatch(/^HELLO node-1 /m);
        } finally {
            await collector.close();
        }
    });
});
