/**
 * LuatOS's additions to Lua's `string` library in the 2021 firmware
 * (`lua/src/lstrlib.c`, str_toHex .. str_toBase64), not annotated in the
 * 2021 sources. In Lua they are string methods too (`data:toHex()`); from
 * TypeScript call them as `string.toHex(data)`. docs/vm-differences.md
 * lists how they differ from today's firmware.
 */
declare namespace string {
    /**
     * 将字符串转成HEX. The bytes of `data` as uppercase hex digits, no
     * separator (the 2021 firmware has no separator argument).
     * @returns the hex text and its length (twice the length of `data`).
     * @example const [hex] = string.toHex("\x01\xAB") // "01AB", 4
     */
    function toHex(this: void, data: string): LuaMultiReturn<[hex: string, length: number]>;

    /**
     * 将HEX转成字符串. Reads `hex` two characters at a time (an odd last one
     * is ignored); a digit is `c - '0'` up to '9' and `(c & 7) + 9` above, so
     * letters past F give bytes too ("4G" → "P") and nothing is rejected on
     * the modules (their C `char` is unsigned). Where `char` is signed (an
     * x86 build) a pair with a byte below '0' or of 0xB0 and above is skipped.
     * @example string.fromHex("313233") // "123"
     */
    function fromHex(this: void, hex: string): string;

    /**
     * 按照指定分隔符分割字符串. C `strtok`: every character of `delimiters`
     * separates fields (`""` means ","), empty fields vanish, and the fields
     * come back as separate values, not a table. The firmware writes a NUL
     * byte over the delimiter after each field into `text` itself: the same
     * string value (a variable, the same literal) reads "a\0b" afterwards,
     * with its length unchanged. More than 20 fields overflow the Lua stack
     * of the C function (the firmware may crash; the simulator raises).
     * @returns every non-empty field, in order.
     * @example const [a, b] = string.split("a,b", ",")
     * @example const fields = [...string.split("k=v;x=y", ";=")] // 4 values
     */
    function split(this: void, text: string, delimiters: string): LuaMultiReturn<string[]>;

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
     * ENCODES `data` to base64 despite its name: in the 2021 firmware
     * `fromBase64` calls the encoder and `toBase64` the decoder (today's
     * firmware has them the right way round).
     * @example string.fromBase64("hello") // "aGVsbG8="
     */
    function fromBase64(this: void, data: string): string;

    /**
     * DECODES base64 `text` despite its name (see fromBase64). Line breaks
     * and trailing spaces are allowed; invalid input (a space inside a line,
     * a character outside the alphabet, a digit after '=') gives "". A last
     * group of fewer than four digits is dropped.
     * @example string.toBase64("aGVsbG8=") // "hello"
     */
    function toBase64(this: void, text: string): string;
}
