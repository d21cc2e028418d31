import { describe, expect, test, type TestContext } from "vitest";
import { flashAir640w, FlashError, type FlashOptions, type FlashPlan, type FlashSummary } from "../../flash/air640w.js";
import { LinkReader } from "../../flash/byte-link.js";
import { openSerialLink } from "../../flash/serial-link.js";
import { readLuaDb } from "../../image/luadb.js";
import { allByteValues, FAST, imagePlan, mainLua } from "./helpers.js";
import { ackToNak, ModuleEmulator, type EmulatorOptions } from "./module-emulator.js";
import { openPtyPair, requirePtyTools } from "./pty.js";

/*
 * The flasher on one end of a socat pty pair, through the serialport package;
 * a simulated Air640W on the other end, receiving with lrzsz's rb. Each test
 * has its own pty pair and rb, so they run concurrently (rb waits about a
 * second before asking for each file and another to confirm each EOT).
 */

interface Run {
    emulator: ModuleEmulator;
    summary?: FlashSummary;
    error?: unknown;
    warnings: string[];
    retries: string[];
}

/** Flashes `plan` into a fresh simulated module; never throws, returns what happened. */
async function flashSimulated(
    context: TestContext,
    plan: FlashPlan,
    emulatorOptions: EmulatorOptions = {},
    options: FlashOptions = {},
): Promise<Run> {
    requirePtyTools(context);
    const { onTestFinished } = context;
    const pty = await openPtyPair();
    onTestFinished(pty.close);
    const emulator = await ModuleEmulator.start(pty.device, emulatorOptions);
    onTestFinished(() => emulator.close());
    const link = await openSerialLink(pty.host, 115200);
    const reader = new LinkReader(link);
    onTestFinished(async () => {
        reader.close();
        await link.close();
    });
    const run: Run = { emulator, warnings: [], retries: [] };
    try {
        run.summary = await flashAir640w(reader, plan, {
            timing: FAST,
            pulseReset: ms => link.pulseReset(ms),
            onWarning: message => run.warnings.push(message),
            onRetry: (step, file, reason) => run.retries.push(`${step} ${file ?? ""} ${reason}`),
            ...options,
        });
    } catch (error) {
        run.error = error;
    }
    return run;
}

/** Asserts that rb received exactly the image's files, byte for byte (once every rb has exited and closed its files). */
async function expectReceivedImage(run: Run, image: Buffer): Promise<void> {
    await run.emulator.allRbExited();
    const expected = readLuaDb(image).files;
    const received = run.emulator.received();
    expect([...received.keys()].sort(), run.emulator.rbLog).toEqual(expected.map(file => file.name).sort());
    for (const file of expected) {
        const got = received.get(file.name)!;
        expect(got.length, `${file.name} size`).toBe(file.data.length);
        expect(got.equals(file.data), `${file.name} contents`).toBe(true);
    }
}

describe("flashing a simulated Air640W over a pty with rb receiving", { timeout: 600_000 }, () => {
    test.concurrent("sends every file of the image; rb receives each byte for byte", async context => {
        const { image, plan } = imagePlan([
            { name: "main.lua", data: mainLua(2500) },
            // 1024 + 128 + 1: a 1K block, a 128-byte block and a padded tail, with every byte value.
            { name: "data.bin", data: allByteValues(1153) },
            { name: "empty.txt", data: Buffer.alloc(0) },
        ]);
        const run = await flashSimulated(context, plan, { reinitsIgnored: 2 });
        expect(run.error).toBeUndefined();
        // The flasher returns once the last end-of-batch block is acknowledged; the last rb exits after that.
        expect(await run.emulator.allRbExited()).toEqual([0, 0, 0]);
        await expectReceivedImage(run, image);
        expect(run.emulator.commands).toEqual(["reboot", "reinit", "reinit", "reinit", "ry", "ry", "ry"]);
        expect(run.summary).toMatchObject({ files: 3, bytes: 2500 + 1153, retries: 2 });
        // A pty has no modem lines: the reset pulse fails and the procedure goes on with reboot.
        expect(run.warnings.join("\n")).toMatch(/could not pulse RTS/);
    });

    test.concurrent("a lost block is sent again after the answer times out", async context => {
        const { image, plan } = imagePlan([{ name: "main.lua", data: mainLua(3000) }]);
        const run = await flashSimulated(context, plan, {
            onPacket: p => (p.kind === "data" && p.block === 2 && p.attempt === 1 ? "drop" : "pass"),
        });
        expect(run.error).toBeUndefined();
        await expectReceivedImage(run, image);
        const block2 = run.emulator.packets.filter(p => p.kind === "data" && p.block === 2);
        expect(block2.map(p => p.action)).toEqual(["drop", "pass"]);
        expect(run.retries.filter(r => r.startsWith("YModem"))).toEqual(["YModem transfer main.lua timeout on block 2"]);
    });

    test.concurrent("a NAK storm from rb (corrupted blocks) is retransmitted through", async context => {
        const { image, plan } = imagePlan([{ name: "main.lua", data: mainLua(1500) }]);
        const run = await flashSimulated(context, plan, {
            onPacket: p => (p.kind === "data" && p.block === 1 && p.attempt <= 3 ? "corrupt" : "pass"),
        });
        expect(run.error).toBeUndefined();
        await expectReceivedImage(run, image);
        expect(run.emulator.packets.filter(p => p.kind === "data" && p.block === 1).length).toBe(4);
        expect(run.retries.filter(r => r.startsWith("YModem"))).toEqual(Array(3).fill("YModem transfer main.lua nak on block 1"));
    });

    test.concurrent("endless NAKs: gives up after the retry limit, names step and file, cancels rb", async context => {
        const { plan } = imagePlan([
            { name: "main.lua", data: mainLua(600) },
            { name: "conn.lua", data: mainLua(2000) },
        ]);
        // From the first data block of the second file on, every ACK rb sends arrives as NAK.
        let storm = false;
        const run = await flashSimulated(context, plan, {
            onPacket: p => {
                if (p.session === 1 && p.kind === "data") storm = true;
                return "pass";
            },
            onAnswer: bytes => (storm ? ackToNak(bytes) : bytes),
        });
        expect(run.error).toBeInstanceOf(FlashError);
        const error = run.error as FlashError;
        expect(error.step).toBe("YModem transfer");
        expect(error.file).toBe("conn.lua");
        expect(error.exitCode).toBe(3);
        expect(error.message).toMatch(/flash stopped at step "YModem transfer" of conn\.lua: .*rejected 5 times/);
        // The header got through before the storm; block 1 went out once plus maxRetries (4) times.
        expect(run.emulator.packets.filter(p => p.session === 1 && p.kind === "data").length).toBe(5);
        // Our CANs stop rb, which exits with an error; the first file had arrived complete.
        const exits = await run.emulator.allRbExited();
        expect(exits).toHaveLength(2);
        expect(exits[1]).not.toBe(0);
        expect(run.emulator.received().get("main.lua")?.length).toBe(600);
    });

    test.concurrent("a receiver that cancels (CAN CAN from rb) stops the flash at once", async context => {
        const { plan } = imagePlan([{ name: "main.lua", data: mainLua(4000) }]);
        const run = await flashSimulated(context, plan, {
            onPacket: p => (p.kind === "data" && p.block === 2 ? "cancel" : "pass"),
        });
        expect(run.error).toBeInstanceOf(FlashError);
        expect((run.error as FlashError).message).toMatch(/step "YModem transfer" of main\.lua: the receiver cancelled the transfer \(CAN CAN\)/);
        // No retries and no waiting out timeouts after a cancel.
        expect(run.emulator.packets.filter(p => p.kind === "data" && p.block === 2).length).toBe(1);
        expect(run.retries.filter(r => r.startsWith("YModem"))).toEqual([]);
    });

    test.concurrent("a silent device: reinit is retried a bounded number of times, then the step is named", async context => {
        const { plan } = imagePlan([{ name: "main.lua", data: mainLua(500) }]);
        const run = await flashSimulated(context, plan, { silent: true });
        expect(run.error).toBeInstanceOf(FlashError);
        expect((run.error as FlashError).step).toBe("reinit");
        expect((run.error as FlashError).message).toMatch(/no line containing DONE! after 4 "reinit" commands/);
        expect(run.retries).toEqual(Array(3).fill("reinit  no DONE!"));
        // reboot plus four reinit lines reached the device end, nothing more.
        expect(run.emulator.bytesFromHost).toBe("reboot\r\n".length + 4 * "reinit\r\n".length);
    });

    test.concurrent("a device that goes silent mid-transfer: bounded retries, step and file named", async context => {
        const { plan } = imagePlan([
            { name: "main.lua", data: mainLua(300) },
            { name: "sensor.lua", data: mainLua(2500) },
        ]);
        const run = await flashSimulated(
            context,
            plan,
            { onPacket: p => (p.file === "sensor.lua" && p.kind === "data" && p.block === 2 ? "silence" : "pass") },
            { timing: { ...FAST, ymodem: { ...FAST.ymodem, ackTimeoutMs: 2000, maxRetries: 2 } } },
        );
        expect(run.error).toBeInstanceOf(FlashError);
        const error = run.error as FlashError;
        expect([error.step, error.file], error.message).toEqual(["YModem transfer", "sensor.lua"]);
        expect(error.message).toMatch(/block 2 was unanswered 3 times; giving up/);
        expect(error.message).toMatch(/scripts were erased by reinit/);
    });

    test.concurrent("an ignored ry is sent again", async context => {
        const { image, plan } = imagePlan([{ name: "main.lua", data: mainLua(200) }]);
        const run = await flashSimulated(context, plan, { rysIgnored: 1 });
        expect(run.error).toBeUndefined();
        await expectReceivedImage(run, image);
        expect(run.emulator.commands).toEqual(["reboot", "reinit", "reinit", "ry"]);
        expect(run.retries.filter(r => r.startsWith("ry"))).toEqual(["ry main.lua no answer"]);
    });
});
