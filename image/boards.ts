import { UserError } from "../common/user-error.js";

/**
 * A generation of LuatOS firmware: the API a board's firmware offers.
 * - `"2021"`: the March 2021 cores (Air640W, Air302): the netclient
 *   `socket.tcp()` API, no built-in sys (sys.lua travels in the image).
 * - `"current"`: today's cores: `socket.create`/`zbuff`, sys and sysplus
 *   built into the firmware (`luadb_inline_sys`).
 */
export type GenerationName = "2021" | "current";

/** What a board's generation decides, beside the board's own figures. */
export interface GenerationProfile {
    name: GenerationName;
    /** The declarations entry a firmware for it is typed against (inside the toolkit's package). */
    declarations: string;
    /** The config a project extends to get that entry. */
    config: string;
    /** Whether the build adds the toolkit's sys.lua (stdlib/) when the app brings none. */
    addsToolkitSys: boolean;
    /** Lua libraries of the toolkit (lualibs/) the build adds to the image when the firmware requires them. */
    toolkitLibraries: readonly string[];
    /** How the firmware prints `log.info("tag", ...)`, for messages and docs. */
    logFormat: string;
}

/** The two generations, by name. */
export const GENERATIONS: Record<GenerationName, GenerationProfile> = {
    "2021": {
        name: "2021",
        declarations: "types/index.d.ts",
        config: "luatos-ts/tstl.json",
        addsToolkitSys: true,
        toolkitLibraries: [],
        // luat_lib_log.c (2021): log.info goes through print, which joins the values with tabs.
        logFormat: "I/user.tag<TAB>value<TAB>value",
    },
    current: {
        name: "current",
        declarations: "types/current/index.d.ts",
        config: "luatos-ts/types/current/tstl.json",
        addsToolkitSys: false,
        toolkitLibraries: ["libnet", "netclient-compat"],
        // luat_lib_log.c (current): the values joined by spaces, behind a `[date][uptime]` prefix on the PC build.
        logFormat: "I/user.tag value value",
    },
};

/**
 * The Lua VM of a current-generation firmware, as far as its heap goes:
 * what the firmware holds when main.lua starts, and the pointer width the
 * VM's structs are laid out with (runtime/heap-current.ts).
 */
export interface LuaVmProfile {
    /** `void *`/`size_t` of the machine: 8 on the PC build (x86-64), 4 on the modules' Cortex-M cores. */
    pointerBytes: 4 | 8;
    /** The pool in use once the C libraries are opened, before sys: the firmware's `loadlibs luavm <total> <used>` line. */
    loadlibsBytes: number;
    /**
     * The heap in use when main.lua is about to run: C libraries, the
     * embedded sys and sysplus. `luaBytes` is `collectgarbage("count")`,
     * `allocatedBytes` the bget pool's figure (`rtos.meminfo()` used),
     * `shortStrings` the strings in the string table then (its size follows them).
     */
    bootHeap: {
        luaBytes: number;
        allocatedBytes: number;
        shortStrings: number;
        /** The pool's high-water mark then (rtos.meminfo()'s third figure): loading sys peaks above what stays. */
        peakAllocatedBytes?: number;
    };
}

/** A declarations entry of the toolkit and the config a project extends to get it. */
export interface DeclarationsEntry {
    /** The entry (inside the toolkit's package). */
    declarations: string;
    /** The config that selects it, as a project's `extends` names it. */
    config: string;
}

/** What the toolkit needs to know about a module to build a script image for it. */
export interface BoardProfile {
    /** The name used on the command line. */
    name: BoardName;
    /** What `rtos.bsp()` returns on this module's firmware. */
    bsp: string;
    /** Bytes available to the script image on the module. */
    scriptAreaBytes: number;
    /**
     * Bytes of Lua heap the board's documentation calls usable for the
     * firmware's own code and data ("about 40 KB" of the Air640W's 64 KB).
     * The heap check of 2021 boards compares with {@link luaPoolBytes} instead.
     */
    luaHeapBytes: number;
    /**
     * The whole pool Lua's allocator gets (interpreter, libraries, the
     * firmware's code and data, allocator headers), where it is known:
     * `LUAT_HEAP_SIZE` of the 2021 Air640W port (luat/rtt/luat_malloc_rtt.c),
     * the "78 KB Lua heap" of the Air302. What the build's pool check compares with.
     */
    luaPoolBytes?: number;
    /** Width of Lua integers in bytes (4 with `LUA_32BITS`). */
    integerBytes: 4 | 8;
    /** Width of Lua floats in bytes (4 with `LUA_32BITS`). */
    numberBytes: 4 | 8;
    /**
     * Sizes the firmware's bytecode loader also checks (lundump.c
     * checkHeader): `int`, `size_t` and `Instruction` of a 32-bit MCU.
     */
    cIntBytes: 4;
    sizeTBytes: 4;
    instructionBytes: 4;
    /**
     * Whether the firmware carries its own sys.lua (`luadb_inline_sys`). The
     * 2021 Air640W and Air302 firmware did not: sys.lua had to be in the image.
     */
    embedsSys: boolean;
    /** Whether Luatools appends the `.airm2m_all_crc#.bin` MD5 record for this core. */
    md5Trailer: boolean;
    /**
     * Longest module name `require` handles safely. The March 2021 searcher
     * (lua/src/loadlib.c at 311e4325a) formats `/<name>.luac` into a 32-byte
     * buffer, so longer names overflow it; later cores use 64 bytes and allow 48.
     */
    maxModuleNameBytes: number;
    /** The firmware generation the board runs: decides declarations, the simulator's C layer and what the image carries. */
    generation: GenerationName;
    /**
     * The firmware's default network adapter index (`socket.dft()`): 17 ETH0 on
     * the PC build, 1 LWIP_GP on cellular modules, 2 LWIP_STA on Wi-Fi modules.
     * Current generation only.
     */
    networkAdapter?: number;
    /** The firmware's Lua VM, for the heap figures of the current generation; absent: the 2021 size model alone. */
    luaVm?: LuaVmProfile;
    /**
     * The declarations of the modules this board's firmware opens, where they
     * are narrower than its generation's entry (docs/declarations.md, "Declarations
     * of one board's modules"). Absent: the generation's entry ({@link declarationsOf}).
     */
    declarations?: DeclarationsEntry;
    /** Where the figures come from. */
    source: string;
}

export const BOARD_NAMES = ["air640w", "air302", "air101", "esp32", "pc", "air780epm", "air8000"] as const;
export type BoardName = (typeof BOARD_NAMES)[number];

const KB = 1024;

/*
 * Figures, and where they were read:
 * - air640w: bsp/air640w/README.md in openLuat/LuatOS (2021-03, 311e4325a):
 *   "file system 256 KB, 200 KB usable"; "64 KB Lua heap, about 40 KB usable".
 *   Scripts live on that littlefs partition, so the usable 200 KB is the limit.
 *   rtos.bsp() is "w60x" (luat/rtt/luat_rtt_base.c). LUA_32BITS build.
 * - air302: bsp/air302/README.md (same commit): "file system 332 KB, littlefs
 *   2.1, about 200 KB usable"; "78 KB Lua heap, about 50 KB usable"; bsp
 *   "ec616" (bsp/air302/src/luat_air302_base.c). LUA_32BITS build.
 * - air101: openLuat/luatos-soc-air101 partition/AIR101.csv: `script` partition
 *   64 KB at 0x1E0000 (the default; cloud builds can enlarge it in 64 KB steps,
 *   app/port/luat_conf_bsp_air103.h). Lua heap 128 KB without Wi-Fi
 *   (app/port/luat_malloc_air101.c, LUAT_HEAP_P2_SIZE). LUAT_CONF_VM_64bit
 *   (app/port/luat_conf_bsp.h): 64-bit integers and floats. .soc firmware, so
 *   Luatools adds the MD5 record.
 * - esp32: dreamcmi/LuatOS-ESP32 partitions.csv (4 MB flash): `script`
 *   partition 0x40000 = 256 KB, mounted as LuaDB by
 *   components/luat/port/luat_fs_esp32.c. Lua heap 96 KB on the ESP32-C3 without
 *   SSL (main/luatos_main.c LUAT_HEAP_SIZE; 80 KB with SSL), the conservative
 *   64 KB of the classic ESP32 is used here. Its tools/luadb.py always appends
 *   the MD5 record. LUA_32BITS build (luaconf.h of its core).
 * - Built-in sys: the Air101 and ESP32 cores mount `luadb_inline_sys`
 *   (app/port/luat_fs_air101.c, components/luat/port/luat_fs_esp32.c); the 2021
 *   Air640W and Air302 tools packed sys.lua from the bsp's lib/ folder with the
 *   user's scripts (bsp/air640w/air640w.py, bsp/air302/air302.py).
 * - Generations: air640w and air302 run the 2021 netclient firmware. The
 *   Air101 and ESP32 cores embed sys and have no netclient module, so they
 *   are counted as current-generation boards (their later firmware follows
 *   the current API; the 2022 cores had fewer modules than the declarations).
 * - pc: the LuatOS PC build (bsp/pc of openLuat/LuatOS at f9601cc12), measured
 *   by running it: rtos.bsp() "PC", rtos.version() "V2035", rtos.meminfo()
 *   4194288 bytes of Lua heap, math.maxinteger 2^31-1 and
 *   string.packsize("n") 4 (bsp/pc/include/luat_conf_bsp.h leaves
 *   LUAT_CONF_VM_64bit off). It reads the image from a file (--ldb), so there
 *   is no partition: 1 MB is a bound chosen here, not a firmware limit.
 * - air780epm (EC718PM): module/Air780EPM logs in the LuatOS sources print
 *   "fs 168kbyte script 256kbyte" for the BASIC firmware
 *   (project/Air8780P_vl53l1x/readme.md) and "loadlibs luavm 1048568"
 *   (demo/fota readme): 256 KB script area, 1 MB Lua heap. Chip name from
 *   demo/hmeta/readme.md ("EC718PM"); rtos.bsp() is assumed to report it.
 * - air8000 (EC718HM): module/Air8000/demo/audio/readme.md prints
 *   "fs 512kbyte script 512kbyte" for the VOLTE firmware: 512 KB script
 *   area; module/Air8000/demo/sensor/adxl34x/readme.md:141 an Air8000A's
 *   "loadlibs luavm 4194296 16456": a 4 MB Lua heap.
 * - Number width of the EC718 modules: the banner of both logs above says
 *   "32bit" (luat_main.c prints "64bit" for LUAT_CONF_VM_64bit builds, as
 *   an Air780EHV's log in the same sources does).
 * - Lua heap of today's firmware (`luaVm`): LuatOS gives the VM a bget pool
 *   (lua/src/bget.c: requests rounded to 8 bytes, a two-`long` header per
 *   block), and prints `loadlibs luavm <total> <used> <max>` before sys is
 *   loaded (luat/modules/luat_main.c:112). The pool total is its size less
 *   one header: 4194288 = 4 MiB - 16 on the PC build (x86-64), 1048568 =
 *   1 MiB - 8 and 4194296 = 4 MiB - 8 on the modules (32-bit pointers).
 *   Boot heap (before main.lua): pc measured on luatos-pc (a small
 *   firmware's figures and string count less what the simulator says its
 *   script added: `npx tsx bench/heap-model-current.ts --calibrate`); the
 *   modules: their logged `loadlibs` figure plus the embedded sys and
 *   sysplus, which take 62464 - 24416 = 38048 bytes of pool on the PC
 *   build, scaled to 32-bit pointers by the size model (the simulator's sys
 *   walked with both pointer widths: x 0.691, 26291 bytes; Lua's own count
 *   is 0.82 of that, and 0.832 of the `loadlibs` figure); the string count
 *   is the PC build's.
 */
const BOARDS: Record<BoardName, BoardProfile> = {
    air640w: {
        name: "air640w",
        bsp: "w60x",
        scriptAreaBytes: 200 * KB,
        luaHeapBytes: 40 * KB,
        luaPoolBytes: 64 * KB,
        integerBytes: 4,
        numberBytes: 4,
        cIntBytes: 4,
        sizeTBytes: 4,
        instructionBytes: 4,
        md5Trailer: false,
        embedsSys: false,
        maxModuleNameBytes: 25,
        generation: "2021",
        source: "openLuat/LuatOS bsp/air640w/README.md (2021): 256 KB littlefs, 200 KB usable; 64 KB Lua heap, about 40 KB usable",
    },
    air302: {
        name: "air302",
        bsp: "ec616",
        scriptAreaBytes: 200 * KB,
        luaHeapBytes: 50 * KB,
        luaPoolBytes: 78 * KB,
        integerBytes: 4,
        numberBytes: 4,
        cIntBytes: 4,
        sizeTBytes: 4,
        instructionBytes: 4,
        md5Trailer: false,
        embedsSys: false,
        maxModuleNameBytes: 25,
        generation: "2021",
        declarations: { declarations: "types/air302/index.d.ts", config: "luatos-ts/types/air302/tstl.json" },
        source: "openLuat/LuatOS bsp/air302/README.md (2021): 332 KB littlefs, about 200 KB usable; 78 KB Lua heap, about 50 KB usable",
    },
    air101: {
        name: "air101",
        bsp: "AIR101",
        scriptAreaBytes: 64 * KB,
        luaHeapBytes: 128 * KB,
        integerBytes: 8,
        numberBytes: 8,
        cIntBytes: 4,
        sizeTBytes: 4,
        instructionBytes: 4,
        md5Trailer: true,
        embedsSys: true,
        maxModuleNameBytes: 48,
        generation: "current",
        networkAdapter: 2,
        declarations: { declarations: "types/current/air101/index.d.ts", config: "luatos-ts/types/current/air101/tstl.json" },
        source: "openLuat/luatos-soc-air101 partition/AIR101.csv: script partition 64 KB; app/port/luat_malloc_air101.c: 128 KB Lua heap",
    },
    esp32: {
        name: "esp32",
        bsp: "ESP32C3",
        scriptAreaBytes: 256 * KB,
        luaHeapBytes: 64 * KB,
        integerBytes: 4,
        numberBytes: 4,
        cIntBytes: 4,
        sizeTBytes: 4,
        instructionBytes: 4,
        md5Trailer: true,
        embedsSys: true,
        maxModuleNameBytes: 48,
        generation: "current",
        networkAdapter: 2,
        source: "dreamcmi/LuatOS-ESP32 partitions.csv: script partition 0x40000 (256 KB); main/luatos_main.c: 64-96 KB Lua heap",
    },
    pc: {
        name: "pc",
        bsp: "PC",
        scriptAreaBytes: 1024 * KB,
        luaHeapBytes: 4194288,
        integerBytes: 4,
        numberBytes: 4,
        cIntBytes: 4,
        sizeTBytes: 4,
        instructionBytes: 4,
        md5Trailer: false,
        embedsSys: true,
        maxModuleNameBytes: 48,
        generation: "current",
        networkAdapter: 17,
        luaVm: { pointerBytes: 8, loadlibsBytes: 24416, bootHeap: { luaBytes: 47977, allocatedBytes: 62464, shortStrings: 278, peakAllocatedBytes: 69160 } },
        declarations: { declarations: "types/current/pc/index.d.ts", config: "luatos-ts/types/current/pc/tstl.json" },
        source: "measured on the LuatOS PC build (bsp/pc, f9601cc12): rtos.bsp() PC, rtos.meminfo() 4194288 bytes of Lua heap (a 4 MiB bget pool less one 16-byte header), 32-bit numbers, 64-bit pointers, boot heap before main.lua; script area: an estimate (the image is a file)",
    },
    air780epm: {
        name: "air780epm",
        bsp: "EC718PM",
        scriptAreaBytes: 256 * KB,
        luaHeapBytes: 1048568,
        integerBytes: 4,
        numberBytes: 4,
        cIntBytes: 4,
        sizeTBytes: 4,
        instructionBytes: 4,
        md5Trailer: true,
        embedsSys: true,
        maxModuleNameBytes: 48,
        generation: "current",
        networkAdapter: 1,
        luaVm: { pointerBytes: 4, loadlibsBytes: 14784, bootHeap: { luaBytes: 33859, allocatedBytes: 41075, shortStrings: 278 } },
        declarations: { declarations: "types/current/air780epm/index.d.ts", config: "luatos-ts/types/current/air780epm/tstl.json" },
        source: "openLuat/LuatOS f9601cc12 module/Air780EPM/demo/sensor/adxl34x/readme.md:138-141 log `LuatOS@Air780EPM base 26.04 bsp V2046 32bit`, `loadlibs luavm 1048568 14784`: 32-bit VM, a 1 MiB bget pool less one 8-byte header, 14784 bytes used by the C libraries; script 256 KB (project/Air8780P_vl53l1x/readme.md, BASIC firmware); bsp name and the sys part of the boot heap are estimates",
    },
    air8000: {
        name: "air8000",
        bsp: "EC718HM",
        scriptAreaBytes: 512 * KB,
        luaHeapBytes: 4194296,
        integerBytes: 4,
        numberBytes: 4,
        cIntBytes: 4,
        sizeTBytes: 4,
        instructionBytes: 4,
        md5Trailer: true,
        embedsSys: true,
        maxModuleNameBytes: 48,
        generation: "current",
        networkAdapter: 1,
        luaVm: { pointerBytes: 4, loadlibsBytes: 16456, bootHeap: { luaBytes: 35250, allocatedBytes: 42747, shortStrings: 278 } },
        declarations: { declarations: "types/current/air8000/index.d.ts", config: "luatos-ts/types/current/air8000/tstl.json" },
        source: "openLuat/LuatOS f9601cc12 module/Air8000/demo/sensor/adxl34x/readme.md:138-141 log `LuatOS@Air8000A base 26.04 bsp V2046 32bit`, `loadlibs luavm 4194296 16456`: 32-bit VM, a 4 MiB bget pool less one 8-byte header, 16456 bytes used by the C libraries; script 512 KB (module/Air8000/demo/audio/readme.md); bsp name and the sys part of the boot heap are estimates",
    },
};

/** The board every command uses when none is given. */
export const DEFAULT_BOARD: BoardName = "air640w";

/** Looks up a board profile; an unknown name is a {@link UserError} listing the known ones. */
export function getBoard(name: string): BoardProfile {
    const key = name.toLowerCase();
    if (!(BOARD_NAMES as readonly string[]).includes(key)) {
        throw new UserError(`unknown board "${name}"; known boards: ${BOARD_NAMES.join(", ")}`);
    }
    return BOARDS[key as BoardName];
}

/** The generation profile of a board. */
export function generationOf(board: Pick<BoardProfile, "generation">): GenerationProfile {
    return GENERATIONS[board.generation];
}

/** The declarations a firmware for the board is typed against: the board's own entry, else its generation's. */
export function declarationsOf(board: Pick<BoardProfile, "generation" | "declarations">): DeclarationsEntry {
    return board.declarations ?? GENERATIONS[board.generation];
}

/** "32-bit" or "64-bit" numbers, for messages. */
/** The boards whose firmware is built with LUA_32BITS (32-bit integers and floats), by name: "air640w, air302, ...". */
export function lua32BitBoardNames(): string {
    return BOARD_NAMES.filter(name => BOARDS[name].integerBytes === 4 && BOARDS[name].numberBytes === 4).join(", ");
}

export function numberWidthLabel(integerBytes: number, numberBytes: number): string {
    if (integerBytes === numberBytes) return `${integerBytes * 8}-bit integers and floats`;
    return `${integerBytes * 8}-bit integers and ${numberBytes * 8}-bit floats`;
}

/**
 * How a build ships its Lua: `"bytecode"` stripped 32-bit chunks like
 * `luac -s` (image/lua-dump.ts), `"bytecode-lines"` the same with source
 * names and line numbers kept, `"source"` plain .lua compiled on the device.
 */
export type LuaForm = "bytecode" | "bytecode-lines" | "source";

/**
 * What a build ships when not told: stripped bytecode on 2021 boards with
 * LUA_32BITS (the device then needs no parser memory at boot, which decides
 * whether the reference firmware fits the Air640W's pool: docs/heap.md),
 * plain source elsewhere.
 */
export function defaultLuaForm(board: Pick<BoardProfile, "generation" | "integerBytes" | "numberBytes">): LuaForm {
    return board.generation === "2021" && board.integerBytes === 4 && board.numberBytes === 4 ? "bytecode" : "source";
}
