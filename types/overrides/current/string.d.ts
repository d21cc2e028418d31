/**
 * LuatOS's additions to Lua's `string` library (`lua/src/lstrlib_exts.c`,
 * registered in lstrlib.c's strlib). In Lua they are string methods too
 * (`data:toHex()`); from TypeScript call them as `string.toHex(data)`.
 */
declare namespace string {
    /**
     * 将字符串转成HEX. The bytes of `data` as uppercase hex digits,
     * `separator` (default "") after every byte, the last one included.
     * @returns the hex text and the number of hex digits (twice the length
     *   of `data`, separators not counted).
     * @example string.toHex("123abc", " ") // "31 32 33 61 62 63 ", 12
     */
    function toHex(this: void, data: string, separator?: string): LuaMultiReturn<[hex: string, length: number]>;

    /**
     * 将HEX转成字符串. Pairs of hex digits (either case) become bytes; any
     * other character drops a pending half digit ("1 23 4" → "#").
     * @example string.fromHex("313233616263") // "123abc"
     */
    function fromHex(this: void, hex: string): string;

    /**
     * 按照指定分隔符分割字符串. `delimiter` (default ",", "" also means ",")
     * is one separator of any length; empty fields are dropped unless
     * `keepEmpty` is true (then a trailing separator adds a last "").
     * @returns a Lua table of the fields (an array here, 1-based in Lua).
     * @example string.split("/tmp//def/", "/", true) // ["", "tmp", "", "def", ""]
     */
    function split(this: void, text: string, delimiter?: string, keepEmpty?: boolean): string[];

    /**
     * 返回字符串tonumber的转义字符串. Each character's "digit value":
     * `(c > '9' ? c + 9 : c) & 0x0F` ("123abc" → "\1\2\3\10\11\12").
     * @returns the values as a binary string and how many characters were converted.
     */
    function toValue(this: void, text: string): LuaMultiReturn<[values: string, count: number]>;

    /**
     * 将字符串进行url编码转换. Letters and digits stay; `mode` 0 (default,
     * PHP): ".-*_" stay, ' ' → '+'; 1 (RFC 3986): ".-_" stay, ' ' → "%20";
     * any other byte → %XX (uppercase).
     * @example string.urlEncode("123 abc+/") // "123+abc%2B%2F"
     */
    function urlEncode(this: void, text: string, mode?: number): string;
    /**
     * 将字符串进行url编码转换, custom mode (-1): `space` 0 turns ' ' into '+',
     * any other value into "%20"; the bytes of `keep` stay as they are.
     * @example string.urlEncode("123 abc+/", -1, 0, "/ ") // "123 abc%2B/"
     */
    function urlEncode(this: void, text: string, mode: -1, space: number, keep: string): string;

    /**
     * 将字符串进行base64编码 (with '=' padding).
     * @example string.toBase64("hello") // "aGVsbG8="
     */
    function toBase64(this: void, data: string): string;

    /**
     * 将字符串进行base64解码. Line breaks and trailing spaces are allowed;
     * invalid input (a space inside a line, a character outside the
     * alphabet, a digit after '=') gives "". A last group of fewer than
     * four digits is dropped.
     * @example string.fromBase64("aGVsbG8=") // "hello"
     */
    function fromBase64(this: void, text: string): string;

    /**
     * 将字符串进行base32编码 (RFC 4648 alphabet, no '=' padding).
     * @example string.toBase32("foo") // "MZXW6"
     */
    function toBase32(this: void, data: string): string;

    /**
     * 将字符串进行base32解码. Either case; spaces, tabs, line breaks and '-'
     * are skipped, 0/1/8 read as O/L/B; any other character, '=' padding
     * included, gives "". Decoding stops at a NUL byte.
     * @example string.fromBase32("MZXW6") // "foo"
     */
    function fromBase32(this: void, text: string): string;

    /** 判断字符串前缀. Whether `text` begins with `prefix` (bytes compared; "" always). */
    function startsWith(this: void, text: string, prefix: string): boolean;

    /** 判断字符串后缀. Whether `text` ends with `suffix` (bytes compared; "" always). */
    function endsWith(this: void, text: string, suffix: string): boolean;

    /**
     * 裁剪字符串,去除头尾的空格. Removes spaces, tabs, CR and LF from the
     * start (unless `ltrim` is false) and the end (unless `rtrim` is false);
     * a non-boolean flag counts as true.
     * @example string.trim("\r\nabc\r\n", false, true) // "\r\nabc"
     */
    function trim(this: void, text: string, ltrim?: boolean, rtrim?: boolean): string;
}
