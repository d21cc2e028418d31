/**
 * Number formatting as the 2021 LuatOS firmware does it. Its Lua core does
 * not use the C library's printf: `luaconf.h` maps `l_sprintf` to the small
 * embedded printf it ships (Marco Paland's `printf.c`), so `tostring`,
 * concatenation, `print` and `string.format` print numbers the way that
 * printf does, which is not the way glibc or JavaScript do:
 *
 * - `%g` keeps trailing zeros and counts precision oddly: `tostring(1.5)`
 *   (`%.7g`) is `1.500000`, `0.1` is `0.1000000`, `100.0` is `100.00000`.
 * - The decimal exponent is estimated with a fast log10 approximation and
 *   the mantissa is then divided by that power of ten, so it can reach 10:
 *   `1e10` prints `10.000000e+09`. Zero takes the exponent branch of `%g`:
 *   `0.0` prints `0.000000e-308`, and `-0.0` loses its sign.
 * - `%f` of a value above 1e9 switches to exponent notation; precision past
 *   9 digits is padded with zeros; `%.0f` rounds up only odd whole parts.
 * - `%a` is not supported: it prints the letter `a`.
 *
 * The functions here reproduce that behaviour (the algorithm's observable
 * results, checked against the firmware's own C code) in JavaScript doubles,
 * which is what the device's soft-float `double` is. Strings are "binary"
 * JavaScript strings: one char per byte.
 */

const ZEROPAD = 1;
const LEFT = 2;
const PLUS = 4;
const SPACE = 8;
const HASH = 16;
const UPPERCASE = 32;
const PRECISION = 1024;
const ADAPT_EXP = 2048;

/** The embedded printf's conversion buffers (PRINTF_NTOA/FTOA_BUFFER_SIZE): longer digit strings are cut. */
const BUFFER = 32;
/** Above this magnitude `%f` switches to exponent notation (PRINTF_MAX_FLOAT). */
const MAX_FLOAT = 1e9;
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

/** One conversion of a printf format: `%[flags][width][.precision][length]<conversion>`. */
export interface Conversion {
    flags: number;
    width: number;
    precision: number;
    conversion: string;
}

/**
 * Writes `reversed` (a string built last character first) with the width
 * padding the embedded printf applies: spaces before unless left-aligned or
 * zero-padded, spaces after when left-aligned.
 */
function outReversed(reversed: string, width: number, flags: number): string {
    const text = [...reversed].reverse().join("");
    let out = "";
    if (!(flags & LEFT) && !(flags & ZEROPAD)) out += " ".repeat(Math.max(0, width - text.length));
    out += text;
    if (flags & LEFT) out += " ".repeat(Math.max(0, width - out.length));
    return out;
}

/** Integer digits with precision, zero padding, `#` prefix and sign, as the embedded printf lays them out. */
function integerText(value: number, negative: boolean, base: number, precision: number, width: number, flags: number): string {
    // `value` is the magnitude, an unsigned 32-bit integer.
    if (value === 0) flags &= ~HASH;
    let buf = "";
    if (!(flags & PRECISION) || value !== 0) {
        let v = value;
        do {
            const digit = v % base;
            buf += digit < 10 ? String(digit) : String.fromCharCode((flags & UPPERCASE ? 65 : 97) + digit - 10);
            v = Math.floor(v / base);
        } while (v !== 0 && buf.length < BUFFER);
    }
    if (!(flags & LEFT)) {
        if (width && flags & ZEROPAD && (negative || flags & (PLUS | SPACE))) width -= 1;
        while (buf.length < precision && buf.length < BUFFER) buf += "0";
        while (flags & ZEROPAD && buf.length < width && buf.length < BUFFER) buf += "0";
    }
    if (flags & HASH) {
        if (!(flags & PRECISION) && buf.length > 0 && (buf.length === precision || buf.length === width)) {
            buf = buf.slice(0, -1);
            if (buf.length > 0 && base === 16) buf = buf.slice(0, -1);
        }
        if (buf.length < BUFFER) {
            if (base === 16) buf += flags & UPPERCASE ? "X" : "x";
            else if (base === 2) buf += "b";
        }
        if (buf.length < BUFFER) buf += "0";
    }
    if (buf.length < BUFFER) {
        if (negative) buf += "-";
        else if (flags & PLUS) buf += "+";
        else if (flags & SPACE) buf += " ";
    }
    return outReversed(buf, width, flags);
}

/** `%f`: fixed notation, the embedded printf's rounding included. */
function fixedText(value: number, precision: number, width: number, flags: number): string {
    if (Number.isNaN(value)) return outReversed("nan", width, flags);
    if (value === -Infinity) return outReversed("fni-", width, flags);
    if (value === Infinity) return outReversed(flags & PLUS ? "fni+" : "fni", width, flags);
    if (value > MAX_FLOAT || value < -MAX_FLOAT) return exponentText(value, precision, width, flags);

    let negative = false;
    if (value < 0) {
        negative = true;
        value = 0 - value;
    }
    if (!(flags & PRECISION)) precision = 6;
    let buf = "";
    // Precision past 9 digits becomes trailing zeros.
    while (buf.length < BUFFER && precision > 9) {
        buf += "0";
        precision -= 1;
    }
    let whole = Math.trunc(value);
    const tmp = (value - whole) * POW10[precision]!;
    let frac = Math.trunc(tmp);
    let diff = tmp - frac;
    if (diff > 0.5) {
        frac += 1;
        if (frac >= POW10[precision]!) {
            frac = 0;
            whole += 1;
        }
    } else if (diff < 0.5) {
        // rounds down
    } else if (frac === 0 || frac & 1) {
        // exactly half: up when odd or zero (no carry into the whole part here)
        frac += 1;
    }
    if (precision === 0) {
        diff = value - whole;
        // Only an odd whole part rounds up, whatever the fraction.
        if ((!(diff < 0.5) || diff > 0.5) && whole & 1) whole += 1;
    } else {
        let count = precision;
        while (buf.length < BUFFER) {
            count -= 1;
            buf += String(frac % 10);
            frac = Math.floor(frac / 10);
            if (frac === 0) break;
        }
        while (buf.length < BUFFER && count > 0) {
            count -= 1;
            buf += "0";
        }
        if (buf.length < BUFFER) buf += ".";
    }
    while (buf.length < BUFFER) {
        buf += String(whole % 10);
        whole = Math.trunc(whole / 10);
        if (whole === 0) break;
    }
    if (!(flags & LEFT) && flags & ZEROPAD) {
        if (width && (negative || flags & (PLUS | SPACE))) width -= 1;
        while (buf.length < width && buf.length < BUFFER) buf += "0";
    }
    if (buf.length < BUFFER) {
        if (negative) buf += "-";
        else if (flags & PLUS) buf += "+";
        else if (flags & SPACE) buf += " ";
    }
    return outReversed(buf, width, flags);
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** `%e`, and `%g` (flag ADAPT_EXP): the exponent comes from a log10 estimate, corrected by one step at most. */
function exponentText(value: number, precision: number, width: number, flags: number): string {
    if (Number.isNaN(value) || value === Infinity || value === -Infinity) return fixedText(value, precision, width, flags);
    const negative = value < 0;
    if (negative) value = -value;
    if (!(flags & PRECISION)) precision = 6;

    f64[0] = value;
    let exp2 = Number((u64[0]! >> 52n) & 0x7ffn) - 1023;
    u64[0] = (u64[0]! & ((1n << 52n) - 1n)) | (1023n << 52n);
    let expval = Math.trunc(0.1760912590558 + exp2 * 0.301029995663981 + (f64[0] - 1.5) * 0.289529654602168);
    exp2 = Math.trunc(expval * 3.321928094887362 + 0.5);
    const z = expval * 2.302585092994046 - exp2 * 0.6931471805599453;
    const z2 = z * z;
    u64[0] = BigInt.asUintN(64, BigInt(exp2 + 1023) << 52n);
    let scale = f64[0] * (1 + (2 * z) / (2 - z + z2 / (6 + z2 / (10 + z2 / 14))));
    if (value < scale) {
        expval -= 1;
        scale /= 10;
    }

    let minwidth = expval < 100 && expval > -100 ? 4 : 5;
    if (flags & ADAPT_EXP) {
        if (value >= 1e-4 && value < 1e6) {
            // %g falls back to %f: precision counts significant digits.
            precision = precision > expval ? precision - expval - 1 : 0;
            flags |= PRECISION;
            minwidth = 0;
            expval = 0;
        } else if (precision > 0 && flags & PRECISION) {
            precision -= 1;
        }
    }
    let fwidth = width > minwidth ? width - minwidth : 0;
    if (flags & LEFT && minwidth) fwidth = 0;
    if (expval) value /= scale;

    let out = fixedText(negative ? -value : value, precision, fwidth, flags & ~ADAPT_EXP);
    if (minwidth) {
        out += flags & UPPERCASE ? "E" : "e";
        out += integerText(Math.abs(expval), expval < 0, 10, 0, minwidth - 1, ZEROPAD | PLUS);
        if (flags & LEFT) out += " ".repeat(Math.max(0, width - out.length));
    }
    return out;
}

/**
 * Parses one printf conversion (`%5.1f`, `%-08x`, `%.7g`) the way the
 * embedded printf does: flags `0-+ #`, a width, a precision, length
 * modifiers (ignored: Lua passes `int` and `double`), then the conversion
 * letter. Returns undefined when `spec` does not start with `%`.
 */
export function parseConversion(spec: string): Conversion | undefined {
    if (spec[0] !== "%") return undefined;
    let i = 1;
    let flags = 0;
    for (;;) {
        const c = spec[i];
        const flag = c === "0" ? ZEROPAD : c === "-" ? LEFT : c === "+" ? PLUS : c === " " ? SPACE : c === "#" ? HASH : 0;
        if (flag === 0) break;
        flags |= flag;
        i += 1;
    }
    let width = 0;
    while (i < spec.length && spec[i]! >= "0" && spec[i]! <= "9") width = width * 10 + Number(spec[i++]);
    let precision = 0;
    if (spec[i] === ".") {
        flags |= PRECISION;
        i += 1;
        while (i < spec.length && spec[i]! >= "0" && spec[i]! <= "9") precision = precision * 10 + Number(spec[i++]);
    }
    while (spec[i] === "l" || spec[i] === "h" || spec[i] === "j" || spec[i] === "z" || spec[i] === "t") i += 1;
    return { flags, width, precision, conversion: spec[i] ?? "" };
}

/**
 * Formats one value with one conversion, as the firmware's `l_sprintf`
 * (`%d %i %u %o %x %X %b %c %f %F %e %E %g %G %s %%`; any other letter is
 * printed as itself). Integers are C `int`s: 32 bits, unsigned conversions
 * see the two's complement. `%s` takes a binary string.
 */
export function formatOne(spec: string | Conversion, value: number | string): string {
    const c = typeof spec === "string" ? parseConversion(spec) : spec;
    if (c === undefined) throw new Error(`not a printf conversion: ${String(spec)}`);
    let { flags } = c;
    const { width, precision, conversion } = c;
    switch (conversion) {
        case "d":
        case "i":
        case "u":
        case "x":
        case "X":
        case "o":
        case "b": {
            const base = conversion === "x" || conversion === "X" ? 16 : conversion === "o" ? 8 : conversion === "b" ? 2 : 10;
            if (base === 10) flags &= ~HASH;
            if (conversion === "X") flags |= UPPERCASE;
            if (conversion !== "i" && conversion !== "d") flags &= ~(PLUS | SPACE);
            if (flags & PRECISION) flags &= ~ZEROPAD;
            const n = Number(value) | 0;
            if (conversion === "d" || conversion === "i") {
                // 0 - INT_MIN wraps to INT_MIN, read back as unsigned: 2147483648.
                return integerText(Math.abs(n), n < 0, base, precision, width, flags);
            }
            return integerText(n >>> 0, false, base, precision, width, flags);
        }
        case "f":
        case "F":
            return fixedText(Number(value), precision, width, conversion === "F" ? flags | UPPERCASE : flags);
        case "e":
        case "E":
        case "g":
        case "G": {
            if (conversion === "g" || conversion === "G") flags |= ADAPT_EXP;
            if (conversion === "E" || conversion === "G") flags |= UPPERCASE;
            return exponentText(Number(value), precision, width, flags);
        }
        case "c": {
            const ch = String.fromCharCode(Number(value) & 0xff);
            const pad = " ".repeat(Math.max(0, width - 1));
            return flags & LEFT ? ch + pad : pad + ch;
        }
        case "s": {
            let text = String(value);
            const nul = text.indexOf("\0");
            if (nul >= 0) text = text.slice(0, nul);
            if (flags & PRECISION) text = text.slice(0, precision);
            const pad = " ".repeat(Math.max(0, width - text.length));
            return flags & LEFT ? text + pad : pad + text;
        }
        case "%":
            return "%";
        default:
            return conversion;
    }
}

/**
 * How the firmware's Lua turns a float into text (`lua_Number` to string:
 * `tostring`, `..`, `print`): `LUAI_NUMFFORMAT` through the embedded printf,
 * then `.0` appended when the result looks like an integer (lobject.c
 * tostringbuff). `format` is `%.7g` with LUA_32BITS, `%.14g` otherwise.
 */
export function floatToString(value: number, format = "%.7g"): string {
    const text = formatOne(format, value);
    return /^[-0-9]+$/.test(text) ? text + ".0" : text;
}
