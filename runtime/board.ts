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

/** Board profiles; air640w is the module the 2021 netclient API shipped on. */
export const BOARDS: Record<string, BoardProfile> = {
    air640w: {
        name: "air640w",
        bsp: "w60x",
        version: "V0005",
        buildDate: "Mar 24 2021",
        luaHeap: 40 * 1024,
        sysHeap: [96 * 1024, 52 * 1024],
        int32: true,
    },
};

export const DEFAULT_BOARD = "air640w";
