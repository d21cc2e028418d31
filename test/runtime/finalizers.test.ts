import { afterAll, describe, expect, it } from "vitest";
import { deviceFor, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

/** The lines of a run without the boot banner, C socket lines included. */
async function run(body: string): Promise<string[]> {
    const device = deviceFor(body, { firmwareLogs: true });
    await device.run("3s");
    device.dispose();
    return userLines(device).filter(l => !l.startsWith("D/"));
}

describe("__gc of the 2021 socket objects (luat_lib_socket.c netc_gc)", () => {
    it("a full collection finalizes unreachable unstarted objects, newest first, once", async () => {
        const lines = await run(`
            do local a, b = socket.tcp(), socket.udp() end
            keep = socket.tcp()
            log.info("before")
            collectgarbage()
            log.info("between")
            collectgarbage("collect")
            log.info("after", tostring(keep))
        `);
        expect(lines).toEqual([
            "I/user.before",
            "I/luat.socket netc[2] __gc trigger",
            "I/luat.netc netc[2] deinit start",
            "I/luat.netc netc[2] destory begin",
            "I/luat.netc netc[2] destory end",
            "I/luat.netc netc[2] deinit end",
            "I/luat.socket netc[1] __gc trigger",
            "I/luat.netc netc[1] deinit start",
            "I/luat.netc netc[1] destory begin",
            "I/luat.netc netc[1] destory end",
            "I/luat.netc netc[1] deinit end",
            "I/user.between",
            "I/user.after\tnetc[3] _,0,TCP Not-Closed",
        ]);
    });

    it("nothing is finalized without an explicit full collection, nor while a local, a table or a callback's upvalue holds it", async () => {
        const lines = await run(`
            local held = socket.tcp()
            local t = { socket.tcp() }
            local viaCallback = socket.tcp()
            viaCallback:on("recv", function() return viaCallback end)
            do local dropped = socket.tcp() end
            collectgarbage("count")
            collectgarbage("step")
            log.info("no collect yet")
            collectgarbage()
            log.info("done", tostring(held), #t)
        `);
        expect(lines.filter(l => l.includes("__gc"))).toEqual(["I/luat.socket netc[4] __gc trigger"]);
        expect(lines.indexOf("I/user.no collect yet")).toBeLessThan(lines.indexOf("I/luat.socket netc[4] __gc trigger"));
    });

    it("a started object stays referenced from the registry: never finalized, even after clean()", async () => {
        const lines = await run(`
            sys.taskInit(function()
                do
                    local so = socket.tcp()
                    so:start("nowhere.test", 80)
                    so:close()
                    so:clean()
                end
                sys.wait(100)
                collectgarbage()
                log.info("collected")
            end)
        `);
        expect(lines.some(l => l.includes("__gc"))).toBe(false);
        expect(lines).toContain("I/user.collected");
    });

    it("__gc is a method of the object's metatable: calling it closes the object like the collector does", async () => {
        const lines = await run(`
            local so = socket.tcp()
            log.info("type", type(so.__gc))
            so:__gc()
            log.info("closed", so:closed())
        `);
        expect(lines).toEqual([
            "I/user.type\tfunction",
            "I/luat.socket netc[1] __gc trigger",
            "I/luat.netc netc[1] deinit start",
            "I/luat.netc netc[1] destory begin",
            "I/luat.netc netc[1] destory end",
            "I/luat.netc netc[1] deinit end",
            "I/user.closed\t1\tfalse",
        ]);
    });
});
