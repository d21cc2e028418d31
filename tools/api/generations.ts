/**
 * Where each LuatOS generation keeps its API: which source folders hold
 * the C modules and Lua libraries, and how each board's firmware picks its
 * modules (a configuration header and the library table of its port).
 */

export interface BoardSource {
    /**
     * Headers whose `#define`s configure the board's build, read in order
     * (a common header, then the model's). Every `#define` counts, even one
     * under `#if` (the build's own options are not known here).
     */
    config: string[];
    /** C file with the `loadedlibs` table of the libraries the firmware opens. */
    libraryTable: string;
    /**
     * The repository holding `config` and `libraryTable` when it is not the
     * LuatOS one (a chip family's BSP), and the commit read; the extract is
     * then given its git directory (`--bsp <repository>=<git directory>`).
     */
    bsp?: { repository: string; commit: string };
    /** Macros the build defines beside the headers (the project's `add_defines`). */
    buildDefines?: string[];
}

export interface GenerationSource {
    /** The commit the committed extract was made from. */
    commit: string;
    /** Folders searched for C modules. */
    cFolders: string[];
    /** Folders of Lua libraries (searched recursively); each is loaded with `require("<base name>")`. */
    luaFolders: string[];
    /** Lua libraries every `main.lua` makes globals (`_G.sys = require("sys")`). */
    luaGlobals: string[];
    boards: Record<string, BoardSource>;
}

/** The EC718 family's BSP (Air780E*, Air8000...): its newest snapshot. */
const EC7XX = { repository: "openLuat/luatos-soc-2024", commit: "1c050972461c783867f9781d334e39ceb4d8b93f" } as const;

export const GENERATIONS: Record<string, GenerationSource> = {
    // March 2021: the RT-Thread port; Air640W (W600) is the board the toolkit targets.
    "2021": {
        commit: "311e4325a0b1266fd70f4ac9ee697d43a1df6cf1",
        cFolders: ["luat"],
        luaFolders: ["bsp/air640w/lib"],
        luaGlobals: ["sys"],
        boards: {
            air640w: { config: ["bsp/air640w/rtt/rtconfig.h"], libraryTable: "luat/rtt/luat_rtt_base.c" },
            // The Air302 (EC616) port's table has no #if, and no configuration header;
            // bsp/air302/Makefile.inc:33 defines AIR302 (and WITH_POSIX) for the whole build.
            air302: { config: [], libraryTable: "bsp/air302/src/luat_air302_base.c", buildDefines: ["AIR302", "WITH_POSIX"] },
        },
    },
    // The current generation. The PC build's port is in the LuatOS
    // repository; the EC718 modules' (Air780EPM, Air8000) and the Air101's
    // in their chip's BSP repository, whose configuration headers and
    // library table are open (the EC718 snapshot, April 2025, is older than
    // the LuatOS commit: modules added since are absent from those boards).
    current: {
        commit: "f9601cc1274611b0804b208733dddf23073c4d07",
        cFolders: ["luat", "components", "bsp/pc"],
        luaFolders: ["script/corelib", "script/libs"],
        luaGlobals: ["sys", "sysplus"],
        boards: {
            pc: { config: ["bsp/pc/include/luat_conf_bsp.h"], libraryTable: "bsp/pc/port/luat_base_mini.c" },
            air780epm: {
                config: ["project/luatos/inc/luat_conf_bsp.h", "project/luatos/inc/luat_conf_bsp_air780epm.h"],
                libraryTable: "interface/src/luat_base_ec7xx.c",
                bsp: EC7XX,
                // project/luatos/xmake.lua:101 add_defines("__LUATOS__"): the library table is under #ifdef __LUATOS__.
                // csdk.lua:104-105, chip_target "ec718pm": the chip's defines (crypto's pk_* and MD_* are under !TYPE_EC718PM).
                buildDefines: ["__LUATOS__", "CHIP_EC718", "TYPE_EC718M", "TYPE_EC718PM"],
            },
            air101: {
                config: ["app/port/luat_conf_bsp.h"],
                libraryTable: "app/port/luat_base_air101.c",
                bsp: { repository: "openLuat/luatos-soc-air101", commit: "70f0f7d2b934f0d583f0cc93a76166a1d3deb5cb" },
                // xmake.lua:45 add_defines(..., "__LUATOS__", ...) for the whole build.
                buildDefines: ["__LUATOS__"],
            },
            air8000: {
                config: ["project/luatos/inc/luat_conf_bsp.h", "project/luatos/inc/luat_conf_bsp_air8000.h"],
                libraryTable: "interface/src/luat_base_ec7xx.c",
                bsp: EC7XX,
                // project/luatos/xmake.lua:101 add_defines("__LUATOS__"): the library table is under #ifdef __LUATOS__.
                // csdk.lua:102-103, chip_target "ec718hm": the chip's defines.
                buildDefines: ["__LUATOS__", "CHIP_EC718", "TYPE_EC718M", "TYPE_EC718HM"],
            },
        },
    },
};
