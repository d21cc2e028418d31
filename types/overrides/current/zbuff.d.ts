/**
 * `zbuff`: C byte buffers (`luat/modules/luat_lib_zbuff.c`). The methods
 * the generated declarations type from their annotations are added to
 * {@link zbuff.ZBuff}; the ones below are the ones the socket API relies on.
 */
declare namespace zbuff {
    /**
     * A zbuff object. Methods are called with `:` (`buff:write("x")`).
     *
     * **The cursor and `used()` are one field** (a union in
     * `luat/include/luat_zbuff.h:22`-`:25`): writes advance it, so after
     * writes `used()` is the number of bytes written, and `socket.tx(ctrl,
     * buff)` sends exactly them.
     */
    interface ZBuff {
        /**
         * The byte at offset `i`, counted from 0 (`buff[0] = 0xAE`, metamethods
         * `__index`/`__newindex`, `luat_lib_zbuff.c`); reading past the end
         * gives `undefined`, writing past it does nothing.
         */
        [i: number]: number;
        /**
         * 按格式读出数据 — Read values at the cursor by a pack format and advance
         * it: the number of bytes read, then one value per format code.
         * Source: `luat_lib_zbuff.c:578`.
         * @example const [count, a, b, c, s] = buff.unpack(">IIHA10")
         */
        unpack(format: string): LuaMultiReturn<[count: number, ...values: any[]]>;
        /**
         * 查询数据 — The bytes from `offset` (default 0; negative counts back from
         * `used()`) for `length` (default up to `used()`), as a string; with
         * `isbigend` a boolean, the bytes read as one number instead (`issigned`,
         * `isfloat`). nil when a negative offset reaches before the start.
         * Source: `luat_lib_zbuff.c:1378`.
         * @example const data = buff.query() // everything written so far
         */
        query(offset?: number, length?: number): string;
        query(offset: number, length: number, isbigend: boolean, issigned?: boolean, isfloat?: boolean): number;
        /** 获取buff的总长度 — The capacity in bytes. */
        len(): number;
        /**
         * 获取或设置已使用的长度 — The used length (= the cursor); with `n`, set it.
         * `socket.rx` appends at `used()`.
         */
        used(n?: number): number;
        /**
         * 写入数据 — Write strings or byte values at the cursor and advance it.
         * @returns the number of bytes written.
         * @example buff.write("hello", 0x0d, 0x0a)
         */
        write(...data: (string | number)[]): number;
        /** 读取数据 — Read `length` bytes from the cursor and advance it. */
        read(length: number): string;
        /**
         * 设置光标位置 — Move the cursor (and so `used()`): `seek(0)` empties
         * what `socket.tx` would send.
         * @returns the new position.
         */
        seek(offset: number, whence?: typeof SEEK_SET | typeof SEEK_CUR | typeof SEEK_END): number;
        /**
         * 删除一段数据 — Remove `length` bytes at `offset` (default: everything
         * used, so `used()` becomes 0; `luat_lib_zbuff.c:1312`). Call it after
         * reading what `socket.rx` appended.
         */
        del(offset?: number, length?: number): void;
        /** 转为字符串 — The bytes `[offset, offset + length)` as a string (default: all of the capacity). */
        toStr(offset?: number, length?: number): string;
    }

    /**
     * 创建zbuff — Make a zbuff of `length` bytes (`luat_lib_zbuff.c:144`).
     * @param fill a number: every byte set to it; a string: copied in, and the
     *   cursor (so `used()`) set after it (`:229`).
     * @param type memory type (`zbuff.HEAP_AUTO`, `HEAP_SRAM`, `HEAP_PSRAM`).
     * @returns the zbuff, or `undefined` when out of memory.
     */
    function create(this: void, length: number, fill?: number | string, type?: number): ZBuff | undefined;
}
