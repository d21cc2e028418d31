/**
 * Where each LuatOS generation keeps its API: which source folders hold
 * the C modules and Lua libraries, and how each board's firmware picks its
 * modules (a configuration header and the library table of its port).
 */

export interface BoardSource {
    /** Header whose `#define`s configure the board's build. */
    config: string;
    /** C file with the `loadedlibs` table of the libraries the firmware opens. */
    libraryTable: string;
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

export const GENERATIONS: Record<string, GenerationSource> = {
    // March 2021: the RT-Thread port; Air640W (W600) is the board the toolkit targets.
    "2021": {
        commit: "311e4325a0b1266fd70f4ac9ee697d43a1df6cf1",
        cFolders: ["luat"],
        luaFolders: ["bsp/air640w/lib"],
        luaGlobals: ["sys"],
        boards: {
            air640w: { config: "bsp/air640w/rtt/rtconfig.h", libraryTable: "luat/rtt/luat_rtt_base.c" },
        },
    },
    // The current generation. Module firmwares (Air780E...) are built from
    // closed BSP repositories; the open one here is the PC build.
    current: {
        commit: "f9601cc1274611b0804b208733dddf23073c4d07",
        cFolders: ["luat", "components", "bsp/pc"],
        luaFolders: ["script/corelib", "script/libs"],
        luaGlobals: ["sys", "sysplus"],
        boards: {
            pc: { config: "bsp/pc/include/luat_conf_bsp.h", libraryTable: "bsp/pc/port/luat_base_mini.c" },
        },
    },
};
