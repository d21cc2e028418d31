/**
 * The byte-level codecs behind LuatOS's additions to the `string` library,
 * where both firmware generations share the C: base64 as mbedtls writes it
 * (`base64_encode`/`base64_decode`, lstrlib.c in 2021, lstrlib_exts.c today),
 * `urlEncode`, `toValue` and the uppercase hex digits. Each generation's
 * string-ext.ts wraps them in Lua functions.
 */

const HEX_DIGITS = "0123456789ABCDEF";
const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** mbedtls' base64_dec_map: 127 for a byte outside the alphabet, 64 for '='. */
const BASE64_DECODE_MAP: number[] = (() => {
    const map = new Array<number>(128).fill(127);
    for (let i = 0; i < 64; i++) map[BASE64_ALPHABET.charCodeAt(i)] = i;
    map[0x3d] = 64;
    return map;
})();

/** A byte as C reads it through a plain `char`: -128..127 when char is signed. */
export function plainChar(byte: number, charSigned: boolean): number {
    return charSigned && byte >= 0x80 ? byte - 0x100 : byte;
}

/** The two uppercase hex digits of each byte, `separator` after every byte (luat_str_tohexwithsep). */
export function toHexBytes(data: Uint8Array, separator: Uint8Array = new Uint8Array(0)): Uint8Array {
    const step = 2 + separator.length;
    const out = new Uint8Array(data.length * step);
    data.forEach((byte, i) => {
        out[i * step] = HEX_DIGITS.charCodeAt(byte >> 4);
        out[i * step + 1] = HEX_DIGITS.charCodeAt(byte & 0xf);
        out.set(separator, i * step + 2);
    });
    return out;
}

/** str_toValue: each byte's "digit value", `(c > '9' ? c + 9 : c) & 0x0f` on a plain char. */
export function toValueBytes(data: Uint8Array, charSigned: boolean): Uint8Array {
    return data.map(byte => {
        const c = plainChar(byte, charSigned);
        return (c > 0x39 ? c + 9 : c) & 0x0f;
    });
}

/** What str_urlEncode leaves as is: letters, digits and the bytes of its keep list. */
export interface UrlEncodeMode {
    /** Bytes copied unchanged besides letters and digits. */
    keep: Uint8Array;
    /** ' ' becomes '+' (space 0) or "%20". */
    spaceAsPlus: boolean;
}

/** str_urlEncode's loop: letters and digits and `keep` as is, ' ' as '+' when asked, everything else as %XX. */
export function urlEncodeBytes(data: Uint8Array, mode: UrlEncodeMode): Uint8Array {
    const out: number[] = [];
    const isAlnum = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39);
    for (const byte of data) {
        if (isAlnum(byte) || mode.keep.includes(byte)) out.push(byte);
        else if (byte === 0x20 && mode.spaceAsPlus) out.push(0x2b);
        else out.push(0x25, HEX_DIGITS.charCodeAt(byte >> 4), HEX_DIGITS.charCodeAt(byte & 0xf));
    }
    return Uint8Array.from(out);
}

/** mbedtls base64_encode with '=' padding. */
export function base64Encode(data: Uint8Array): Uint8Array {
    const out: number[] = [];
    const digit = (v: number) => BASE64_ALPHABET.charCodeAt(v & 0x3f);
    let i = 0;
    for (; i + 3 <= data.length; i += 3) {
        const [c1, c2, c3] = [data[i]!, data[i + 1]!, data[i + 2]!];
        out.push(digit(c1 >> 2), digit(((c1 & 3) << 4) + (c2 >> 4)), digit(((c2 & 15) << 2) + (c3 >> 6)), digit(c3));
    }
    if (i < data.length) {
        const c1 = data[i]!;
        const c2 = i + 1 < data.length ? data[i + 1]! : 0;
        out.push(digit(c1 >> 2), digit(((c1 & 3) << 4) + (c2 >> 4)), i + 1 < data.length ? digit((c2 & 15) << 2) : 0x3d, 0x3d);
    }
    return Uint8Array.from(out);
}

/**
 * mbedtls base64_decode: spaces at the end of a line and CR LF / LF line
 * breaks are allowed, a space inside a line, a byte outside the alphabet,
 * more than two '=' or a digit after '=' make it fail (undefined). A
 * trailing group of fewer than four digits is dropped silently.
 */
export function base64Decode(data: Uint8Array): Uint8Array | undefined {
    const length = data.length;
    let digits = 0;
    let pads = 0;
    for (let i = 0; i < length; i++) {
        let spaces = 0;
        while (i < length && data[i] === 0x20) {
            i++;
            spaces++;
        }
        if (i === length) break;
        if (length - i >= 2 && data[i] === 0x0d && data[i + 1] === 0x0a) continue;
        if (data[i] === 0x0a) continue;
        if (spaces !== 0) return undefined;
        const byte = data[i]!;
        if (byte === 0x3d && ++pads > 2) return undefined;
        if (byte > 127 || BASE64_DECODE_MAP[byte] === 127) return undefined;
        if (BASE64_DECODE_MAP[byte]! < 64 && pads !== 0) return undefined;
        digits++;
    }
    const out: number[] = [];
    if (digits === 0) return new Uint8Array(0);
    let keep = 3;
    let count = 0;
    let bits = 0;
    for (const byte of data) {
        if (byte === 0x0d || byte === 0x0a || byte === 0x20) continue;
        const value = BASE64_DECODE_MAP[byte]!;
        if (value === 64) keep--;
        bits = ((bits << 6) | (value & 0x3f)) >>> 0;
        if (++count === 4) {
            count = 0;
            if (keep > 0) out.push((bits >>> 16) & 0xff);
            if (keep > 1) out.push((bits >>> 8) & 0xff);
            if (keep > 2) out.push(bits & 0xff);
        }
    }
    return Uint8Array.from(out);
}
