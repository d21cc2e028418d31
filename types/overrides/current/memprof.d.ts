/**
 * `memprof`: what the Lua heap holds, by kind of object
 * (`components/memprof/binding/luat_lib_memprof.c`). Only `diff` is read by
 * the generator (from its argument checks); the rest is declared here from
 * the C code.
 */
declare namespace memprof {
    /** Objects of one kind: how many, and the bytes they take. */
    interface Stat {
        count: number;
        bytes: number;
    }

    /** What {@link memprof.snapshot} returns. */
    interface Snapshot {
        str_short: Stat;
        str_long: Stat;
        table: Stat;
        proto: Stat;
        lclosure: Stat;
        cclosure: Stat;
        udata: Stat;
        thread: Stat;
        /** Every byte the snapshot counted. */
        total_bytes: number;
    }

    /**
     * Count the Lua heap's objects by kind: short and long strings, tables,
     * function prototypes, Lua and C closures, userdata and threads, with
     * the bytes of each and the total. Takes no argument.
     * Source: `luat_lib_memprof.c:25`.
     * @example const before = memprof.snapshot()
     */
    function snapshot(this: void): Snapshot;

    /**
     * Write a readable memory report to the log. Takes no argument, returns nothing.
     * Source: `luat_lib_memprof.c:47`.
     */
    function dump(this: void): void;

    /**
     * The bytes the Lua garbage collector accounts for now (its total plus
     * its debt). Takes no argument.
     * Source: `luat_lib_memprof.c:101`.
     */
    function total(this: void): number;
}
