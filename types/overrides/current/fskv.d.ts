/**
 * `fskv` of the current generation (`components/fskv/luat_lib_fskv.c`):
 * the values it stores, which the annotations type as strings, and the
 * iterator's end, which they leave out.
 */
declare namespace fskv {
    /** What fskv stores: a string, number, boolean, or a table of these (packed to at most 4095 bytes). */
    type Value = string | number | boolean | object;

    /**
     * 设置一对kv数据 — Store `value` under `key` (not empty). nil, functions and
     * userdata are refused. Returns true when stored.
     * Source: `luat_lib_fskv.c:70`.
     * @example fskv.set("my_table", { name: "wendal", age: 18 })
     */
    function set(this: void, key: string, value: Value): boolean;

    /**
     * Alias of `fskv.set` (same C function `l_fskv_set`).
     * Source: `luat_lib_fskv.c:70`.
     */
    function kv_set(this: void, key: string, value: Value): boolean;

    /**
     * 设置table内的键值对数据 — Set `skey` of the table stored under `key`
     * (made when missing); `undefined` deletes `skey`. Returns true when
     * stored, false or nothing when not.
     * Source: `luat_lib_fskv.c:187`.
     * @example fskv.sett("mytable", "upgrade", true)
     */
    function sett(this: void, key: string, skey: string, value?: Value): boolean | undefined;

    /**
     * kv迭代器获取下一个key — The next key of an iterator from
     * {@link fskv.iter}, or `undefined` after the last.
     * Source: `luat_lib_fskv.c:435`.
     */
    function next(this: void, iter: any): string | undefined;

    /**
     * Alias of `fskv.next` (same C function `l_fskv_next`).
     * Source: `luat_lib_fskv.c:435`.
     */
    function kv_next(this: void, iter: any): string | undefined;
}
