import { planFlash, type FlashPlan, type FlashTiming } from "../../flash/air640w.js";
import { writeLuaDb, type LuaDbInput } from "../../image/luadb.js";

/** Every byte value, so control bytes (SOH, EOT, CAN, XON/XOFF, 0x1A padding) travel inside files. */
export function allByteValues(length: number): Buffer {
    return Buffer.from(Array.from({ length }, (_, i) => (i * 7 + (i >> 8)) & 0xff));
}

/** A main.lua of some kilobytes, the way the build writes it. */
export function mainLua(bytes: number): Buffer {
    const lines = ['PROJECT = "flashtest"', 'VERSION = "1.0.0"', 'local sys = require("sys")'];
    for (let i = 0; lines.join("\n").length < bytes - 40; i++) lines.push(`log.info("tick", ${i}, "${"x".repeat(i % 40)}")`);
    lines.push("sys.run()");
    return Buffer.from(`${lines.join("\n")}\n`.padEnd(bytes, "-"));
}

/** Builds an image with the real LuaDB writer and plans it for an Air640W. */
export function imagePlan(files: LuaDbInput[]): { image: Buffer; plan: FlashPlan } {
    const image = writeLuaDb(files);
    return { image, plan: planFlash(image, { board: "air640w", limit: 200 * 1024, source: "test image" }) };
}

/**
 * Short waits for the simulated module: it answers within milliseconds, but
 * rb only asks for a file after about a second and confirms EOT after another.
 */
export const FAST: FlashTiming = {
    resetPulseMs: 10,
    bootMs: 250,
    answerTimeoutMs: 800,
    reinitAttempts: 4,
    ryAttempts: 2,
    ymodem: { startTimeoutMs: 5000, ackTimeoutMs: 2500, maxRetries: 4 },
};
