/**
 * What a simulated device is made from and what it reports: the options of
 * `bootDevice`, the records of its serial port and bus, and the firmware's
 * fixed delays.
 */
import { UserError } from "../common/user-error.js";
import type { VirtualPeripherals } from "./peripherals.js";
import { BOARDS, DEFAULT_BOARD, type BoardProfile } from "./board.js";
import type { FirmwareGeneration } from "./firmware/context.js";
import type { Network, Scheduler } from "./net/network.js";

/** Which network the device talks to. */
export type NetworkChoice = "virtual" | "host" | ((scheduler: Scheduler) => Network);

export interface DeviceOptions {
    /** The script folder: build/lua (main.lua, sys.lua, modules, source maps). */
    buildDir: string;
    /** "virtual" (default; in process, deterministic), "host" (real sockets, wall clock), or a factory. */
    network?: NetworkChoice;
    /** Seed of the virtual network's random draws and of the device's identity (`mcu.unique_id` on today's firmware). Default 1. */
    seed?: number;
    /** Host network: NAME -> IPv4 overrides. */
    dns?: Record<string, string>;
    /** Clock for a network factory: "virtual" (default) or "wall". */
    clock?: "virtual" | "wall";
    /** Board profile name (any board of image/boards.ts) or object. Default "air640w". */
    board?: string | BoardProfile;
    /** Firmware generation (set of C modules). Default: the board's generation (the 2021 netclient firmware for air640w). */
    generation?: FirmwareGeneration;
    /** Virtual hardware (Wi-Fi access points, pins, UARTs, sensors). Default: nothing connected. */
    peripherals?: VirtualPeripherals;
    /** Reboot after a crash like the device (default true); false leaves it halted. */
    rebootOnCrash?: boolean;
    /** Lua instructions a turn may run before the watchdog stops it. Default 10 million (about a third of a second of fengari time). */
    watchdogInstructions?: number;
    /**
     * Bytes of Lua heap (estimated with the board's 32-bit size model) past
     * which the VM fails with "not enough memory". Default: the board's
     * `luaPool`; `false` turns the bound off.
     */
    heapLimit?: number | false;
    /** Folder that TypeScript paths in errors are relative to. Default: cwd. */
    cwd?: string;
    /** Include the firmware's own C log lines (`I/luat.netc ...`). Default true. */
    firmwareLogs?: boolean;
    /** Called for every serial line as it is printed. */
    onLog?: (line: LogLine) => void;
    /** Keep every serial line in `device.log` (default true); false keeps none (fleets, long runs with `onLog`). */
    keepLog?: boolean;
    /** RTC value (epoch ms) at each boot before NTP sets it. Default 0 (1970, an RT-Thread soft RTC). */
    rtcEpochMs?: number;
}

/**
 * Who wrote a serial line: the firmware's Lua (`print`, `log.*`), the
 * firmware's C code (its log lines, `LUAT:` crash lines, bus warnings), or
 * the simulator (`[sim]` notes, which a real device does not print).
 */
export type LineSource = "lua" | "c" | "sim";

/** One line of the serial port. */
export interface LogLine {
    /** Device time in ms since the simulation started. */
    timeMs: number;
    /** Boot number (0 first). */
    boot: number;
    text: string;
    source: LineSource;
}

/** A topic published through sys.publish (by Lua, the C layer via sys_pub, or the host). */
export interface Publication {
    timeMs: number;
    boot: number;
    topic: string;
    /** Arguments: strings, numbers, booleans, null for nil, a `tostring` text for other values. */
    args: (string | number | boolean | null)[];
}

export interface RunOptions {
    /** Stop as soon as this topic is published, or a log line matches. */
    until?: { topic?: string; log?: string | RegExp };
    /** Stop when the firmware crashes (the CLI without --reboot). */
    stopOnCrash?: boolean;
}

export interface RunResult {
    reason: "duration" | "topic" | "log" | "crash" | "disposed";
    /** Device time when the run stopped. */
    timeMs: number;
}

/** The message bus: a 4 KB rt_mq pool of 12-byte messages, each with an 8-byte header (luat_msgbus_rtt.c): 204 messages. */
export const BUS_CAPACITY = Math.floor(4096 / (12 + 8));
/** rtos.reboot(): the firmware resets about this long after the call. */
export const REBOOT_DELAY_MS = 100;
/** The hardware watchdog of the RT-Thread port (wdg_timeout, 15 s): a stuck Lua thread resets the chip this much later. */
export const WATCHDOG_RESET_MS = 15_000;
/** luat_main: "Lua VM exit!! reboot in 30s". */
export const VM_EXIT_REBOOT_MS = 30_000;

/** The board profile an option names (UserError for an unknown name). */
export function resolveBoard(board: string | BoardProfile | undefined): BoardProfile {
    const choice = board ?? DEFAULT_BOARD;
    if (typeof choice !== "string") return choice;
    const found = BOARDS[choice.toLowerCase()];
    if (found === undefined) throw new UserError(`unknown board "${choice}": known boards are ${Object.keys(BOARDS).join(", ")}`);
    return found;
}
