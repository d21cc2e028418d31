/**
 * `pack`: binary packing (`luat/modules/luat_lib_pack.c`, the lpack
 * library), not annotated in the 2021 sources.
 */
declare namespace pack {
    /**
     * Pack values into a binary string by `format` (`l_pack`): one letter a
     * value, `>`/`<`/`=` set big, little or native endianness; `b`/`B`
     * signed/unsigned byte, `h`/`H` 16-bit, `i`/`I` int, `l`/`L` long,
     * `f` float, `d` double, `n` Lua number, `A` raw string, `z` zero-terminated,
     * `p`/`P`/`a` strings prefixed by their length in 1, 2 or 4 bytes.
     * @example pack.pack(">HA", 5, "hello")
     */
    function pack(this: void, format: string, ...values: (number | string)[]): string;

    /**
     * Unpack values from `data` by `format`, starting at byte `init` (1-based,
     * default 1) (`l_unpack`, `luat_lib_pack.c:115`).
     * @returns the position after the last byte read, then the values; only
     *   the position when the data is too short.
     * @example const [next, len, text] = pack.unpack(data, ">HA5")
     */
    function unpack(this: void, data: string, format: string, init?: number): LuaMultiReturn<[next: number, ...values: any[]]>;
}
