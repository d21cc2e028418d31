/**
 * Grows the interpreter's string table once, at the end of boot, so that it
 * never has to grow during a session (docs/leak.md, "Fragmentation").
 *
 * Lua interns every short string (up to 40 bytes) in one hash array of
 * pointers, which doubles when it holds as many strings as it has slots;
 * garbage strings not yet collected count too. Growing reallocates the
 * array, and the 2021 firmware's pool allocator (bget, lua/src/bget.c)
 * needs one free block of the new size: 4 KB from 512 to 1024 slots. Once
 * sessions have come and gone, the Air640W's 64 KB pool is in pieces:
 * measured on the 2021 C code, 13 KB are free in all, yet the longest
 * string `string.rep` can still make is 1.7 to 3.5 KB. The reference firmware's table reaches 512
 * slots while its modules load; a session that makes many short strings
 * between two collections then needs the 4 KB block, the emergency
 * collection cannot make one, and Lua stops with "not enough memory".
 *
 * With the collector stopped, fresh short strings are made one by one until
 * one of them costs the doubling to `STRING_TABLE_SLOTS` (the heap count
 * jumps by half the new size × 4 bytes); the next collection frees them.
 * The table then keeps its size: the collector halves it only when fewer
 * than a quarter of its slots are in use, and the firmware's own names,
 * loaded by then, are more than that. (Grown before the modules load, it
 * was halved again at the next collection.) Cost: 2 KB of pool.
 *
 * The strings made for it are the boot's peak: about 32 bytes of pool each
 * for as many as the table lacks to 512 entries (about 7 KB on the
 * reference firmware), plus the new array. When the pool cannot hold them
 * (an emergency collection frees them: the count falls) or has no free
 * block for the array (the growth raises, caught), the firmware boots with
 * the smaller table and a warning: on luatos2021 the reference firmware
 * grows its table in a pool of 58 KB or more.
 *
 * Runs only where the pool is as small as the Air640W's and Lua numbers
 * are 32-bit (LUA_32BITS, the 2021 modules): there a slot is a 4-byte
 * pointer. Where no doubling shows (the table is already that big, or a
 * simulator whose heap count has no string table) it stops after
 * STRING_TABLE_SLOTS strings. Top-level code: freed once it has run.
 */
import { Config } from "../config";

if (rtos.meminfo()[0] <= Config.HEAP_GUARD_POOL && math.maxinteger === 0x7fffffff) {
    // Garbage from loading goes first: the strings below are the boot's peak.
    collectgarbage("collect");
    collectgarbage("stop");
    // "short": the pool filled up first (the count fell: an emergency collection freed the strings).
    const [ok, outcome] = pcall((): "grown" | "short" | "unseen" => {
        // The doubling to STRING_TABLE_SLOTS adds STRING_TABLE_SLOTS / 2 pointers of 4 bytes.
        const doublingBytes = Config.STRING_TABLE_SLOTS * 2;
        let last = collectgarbage("count");
        // From any smaller table, each doubling comes within as many new strings as its size.
        for (let i = 1; i <= Config.STRING_TABLE_SLOTS; i++) {
            const fresh = "\u0001st" + i;
            const now = collectgarbage("count");
            if ((now - last) * 1024 >= doublingBytes) return "grown";
            if (now < last) return "short";
            last = now;
        }
        return "unseen";
    });
    collectgarbage("restart");
    collectgarbage("collect");
    if (!ok || outcome === "short") log.warn("heap", "string table not grown: the pool is too full");
}
