/**
 * Today's firmware keeps every library in flash as a rotable
 * (runtime/firmware/current/rotables.ts): these checks run on the
 * simulator alone; test/conformance/cases-current/lua/rotable-*.lua compare
 * the same facts with luatos-pc.
 */
import { afterAll, describe, expect, it } from "vitest";
import { BOARDS, SimulatedDevice } from "../../runtime/index.js";
import { LAYOUTS } from "../../runtime/firmware/current/rotables.js";
import { omittedMembers } from "../../image/board-modules.js";
import { firmwareFolder, PC_BOARD, removeTemporaryFolders } from "./helpers.js";

afterAll(removeTemporaryFolders);

/** Runs `body` on the board's current firmware; the `I/user.` lines without their prefix. */
async function userOutput(body: string, board = PC_BOARD): Promise<string[]> {
    const device = new SimulatedDevice({ buildDir: firmwareFolder(body), board, firmwareLogs: false, rebootOnCrash: false });
    try {
        await device.run("200ms");
        return device.log.map(l => l.text).filter(t => t.startsWith("I/user.")).map(t => t.replace(/^I\/user\./, ""));
    } finally {
        device.dispose();
    }
}

const PAIRS = `for _, n in ipairs({${Object.keys(LAYOUTS).map(n => `"${n}"`).join(", ")}}) do
  local keys = {}
  for k in pairs(_G[n]) do keys[#keys + 1] = k end
  log.info(n, type(_G[n]), table.concat(keys, " "))
end`;

describe("the libraries of today's firmware are rotables", () => {
    it("pairs lists every entry of each library's C array in its order, on board pc", async () => {
        const lines = await userOutput(PAIRS);
        // Less what the PC build's configuration leaves out (mcu's altfun: it has iomux instead).
        const present = (name: string, order: readonly string[]) => order.filter(k => !omittedMembers("current", "pc", name).has(k));
        expect(lines).toEqual(Object.entries(LAYOUTS).map(([name, order]) => `${name} userdata ${present(name, order).join(" ")}`));
    });

    it("leaves out the desktop build's entries on a module's board (air780epm)", async () => {
        const lines = await userOutput(`${PAIRS}\nlog.info("desktop", type(string.dump), type(os.getenv), type(os.exit))`, BOARDS.air780epm!);
        expect(lines.find(l => l.startsWith("string "))).not.toMatch(/\b(dump|strs)\b/);
        expect(lines.find(l => l.startsWith("os "))).toBe("os userdata clock date difftime exit remove rename time");
        expect(lines.at(-1)).toBe("desktop nil nil function");
    });

    it("leaves out what the EC718PM chip's build compiles out, emulated or not (crypto's pk_* and MD_* on air780epm), and has the EC718 family's gpio constants", async () => {
        const probe = `log.info("crypto", type(crypto.pk_sign), crypto.MD_SHA256, type(crypto.md5))\nlog.info("gpio", pcall(function() return gpio.PWR_KEY end))`;
        expect(await userOutput(probe, BOARDS.air780epm!)).toEqual(["crypto nil nil function", "gpio false gpio.PWR_KEY is not simulated"]);
        expect(await userOutput(probe, BOARDS.air8000!)).toEqual(["crypto function 9 function", "gpio false gpio.PWR_KEY is not simulated"]);
        expect(await userOutput(probe)).toEqual(["crypto function 9 function", "gpio true nil"]);
    });

    it("entries the simulator does not emulate raise 'not simulated'; second names are the same function; constants have their C values", async () => {
        const lines = await userOutput(
            [
                `log.info("ns", pcall(rtos.autoCollectMem))`,
                `log.info("ns", pcall(math.pow, 2, 3))`,
                `log.info("ns", pcall(socket.close_all))`,
                `log.info("same", io.fsize == io.fileSize, math.atan2 == math.atan, fdb == fskv, io.FILE, io.DIR)`,
                `log.info("set", pcall(function() zbuff.SEEK_SET = 1 end))`,
                `log.info("meta", getmetatable(fskv), #socket, tostring(json):match("^rotable: %x+$") ~= nil, type(getmetatable("").__index))`,
            ].join("\n"),
        );
        expect(lines).toEqual([
            "ns false rtos.autoCollectMem is not simulated",
            "ns false math.pow is not simulated",
            "ns false socket.close_all is not simulated",
            "same true true true 0 1",
            "set false /luadb/main.lua:5: attempt to index a rotable value (global 'zbuff')",
            "meta false 0 true function",
        ]);
    });
});
