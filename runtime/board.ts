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
}

/**
 * A simulated board: the module's facts (bsp, Lua heap, number width) come
 * from the image's board profiles (image/boards.ts), so both agree; only
 * what the firmware build reports about itself is added here.
 */
function simulatedBoard(name: string, firmware: Pick<BoardProfile, "version" | "buildDate" | "sysHeap" | "luaPool">): BoardProfile {
    const board = getBoard(name);
    return { name: board.name, bsp: board.bsp, luaHeap: board.luaHeapBytes, int32: board.integerBytes === 4, numberBytes: board.numberBytes, ...firmware };
}

/** Board profiles the simulator runs; air640w is the module the 2021 netclient API shipped on. */
export const BOARDS: Record<string, BoardProfile> = {
    // luaPool: LUAT_HEAP_SIZE for the W600, luat/rtt/luat_malloc_rtt.c (64 KB handed to Lua's allocator).
    air640w: simulatedBoard("air640w", { version: "V0005", buildDate: "Mar 24 2021", sysHeap: [96 * 1024, 52 * 1024], luaPool: 64 * 1024 }),
};

export const DEFAULT_BOARD = "air640w";
