import { getBoard } from "../image/boards.js";

/** What `rtos.firmware()/version()/bsp()/buildDate()` and meminfo report for a module. */
export interface BoardProfile {
    name: string;
    /** rtos.bsp() */
    bsp: string;
    /** rtos.version() */
    version: string;
    /** rtos.buildDate(), the C compiler's __DATE__ format. */
    buildDate: string;
    /** Lua heap size in bytes (rtos.meminfo("lua") total). */
    luaHeap: number;
    /** System heap: total and used bytes (rtos.meminfo("sys")). */
    sysHeap: [number, number];
    /** Whether integers are 32-bit (LUA_32BITS); fengari always has 32-bit integers. */
    int32: boolean;
}

/**
 * A simulated board: the module's facts (bsp, Lua heap, number width) come
 * from the image's board profiles (image/boards.ts), so both agree; only
 * what the firmware build reports about itself is added here.
 */
function simulatedBoard(name: string, firmware: Pick<BoardProfile, "version" | "buildDate" | "sysHeap">): BoardProfile {
    const board = getBoard(name);
    return { name: board.name, bsp: board.bsp, luaHeap: board.luaHeapBytes, int32: board.integerBytes === 4, ...firmware };
}

/** Board profiles the simulator runs; air640w is the module the 2021 netclient API shipped on. */
export const BOARDS: Record<string, BoardProfile> = {
    air640w: simulatedBoard("air640w", { version: "V0005", buildDate: "Mar 24 2021", sysHeap: [96 * 1024, 52 * 1024] }),
};

export const DEFAULT_BOARD = "air640w";
