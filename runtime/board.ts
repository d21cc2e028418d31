import { BOARD_NAMES, getBoard, type GenerationName, type LuaVmProfile } from "../image/boards.js";
import type { FirmwareGeneration } from "./firmware/context.js";
import { currentBanners } from "./firmware/current/banners.js";
import { currentFirmware } from "./firmware/current/index.js";
import { netclient2021For } from "./firmware/netclient-2021/index.js";
import { notSimulatedModules } from "./firmware/emulated-modules.js";

/** What `rtos.firmware()/version()/bsp()/buildDate()` and meminfo report for a module. */
export interface BoardProfile {
    name: string;
    /** rtos.bsp() */
    bsp: string;
    /** rtos.version() */
    version: string;
    /** rtos.buildDate(), the C compiler's __DATE__ format. */
    buildDate: string;
    /** Lua heap size in bytes (rtos.meminfo("lua") total): what the firmware's own data may use. */
    luaHeap: number;
    /**
     * Bytes of the Lua allocator's pool: interpreter, libraries and the
     * firmware's data together. Past it (estimated with the 32-bit size
     * model) the VM fails with "not enough memory". Absent: no bound.
     */
    luaPool?: number;
    /** System heap: total and used bytes (rtos.meminfo("sys")). */
    sysHeap: [number, number];
    /** Whether integers are 32-bit (LUA_32BITS); fengari always has 32-bit integers. */
    int32: boolean;
    /** Bytes of a Lua float: 4 on LUA_32BITS firmware (floats rounded to float32), 8 otherwise. */
    numberBytes: 4 | 8;
    /**
     * The firmware generation the board runs; `bootDevice` without an
     * explicit `generation` boots its C layer. Absent: the 2021 firmware.
     */
    generation?: GenerationName;
    /** The current firmware's network adapter index (`socket.dft()`); current generation only. */
    networkAdapter?: number;
    /** The current firmware's Lua VM: its heap figures follow that firmware's (runtime/heap-current.ts). */
    luaVm?: LuaVmProfile;
    /** What today's firmware prints at boot beside the figures above (firmware/current/banners.ts); current generation only. */
    mainBanner?: MainBanner;
    /**
     * Whether the C compiler's plain `char` is signed: true on the PC build
     * (x86), false (absent) on the modules' ARM builds. It shows where the
     * firmware's C does arithmetic on `char`, e.g. string.fromHex and
     * string.toValue on bytes 0x80 and above.
     */
    charSigned?: boolean;
    /**
     * Whether the port's timer callback also counts a repeat down before the
     * message reaches Lua: true on the PC build (bsp/pc/port/rtos/luat_timer_pc.c
     * timer_cb decrements `repeat` and l_timer_handler decrements it again), so a
     * timer started with n repeats fires floor(n/2)+1 times there instead of n+1.
     */
    timerCountsTwice?: boolean;
    /**
     * What `fs.fsstat()` (io.fsstat, liolib.c l_fs_fsstat) reports for the
     * file system the device's files live on; current generation only.
     * Absent: not known, and fs.fsstat raises "not simulated".
     */
    fileSystem?: FileSystemReport;
}

/** A file system as luat_fs_info describes it (luat_fs.h luat_fs_info_t). */
export interface FileSystemReport {
    /** Its type name: "posix", "lfs", "luadb", "ram". */
    type: string;
    totalBlocks: number;
    usedBlocks: number;
    blockSize: number;
}

/** The parts of today's boot banner that are the firmware build's own, as its log shows them. */
export interface MainBanner {
    /** The model name luat_main prints (`LuatOS@<model>`): the module's name, "PC" on the PC build. */
    model: string;
    /** `LUAT_VERSION`, the LuatOS base the build is from ("26.04"). */
    base: string;
    /** The time of day of `ROM Build:`, after rtos.buildDate(). */
    buildTime: string;
    /** Third value of the `loadlibs sys` line; undefined: the system heap's free bytes, as the PC build prints there. */
    sysMax?: number;
    /** System heap the mounted script image takes per file beyond the first (the PC build: 48 bytes). */
    sysBytesPerScriptFile?: number;
    /** The `loadlibs psram` line's three values. */
    psram: [number, number, number];
    /** LUAT_EXIT_REBOOT_DELAY: how long after "Lua VM exit!!" the firmware reboots. */
    exitRebootMs: number;
}

/** What the firmware build reports about itself, beside the module's facts. */
type FirmwareFacts = Pick<BoardProfile, "version" | "buildDate" | "sysHeap" | "luaPool" | "mainBanner" | "charSigned" | "timerCountsTwice" | "fileSystem">;

/**
 * A simulated board: the module's facts (bsp, Lua heap, number width,
 * generation) come from the image's board table (image/boards.ts), so
 * compiler, image and simulator agree; only what the firmware build reports
 * about itself is added here.
 */
function simulatedBoard(name: string, firmware: FirmwareFacts): BoardProfile {
    const board = getBoard(name);
    return {
        name: board.name,
        bsp: board.bsp,
        luaHeap: board.luaHeapBytes,
        int32: board.integerBytes === 4,
        numberBytes: board.numberBytes,
        generation: board.generation,
        ...(board.networkAdapter === undefined ? {} : { networkAdapter: board.networkAdapter }),
        ...(board.luaVm === undefined ? {} : { luaVm: board.luaVm }),
        ...firmware,
    };
}

/**
 * The firmware's own report per board. air640w and pc are measured on
 * their firmware; air780epm and air8000 are read from module logs in the
 * LuatOS sources (f9601cc12: module/Air780EPM/demo/sensor/adxl34x/readme.md
 * and module/Air8000/demo/sensor/adxl34x/readme.md print the boot banner of
 * an Air780EPM and an Air8000A, V2046, 32bit); air101 and esp32 are
 * placeholders (the version of the LuatOS sources the declarations follow,
 * a system heap of the same shape).
 */
const FIRMWARE: Record<(typeof BOARD_NAMES)[number], FirmwareFacts> = {
    // luaPool: LUAT_HEAP_SIZE for the W600, luat/rtt/luat_malloc_rtt.c (64 KB handed to Lua's allocator).
    air640w: { version: "V0005", buildDate: "Mar 24 2021", sysHeap: [96 * 1024, 52 * 1024], luaPool: 64 * 1024 },
    air302: { version: "V0005", buildDate: "Mar 24 2021", sysHeap: [96 * 1024, 52 * 1024] },
    air101: { version: "V2035", buildDate: "Aug 1 2026", sysHeap: [64 * 1024, 16 * 1024] },
    esp32: { version: "V2035", buildDate: "Aug 1 2026", sysHeap: [128 * 1024, 32 * 1024] },
    // Measured: rtos.version() and rtos.meminfo("sys") of the LuatOS PC build.
    pc: {
        version: "V2035",
        buildDate: "Nov 27 2026",
        sysHeap: [2097136, 8776],
        // LUAT_EXIT_REBOOT_DELAY 1000 in bsp/pc/include/luat_conf_bsp.h.
        mainBanner: { model: "PC", base: "26.04", buildTime: "08:03:53", sysBytesPerScriptFile: 48, psram: [16777200, 0, 0], exitRebootMs: 1000 },
        // An x86 build: plain char is signed.
        charSigned: true,
        timerCountsTwice: true,
        // Measured: fs.fsstat("/") of the PC build, whose root is the host folder (luat_fs_posix's info: no block figures).
        fileSystem: { type: "posix", totalBlocks: 0, usedBlocks: 0, blockSize: 512 },
    },
    // The EC718 bsp's reboot delay is not in the LuatOS sources: luat_main.c's default.
    air780epm: {
        version: "V2046",
        buildDate: "Jul  7 2026",
        sysHeap: [2366664, 82756],
        mainBanner: { model: "Air780EPM", base: "26.04", buildTime: "20:39:17", sysMax: 89356, psram: [2366664, 82756, 89356], exitRebootMs: 15_000 },
    },
    air8000: {
        version: "V2046",
        buildDate: "Jul  7 2026",
        sysHeap: [3175376, 133328],
        mainBanner: { model: "Air8000A", base: "26.04", buildTime: "14:50:30", sysMax: 133368, psram: [3175376, 133328, 133368], exitRebootMs: 15_000 },
    },
};

/** Board profiles the simulator runs: every board of the board table. */
export const BOARDS: Record<string, BoardProfile> = Object.fromEntries(BOARD_NAMES.map(name => [name, simulatedBoard(name, FIRMWARE[name])]));

export const DEFAULT_BOARD = "air640w";

/** The simulator's C layer for a board's generation: the 2021 netclient firmware, or today's with the board's network adapter. */
export function firmwareOf(board: BoardProfile): FirmwareGeneration {
    if (board.generation !== "current") return netclient2021For(board);
    return currentFirmware({
        ...(board.networkAdapter === undefined ? {} : { adapter: board.networkAdapter }),
        banners: currentBanners(board.mainBanner?.exitRebootMs),
        notSimulated: notSimulatedModules({ name: board.name, generation: "current" }),
        ...(board.timerCountsTwice === true ? { timerCountsTwice: true } : {}),
    });
}
