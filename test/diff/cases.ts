/**
 * Lua snippets around the known differences between the simulator's VM
 * (fengari made to behave like the 2021 firmware: 32-bit integers, 32-bit
 * floats, the firmware's printf), native Lua 5.3 on a 64-bit host (64-bit
 * integers and floats, glibc printf) and the 2021 firmware itself. Each case
 * states what each VM prints; docs/vm-differences.md explains every case
 * whose outputs differ (its id appears there).
 */

/**
 * What a case prints: one string (or pattern) for the simulator and native
 * Lua, or one for each; `device` when the 2021 firmware prints something
 * else than the simulator (by default it prints what the simulator prints).
 */
export type Expected = ({ both: string | RegExp } | { simulator: string | RegExp; native: string | RegExp }) & { device?: string | RegExp };

export interface DiffCase {
    /** Stable id, used by docs/vm-differences.md. */
    id: string;
    /** Statements; what they print is compared. Errors print as `ERROR: <message>` without the position. */
    code: string;
    expected: Expected;
}

export const CASES: DiffCase[] = [
    // ---- integers past 32 bits ----
    { id: "int-add-overflow", code: "print(2147483647 + 1, math.maxinteger, math.mininteger)", expected: { simulator: "-2147483648\t2147483647\t-2147483648", native: "2147483648\t9223372036854775807\t-9223372036854775808" } },
    { id: "int-mul-overflow", code: "print(0x7fffffff * 2, 100000 * 100000)", expected: { simulator: "-2\t1410065408", native: "4294967294\t10000000000" } },
    { id: "int-shift", code: "print(1 << 31, 1 << 32, 1 << 62)", expected: { simulator: "-2147483648\t0\t0", native: "2147483648\t4294967296\t4611686018427387904" } },
    { id: "int-literal", code: "print(4294967296, math.type(4294967296), 3000000000)", expected: { simulator: "4.294967e+09\tfloat\t3.000000e+09", native: "4294967296\tinteger\t3000000000" } },
    { id: "int-hex-literal", code: "print(0xffffffff, 0x100000000, 0x7fffffff)", expected: { simulator: "-1\t0\t2147483647", native: "4294967295\t4294967296\t2147483647" } },
    { id: "int-tonumber", code: 'print(tonumber("2147483648"), math.type(tonumber("2147483648")), tonumber("0xffffffff"))', expected: { simulator: "2.147484e+09\tfloat\t-1", native: "2147483648\tinteger\t4294967295" } },
    { id: "int-tointeger", code: "print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger(2^31), math.tointeger(\"8\"))", expected: { simulator: "3\tnil\tnil\t8", native: "3\tnil\t2147483648\t8" } },
    { id: "int-floor", code: "print(math.floor(3.7), math.type(math.floor(3.7)), math.floor(2^31 + 0.5))", expected: { simulator: "3\tinteger\t2.147484e+09", native: "3\tinteger\t2147483648" } },
    { id: "int-bitwise-float", code: "print(2^31 | 0)", expected: { simulator: "ERROR: number has no integer representation", native: "2147483648" } },
    { id: "int-format-d-large", code: 'print(string.format("%d", 3000000000))', expected: { simulator: "ERROR: bad argument #2 to 'format' (number has no integer representation)", native: "3000000000" } },
    { id: "int-mininteger-div", code: "print(math.mininteger // -1, math.mininteger % -1, math.abs(math.mininteger))", expected: { simulator: "-2147483648\t0\t-2147483648", native: "-9223372036854775808\t0\t-9223372036854775808" } },
    { id: "int-small", code: "print(2147483647, -2147483647 - 1, 1000 * 65536, 12 // 5, math.type(4 // 2))", expected: { both: "2147483647\t-2147483648\t65536000\t2\tinteger" } },
    { id: "int-min-literal", code: "print(-2147483648, math.type(-2147483648))", expected: { simulator: "-2.147484e+09\tfloat", native: "-2147483648\tinteger" } },

    // ---- integer division and modulo of negatives ----
    { id: "div-floor", code: "print(7 // 2, -7 // 2, 7 // -2, -7 // -2)", expected: { both: "3\t-4\t-4\t3" } },
    { id: "mod-sign", code: "print(7 % 3, -7 % 3, 7 % -3, -7 % -3)", expected: { both: "1\t2\t-2\t-1" } },
    { id: "div-mod-float", code: "print(7.5 // 2, -7.5 // 2, -7.5 % 2, 7.5 % -2)", expected: { simulator: "3.000000\t-4.000000\t0.5000000\t-0.5000000", native: "3.0\t-4.0\t0.5\t-0.5" } },
    { id: "fmod", code: "print(math.fmod(-7, 3), math.fmod(7, -3), math.fmod(-7.5, 2))", expected: { simulator: "-1\t1\t-1.500000", native: "-1\t1\t-1.5" } },
    { id: "div-by-zero", code: "print(pcall(function() return 1 // 0 end)) print(pcall(function() return 1 % 0 end)) print(pcall(math.fmod, 1, 0))", expected: { simulator: "false\tattempt to divide by zero\nfalse\tattempt to perform 'n%0'\nfalse\tbad argument #2 to '?' (zero)", native: "false\tattempt to divide by zero\nfalse\tattempt to perform 'n%0'\nfalse\tbad argument #2 to 'math.fmod' (zero)" } },
    { id: "div-result-type", code: "print(3 / 2, 4 / 2, math.type(4 / 2), math.type(4.0 // 2))", expected: { simulator: "1.500000\t2.000000\tfloat\tfloat", native: "1.5\t2.0\tfloat\tfloat" } },

    // ---- float formatting ----
    { id: "float-tostring", code: "print(0.1 + 0.2, 1 / 3, 100 / 2, math.pi, 123456789012.5)", expected: { simulator: "0.3000000\t0.3333333\t50.00000\tnil\t1.234568e+11", native: "0.3\t0.33333333333333\t50.0\t3.1415926535898\t123456789012.5" } },
    { id: "float-1e15", code: "print(1e15, 1e16, 2^53, 1e14)", expected: { simulator: "10.000000e+14\t1.000000e+16\t9.007199e+15\t1.000000e+14", native: "1e+15\t1e+16\t9.007199254741e+15\t1e+14" } },
    { id: "float-small", code: "print(1e-5, 123e-7, 1e-4)", expected: { simulator: "1.000000e-05\t1.230000e-05\t1.000000e-04", native: "1e-05\t1.23e-05\t0.0001" } },
    { id: "float-inf-nan", code: "print(1 / 0, -1 / 0, math.huge, 0 / 0 ~= 0 / 0)", expected: { simulator: "inf\t-inf\tnil\ttrue", native: "inf\t-inf\tinf\ttrue" } },
    { id: "float-nan-text", code: "print(tostring(0 / 0))", expected: { simulator: "nan", native: /^-?nan$/ } },
    { id: "float-negative-zero", code: "print(-0.0, -0.0 .. \"\")", expected: { simulator: "0.000000e-308\t0.000000e-308", native: "-0.0\t-0.0" } },
    { id: "float-24-bits", code: "print(16777217.0, 2^24 + 1.0, 0.1 + 0.7)", expected: { simulator: "1.677722e+07\t1.677722e+07\t0.8000000", native: "16777217.0\t16777217.0\t0.8" } },
    { id: "format-g", code: 'print(string.format("%g|%g|%g|%g|%g", 0.1, 1e15, 123456789, 1e-5, 2.5))', expected: { simulator: "0.100000|10.000000e+14|1.234568e+08|1.000000e-05|2.50000", native: "0.1|1e+15|1.23457e+08|1e-05|2.5" } },
    { id: "format-g-precision", code: 'print(string.format("%.17g|%.3g", 0.1, 1234.5))', expected: { simulator: "0.10000000100000000|1234", native: "0.10000000000000001|1.23e+03" } },
    { id: "format-e", code: 'print(string.format("%e", 12345.678))', expected: { both: "1.234568e+04" } },
    { id: "format-f", code: 'print(string.format("%5.2f|%-8.3f|%08.2f|%.2f|%.2f", 3.14159, 2.5, -1.5, 2.675, 20.456))', expected: { both: " 3.14|2.500   |-0001.50|2.67|20.46" } },
    { id: "format-f-half", code: 'print(string.format("%.0f %.0f %.0f", 0.5, 1.5, 2.5))', expected: { both: "0 2 2" } },
    { id: "format-f-inf", code: 'print(string.format("%5.1f", 1 / 0))', expected: { both: "  inf" } },

    // ---- string.format with integers ----
    { id: "format-d", code: 'print(string.format("%d %5d|%-5d|%05d", 3.0, 42, 42, -42)) print(pcall(string.format, "%d", 3.5))', expected: { simulator: "3    42|42   |-0042\nfalse\tbad argument #2 to '?' (number has no integer representation)", native: "3    42|42   |-0042\nfalse\tbad argument #2 to 'string.format' (number has no integer representation)" } },
    { id: "format-x-negative", code: 'print(string.format("%x %X %x %o", 255, 255, -1, 8))', expected: { simulator: "ff FF ffffffff 10", native: "ff FF ffffffffffffffff 10" } },
    { id: "format-q", code: 'print(string.format("%q", "a\\nb\\0c\\"\\\\"), string.format("%q", 42), string.format("%q", math.mininteger))', expected: { simulator: "\"a\\\nb\\0c\\\"\\\\\"\t42\t0x80000000", native: "\"a\\\nb\\0c\\\"\\\\\"\t42\t0x8000000000000000" } },
    { id: "format-s-c", code: 'print(string.format("%5s|%-5s|%.2s|%c%c|%s", "ab", "ab", "abcdef", 72, 105, 1.5))', expected: { simulator: "   ab|ab   |ab|Hi|1.500000", native: "   ab|ab   |ab|Hi|1.5" } },

    // ---- bytes ----
    { id: "byte-char", code: 'print(string.byte("\\255\\0A", 1, -1)) print(#string.char(0, 255, 128), string.byte("abc", -1), #"\\0\\0", #"\\xe4\\xb8\\xad")', expected: { both: "255\t0\t65\n3\t99\t2\t3" } },
    { id: "byte-sub-rep", code: 'print(string.sub("hello", -3), string.sub("hello", 2, -2), string.sub("hello", 0), string.rep("ab", 3, ","), ("a\\0b"):reverse():byte(1, -1))', expected: { both: "llo\tell\thello\tab,ab,ab\t98\t0\t97" } },
    { id: "byte-char-range", code: "print(pcall(string.char, 256))", expected: { simulator: "false\tbad argument #1 to '?' (value out of range)", native: "false\tbad argument #1 to 'string.char' (value out of range)" } },
    { id: "byte-compare", code: 'print("\\xe9" < "f", "a\\0b" < "a\\0c", "Z" < "a", string.upper("abc\\xe9") == "ABC\\xe9")', expected: { both: "false\ttrue\ttrue\ttrue" } },

    // ---- length of tables with holes ----
    { id: "len-constructor-hole", code: "print(#{1, 2, nil, 4})", expected: { both: "4" } },
    { id: "len-removed-middle", code: "local t = {1, 2, 3, 4, 5} t[3] = nil print(#t) local y = {} for i = 1, 10 do y[i] = i end y[5] = nil print(#y)", expected: { both: "5\n10" } },
    { id: "len-leading-nils", code: "print(#{nil, nil, 3})", expected: { simulator: "0", native: "3", device: "3" } },
    { id: "len-sparse", code: "local q = {} q[2] = 2 print(#q) local u = {} u[1] = 1 u[2] = 2 u[4] = 4 print(#u)", expected: { simulator: "2\n4", native: "0\n4", device: "0\n4" } },
    { id: "len-unpack", code: "print(select('#', table.unpack({1, nil, 3})), select('#', table.unpack({1, nil, 3}, 1, 3)))", expected: { both: "3\t3" } },

    // ---- patterns ----
    { id: "pattern-frontier", code: 'print(string.find("THE (quick) fox", "%f[%a]%a+")) print(string.gsub("hello world", "%f[%w]%w+", string.upper))', expected: { both: "1\t3\nHELLO WORLD\t2" } },
    { id: "pattern-balanced", code: 'print(string.match("f(a(b)c)d", "%b()"), string.match("[test]", "%[(.-)%]"))', expected: { both: "(a(b)c)\ttest" } },
    { id: "pattern-anchors", code: 'print(string.find("abc", "^b"), string.find("abc", "c$"), string.find("a$c", "$c"), string.gsub("abc", "^.", "X")) for m in string.gmatch("^a^a", "^a") do print(m) end', expected: { both: "nil\t3\t2\tXbc\t1\n^a\n^a" } },
    { id: "pattern-empty-and-init", code: 'print(string.find("abc", "", 4), string.find("abc", "", 5), string.gsub("abc", "", "-"))', expected: { both: "4\tnil\t-a-b-c-\t4" } },
    { id: "pattern-captures", code: 'print(string.match("2024-01-02", "(%d+)-(%d+)-(%d+)")) print(string.match("abc", "()b()"), string.gsub("hello", "(l)(l)", "%2%1%0"))', expected: { both: "2024\t01\t02\n2\thellllo\t1" } },
    { id: "pattern-errors", code: 'print(pcall(string.find, "a", "[a")) print(pcall(string.gsub, "x", "x", "%2"))', expected: { both: "false\tmalformed pattern (missing ']')\nfalse\tinvalid capture index %2" } },
    { id: "pattern-trim", code: 'print("[" .. string.match("  x y  ", "^%s*(.-)%s*$") .. "]", string.match("caf\\xe9", "%a+"))', expected: { both: "[x y]\tcaf" } },

    // ---- string <-> number coercion ----
    { id: "coerce-arith", code: 'print("10" + 1, "10" * "2", "3.0" + 1, "0x10" + 0, " 5 " + 1)', expected: { simulator: "11.00000\t20.00000\t4.000000\t16.00000\t6.000000", native: "11.0\t20.0\t4.0\t16.0\t6.0" } },
    { id: "coerce-concat", code: 'print(10 .. "", 1.5 .. "", 2^31 .. "", 1e100 .. "", 1 .. 2)', expected: { simulator: "10\t1.500000\t2.147484e+09\tinf\t12", native: "10\t1.5\t2147483648.0\t1e+100\t12" } },
    { id: "coerce-tonumber", code: 'print(tonumber("  12  "), tonumber("1e2"), tonumber("0x1p4"), tonumber("10", 16), tonumber("zz", 36), tonumber(""), tonumber("1e"), tonumber(".5"), tonumber("5."))', expected: { simulator: "12\t100.00000\t16.00000\t16\t1295\tnil\tnil\t0.5000000\t5.000000", native: "12\t100.0\t16.0\t16\t1295\tnil\tnil\t0.5\t5.0" } },
    { id: "coerce-compare", code: 'print("5" == 5, 1 == 1.0, "10" < "9", pcall(function() return "abc" + 1 end))', expected: { both: "false\ttrue\ttrue\tfalse\tattempt to perform arithmetic on a string value" } },
    { id: "coerce-format", code: 'print(string.format("%.3f", "1.23456"), ("7"):rep(2) + 0, math.tointeger("x"))', expected: { simulator: "1.235\t77.00000\tnil", native: "1.235\t77.0\tnil" } },
];

/** Marks a case's output in the batch program. */
export const CASE_MARK = "#case ";

/**
 * One program running every case in order under pcall, each preceded by
 * a mark line, so one interpreter start covers them all.
 */
export function batchProgram(cases: readonly DiffCase[]): string {
    return cases
        .map(c => `print(${JSON.stringify(CASE_MARK + c.id)})\nlocal ok, e = pcall(function()\n${c.code}\nend)\nif not ok then print("ERROR: " .. tostring(e)) end`)
        .map(block => `do\n${block}\nend`)
        .join("\n");
}

/** Splits a batch run's output into each case's output, with error positions (`program:12: `, `/main.lua:12: `) removed. */
export function splitOutput(output: string): Map<string, string> {
    const result = new Map<string, string>();
    let current: string | undefined;
    let lines: string[] = [];
    const flush = () => {
        if (current !== undefined) result.set(current, lines.join("\n"));
    };
    for (const line of output.replace(/\n$/, "").split("\n")) {
        if (line.startsWith(CASE_MARK)) {
            flush();
            current = line.slice(CASE_MARK.length);
            lines = [];
        } else lines.push(line.replace(/(?:program|\/main\.lua):\d+: /g, ""));
    }
    flush();
    return result;
}
