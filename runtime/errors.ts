import type { LuaSourceMaps, SourceLocation } from "../common/source-maps.js";

/** What ended or disturbed the firmware. */
export type FirmwareErrorKind =
    /** An error escaped main.lua (a top-level error, or a task error that sys raised): the VM exits. */
    | "crash"
    /** A task ran its instruction budget without yielding; the simulator stopped it. */
    | "watchdog"
    /** sys.wait / waitUntil inside a TSTL async function (its coroutine is not a sys task). */
    | "wait-outside-task";

/** A Lua error seen by the simulator, with TypeScript locations where source maps cover them. */
export interface FirmwareError {
    kind: FirmwareErrorKind;
    /** Device time (ms since the simulation started). */
    timeMs: number;
    /** Boot number (0 for the first boot). */
    boot: number;
    /** The Lua error message as the VM produced it. */
    luaMessage: string;
    /** The Lua traceback at the error, when one was taken. */
    luaTraceback: string;
    /** The message with Lua locations rewritten to TypeScript (`src/main.ts:12 (main.lua:20)`). */
    message: string;
    /** The traceback, mapped the same way. */
    traceback: string;
    /** The first location in the user's code (not sys or lualib) that maps to TypeScript, else the first Lua one. */
    location?: SourceLocation & { lua: string };
}

const LUA_LOCATION = /((?:[\w.@-]+\/)*[\w.-]+\.lua):(\d+)/g;
const LIBRARY_FILES = new Set(["sys.lua", "lualib_bundle.lua"]);

/** Finds the user's location in a message and traceback: skips sys and lualib frames. */
export function userLocation(maps: LuaSourceMaps, ...texts: string[]): (SourceLocation & { lua: string }) | undefined {
    let fallback: (SourceLocation & { lua: string }) | undefined;
    for (const text of texts) {
        for (const match of text.matchAll(LUA_LOCATION)) {
            const file = match[1]!.replace(/^\.?\//, "");
            const line = Number(match[2]);
            const mapped = maps.lookup(file, line);
            const lua = `${file}:${line}`;
            if (LIBRARY_FILES.has(file.split("/").pop()!)) continue;
            if (mapped !== undefined) return { ...mapped, lua };
            fallback ??= { file, line, lua };
        }
    }
    return fallback;
}

const DEVICE_PATH_MARK = "\u0000";

/**
 * Maps Lua locations in a message or traceback to TypeScript. Chunk names
 * are device paths (`/main.lua:4`); the source maps' matcher leaves the
 * leading slash outside the location, so it is set aside and put back on
 * the Lua location: `src/main.ts:4 (/main.lua:4)`.
 */
function mapLocations(maps: LuaSourceMaps, text: string): string {
    const marked = text.replace(/(^|[\s("'[])\/(?=(?:[\w.-]+\/)*[\w.-]+\.luac?:\d+)/gm, `$1${DEVICE_PATH_MARK}`);
    return maps
        .mapText(marked)
        .replace(new RegExp(`${DEVICE_PATH_MARK}(\\S+) \\(`, "g"), "$1 (/")
        .replaceAll(DEVICE_PATH_MARK, "/");
}

/** Builds a {@link FirmwareError}, mapping Lua locations through the build's source maps. */
export function firmwareError(
    maps: LuaSourceMaps,
    kind: FirmwareErrorKind,
    timeMs: number,
    boot: number,
    luaMessage: string,
    luaTraceback: string,
): FirmwareError {
    // fengari names JavaScript frames "[JS]"; the firmware's are C functions.
    luaMessage = luaMessage.replaceAll("[JS]:", "[C]:");
    luaTraceback = luaTraceback.replaceAll("[JS]:", "[C]:");
    const location = userLocation(maps, luaMessage, luaTraceback);
    let message = mapLocations(maps, luaMessage);
    // Errors raised by C functions (yield outside a coroutine) carry no position: name the user's line.
    if (location !== undefined && !/\.lua:\d+/.test(luaMessage)) message = `${location.file}:${location.line}: ${message}`;
    return { kind, timeMs, boot, luaMessage, luaTraceback, message, traceback: mapLocations(maps, luaTraceback), location };
}

/** One-paragraph report of an error: the mapped message and traceback. */
export function formatFirmwareError(error: FirmwareError): string {
    const head = error.kind === "crash" ? "firmware crashed" : error.kind === "watchdog" ? "watchdog stopped the firmware" : "wait outside a task";
    const hint = hintFor(error.luaMessage);
    return `${head} at ${(error.timeMs / 1000).toFixed(3)}s (boot ${error.boot}): ${error.message}\n${error.traceback}${hint ? `\nhint: ${hint}` : ""}`;
}

/** Advice for mistakes that are about the build rather than the firmware's logic. */
function hintFor(luaMessage: string): string | undefined {
    if (/global 'sys'/.test(luaMessage)) {
        return 'main.lua never loads sys. Build with `luatos-ts build`, which adds `_G.sys = require("sys")`, ends main.lua with sys.run() and ships sys.lua; plain `tstl` does not.';
    }
    if (/module 'sys' not found/.test(luaMessage)) {
        return "the build folder has no sys.lua: `luatos-ts build` adds the toolkit's own, or put the official one in the project's lib/ folder.";
    }
    return undefined;
}
