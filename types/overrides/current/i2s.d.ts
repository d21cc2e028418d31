/**
 * `i2s` members the sources register without annotations. `play`, `pause`
 * and `stop` are listed in `luat/modules/luat_lib_i2s.c:317` as
 * "compatibility extensions, to be decided": the sources define them only as
 * weak placeholders (`luat_lib_i2s.c:289`, and the PC build's
 * `bsp/pc/port/driver/luat_i2s_pc.c:277`) that ignore their arguments, log
 * "not support yet" and return nothing. A vendor's firmware may define its
 * own; the open sources do not say what they take. Play audio with the
 * `audio` module or `i2s.send` instead.
 */
declare namespace i2s {
    /**
     * Placeholder: logs "not support yet" and returns nothing (`luat_lib_i2s.c:289`).
     * Its arguments are ignored by the open sources' definition.
     */
    function play(this: void, ...ignored: unknown[]): void;

    /**
     * Placeholder: logs "not support yet" and returns nothing (`luat_lib_i2s.c:294`).
     * Its arguments are ignored by the open sources' definition.
     */
    function pause(this: void, ...ignored: unknown[]): void;

    /**
     * Placeholder: logs "not support yet" and returns nothing (`luat_lib_i2s.c:299`).
     * Its arguments are ignored by the open sources' definition.
     */
    function stop(this: void, ...ignored: unknown[]): void;
}
