/**
 * crypto of today's firmware (luat/modules/luat_lib_crypto.c over
 * components/crypto/luat_crypto_mbedtls.c with mbedTLS 3 and
 * components/crypto/luat_crc.c), as the PC build has it:
 *
 * - Digests as uppercase hex (luat_str_tohex): `md5`, `sha1`, `sha256`,
 *   `sha512`, the `hmac_` ones, `md(name, data [, key])` for the names
 *   mbedTLS knows ("MD5", "SHA1", "SHA", "SHA224", "SHA256", "SHA384",
 *   "SHA512"; anything else logs and returns nothing), `md_file`, and the
 *   streaming `hash_init`/`hash_update`/`hash_finish` (a "crypto" userdata;
 *   a second `hash_finish` returns nothing after the C's lines). An empty
 *   key is no key (luat_crypto_mbedtls.c:390): the plain digest.
 * - CRCs (runtime/firmware/crc.ts), `checksum`, `totp`, `trng`,
 *   `base64_encode`/`base64_decode` (string.toBase64/fromBase64 themselves,
 *   luat_lib_crypto.c:1117).
 * - `cipher_encrypt`/`cipher_decrypt` for AES-128/192/256 in ECB, CBC, CTR
 *   and GCM (with an IV), and 2- and 3-key triple DES in ECB and CBC, with
 *   the paddings and failures of luat_crypto_cipher_xxx on mbedTLS 3;
 *   `cipher_list`/`cipher_suites` return the PC build's lists.
 *
 * Not simulated: the other ciphers of the list (DES, CCM, GCM without an
 * IV) and `pk_sign`, `pk_verify`, `pk_type`, `pk_generate` (mbedTLS's key
 * parsing and signatures).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { lauxlib, lua, raise, S, textOf, type JsFunction, type LuaState } from "../../lua.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import { crc16Modbus, crc32Update, crc7, crc8, luatCrc16, reflect } from "../crc.js";
import { toHexBytes } from "../string-codecs.js";
import { base32Decode } from "./string-ext.js";
import { checkZbuff } from "./zbuff.js";
import { deviceFopen, pathText } from "./fs.js";

/** The metatable of hash streams (LUAT_CRYPTO_TYPE, luat_lib_crypto.c:20). */
const CRYPTO_TYPE = "crypto";

/** mbedtls_md_info_from_string's names on the PC build (mbedTLS 3's md_names) and Node's. */
const DIGESTS: Readonly<Record<string, string>> = { MD5: "md5", SHA1: "sha1", SHA: "sha1", SHA224: "sha224", SHA256: "sha256", SHA384: "sha384", SHA512: "sha512" };

/** mbedtls_cipher_list() of the PC build, in its order (what `crypto.cipher_list()` returns there). */
export const PC_CIPHERS: readonly string[] = [
    "AES-128-ECB", "AES-192-ECB", "AES-256-ECB", "AES-128-CBC", "AES-192-CBC", "AES-256-CBC", "AES-128-CTR", "AES-192-CTR", "AES-256-CTR",
    "AES-128-GCM", "AES-192-GCM", "AES-256-GCM", "AES-128-CCM", "AES-192-CCM", "AES-256-CCM", "AES-128-CCM*-NO-TAG", "AES-192-CCM*-NO-TAG",
    "AES-256-CCM*-NO-TAG", "DES-ECB", "DES-EDE-ECB", "DES-EDE3-ECB", "DES-CBC", "DES-EDE-CBC", "DES-EDE3-CBC",
];

/** mbedtls_ssl_list_ciphersuites() of the PC build, in its order. */
export const PC_CIPHER_SUITES: readonly string[] = [
    "TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384", "TLS-ECDHE-RSA-WITH-AES-256-GCM-SHA384", "TLS-ECDHE-ECDSA-WITH-AES-256-CCM", "TLS-ECDHE-ECDSA-WITH-AES-256-CBC-SHA384",
    "TLS-ECDHE-RSA-WITH-AES-256-CBC-SHA384", "TLS-ECDHE-ECDSA-WITH-AES-256-CBC-SHA", "TLS-ECDHE-RSA-WITH-AES-256-CBC-SHA", "TLS-ECDHE-ECDSA-WITH-AES-256-CCM-8",
    "TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256", "TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256", "TLS-ECDHE-ECDSA-WITH-AES-128-CCM", "TLS-ECDHE-ECDSA-WITH-AES-128-CBC-SHA256",
    "TLS-ECDHE-RSA-WITH-AES-128-CBC-SHA256", "TLS-ECDHE-ECDSA-WITH-AES-128-CBC-SHA", "TLS-ECDHE-RSA-WITH-AES-128-CBC-SHA", "TLS-ECDHE-ECDSA-WITH-AES-128-CCM-8",
    "TLS-ECDHE-PSK-WITH-AES-256-CBC-SHA384", "TLS-ECDHE-PSK-WITH-AES-256-CBC-SHA", "TLS-ECDHE-PSK-WITH-AES-128-CBC-SHA256", "TLS-ECDHE-PSK-WITH-AES-128-CBC-SHA",
    "TLS-RSA-WITH-AES-256-GCM-SHA384", "TLS-RSA-WITH-AES-256-CCM", "TLS-RSA-WITH-AES-256-CBC-SHA256", "TLS-RSA-WITH-AES-256-CBC-SHA", "TLS-RSA-WITH-AES-256-CCM-8",
    "TLS-RSA-WITH-AES-128-GCM-SHA256", "TLS-RSA-WITH-AES-128-CCM", "TLS-RSA-WITH-AES-128-CBC-SHA256", "TLS-RSA-WITH-AES-128-CBC-SHA", "TLS-RSA-WITH-AES-128-CCM-8",
    "TLS-RSA-PSK-WITH-AES-256-GCM-SHA384", "TLS-RSA-PSK-WITH-AES-256-CBC-SHA384", "TLS-RSA-PSK-WITH-AES-256-CBC-SHA", "TLS-RSA-PSK-WITH-AES-128-GCM-SHA256",
    "TLS-RSA-PSK-WITH-AES-128-CBC-SHA256", "TLS-RSA-PSK-WITH-AES-128-CBC-SHA", "TLS-PSK-WITH-AES-256-GCM-SHA384", "TLS-PSK-WITH-AES-256-CCM",
    "TLS-PSK-WITH-AES-256-CBC-SHA384", "TLS-PSK-WITH-AES-256-CBC-SHA", "TLS-PSK-WITH-AES-256-CCM-8", "TLS-PSK-WITH-AES-128-GCM-SHA256", "TLS-PSK-WITH-AES-128-CCM",
    "TLS-PSK-WITH-AES-128-CBC-SHA256", "TLS-PSK-WITH-AES-128-CBC-SHA", "TLS-PSK-WITH-AES-128-CCM-8",
];

/** A cipher the simulator runs: Node's name of its block function (ECB) or stream, its mode, key and IV sizes. */
interface Cipher {
    mode: "ECB" | "CBC" | "CTR" | "GCM";
    /** Node's cipher for one block in ECB (ECB, CBC) or the whole stream (CTR, GCM). */
    node: string;
    keyBytes: number;
    blockBytes: number;
    /** mbedTLS's IV size (0 for ECB); GCM takes any length up to 16. */
    ivBytes: number;
}

const CIPHERS: ReadonlyMap<string, Cipher> = new Map<string, Cipher>([
    ...[128, 192, 256].flatMap(bits => [
        [`AES-${bits}-ECB`, { mode: "ECB", node: `aes-${bits}-ecb`, keyBytes: bits / 8, blockBytes: 16, ivBytes: 0 }] as const,
        [`AES-${bits}-CBC`, { mode: "CBC", node: `aes-${bits}-ecb`, keyBytes: bits / 8, blockBytes: 16, ivBytes: 16 }] as const,
        [`AES-${bits}-CTR`, { mode: "CTR", node: `aes-${bits}-ctr`, keyBytes: bits / 8, blockBytes: 16, ivBytes: 16 }] as const,
        [`AES-${bits}-GCM`, { mode: "GCM", node: `aes-${bits}-gcm`, keyBytes: bits / 8, blockBytes: 16, ivBytes: 12 }] as const,
    ]),
    ["DES-EDE-ECB", { mode: "ECB", node: "des-ede", keyBytes: 16, blockBytes: 8, ivBytes: 0 }],
    ["DES-EDE-CBC", { mode: "CBC", node: "des-ede", keyBytes: 16, blockBytes: 8, ivBytes: 8 }],
    ["DES-EDE3-ECB", { mode: "ECB", node: "des-ede3", keyBytes: 24, blockBytes: 8, ivBytes: 0 }],
    ["DES-EDE3-CBC", { mode: "CBC", node: "des-ede3", keyBytes: 24, blockBytes: 8, ivBytes: 8 }],
]);

/** mbedTLS's cipher errors as luat_crypto_mbedtls.c prints them (`0x%04X` of -ret). */
const ERR_BAD_INPUT = 0x6100;
const ERR_FEATURE_UNAVAILABLE = 0x6080;
const ERR_INVALID_PADDING = 0x6200;
const ERR_FULL_BLOCK_EXPECTED = 0x6280;
/** MBEDTLS_MAX_IV_LENGTH */
const MAX_IV = 16;
/** The additional data luat_crypto_cipher_xxx gives GCM (luat_crypto_mbedtls.c:218). */
const GCM_AAD = S("1234567890123456");

type Padding = "PKCS7" | "ZEROS" | "ONE_AND_ZEROS" | "ZEROS_AND_LEN" | "NONE";

/** The padding name as luat_crypto_cipher_xxx reads it (luat_crypto_mbedtls.c:228): anything else is none. */
function paddingOf(name: string): Padding {
    if (name === "ZERO" || name === "ZEROS") return "ZEROS";
    return name === "PKCS7" || name === "ONE_AND_ZEROS" || name === "ZEROS_AND_LEN" ? name : "NONE";
}

/** The outcome of a cipher run: the bytes it returns, and the error line that cut it short. */
interface CipherRun {
    out: Uint8Array;
    tag?: Uint8Array;
    error?: string;
}

/** Pads the data to the next whole block (a whole block more when it is aligned), as mbedTLS's add_*_padding and the C's manual padding do. */
function pad(data: Uint8Array, padding: Padding, block: number): Uint8Array {
    const size = (Math.floor(data.length / block) + 1) * block;
    const out = new Uint8Array(size);
    out.set(data);
    const n = size - data.length;
    if (padding === "PKCS7") out.fill(n, data.length);
    else if (padding === "ONE_AND_ZEROS") out[data.length] = 0x80;
    else if (padding === "ZEROS_AND_LEN") out[size - 1] = n;
    return out;
}

/** The data length of a decrypted last block by mbedTLS's get_*_padding (cipher.c), or undefined when the padding is invalid. */
function mbedtlsUnpad(block: Uint8Array, padding: Padding): number | undefined {
    const n = block.length;
    const last = block[n - 1]!;
    switch (padding) {
        case "PKCS7":
            return last === 0 || last > n || block.subarray(n - last).some(b => b !== last) ? undefined : n - last;
        case "ZEROS_AND_LEN":
            return last === 0 || last > n || block.subarray(n - last, n - 1).some(b => b !== 0) ? undefined : n - last;
        case "ONE_AND_ZEROS": {
            let i = n;
            while (i > 0 && block[i - 1] === 0) i--;
            return i > 0 && block[i - 1] === 0x80 ? i - 1 : undefined;
        }
        case "ZEROS": {
            let i = n;
            while (i > 0 && block[i - 1] === 0) i--;
            return i;
        }
        case "NONE":
            return n;
    }
}

/**
 * The data length of the last block of an ECB decryption, by the C's own
 * unpadding (luat_crypto_mbedtls.c:290): undefined when PKCS7 is invalid;
 * ZEROS_AND_LEN and ONE_AND_ZEROS leave a block they do not fit whole.
 */
function manualUnpad(block: Uint8Array, padding: Padding): number | undefined {
    const n = block.length;
    if (padding === "PKCS7") return mbedtlsUnpad(block, padding);
    if (padding === "ZEROS_AND_LEN") {
        const last = block[n - 1]!;
        return last > 0 && last <= n ? n - last : n;
    }
    if (padding === "ONE_AND_ZEROS") return mbedtlsUnpad(block, padding) ?? n;
    return mbedtlsUnpad(block, padding);
}

/** One block through Node's ECB cipher, without padding. */
function blockFunction(cipher: Cipher, key: Uint8Array, encrypt: boolean): (block: Uint8Array) => Uint8Array {
    return block => {
        const c = encrypt ? createCipheriv(cipher.node, key, null) : createDecipheriv(cipher.node, key, null);
        c.setAutoPadding(false);
        return Uint8Array.from(Buffer.concat([c.update(block), c.final()]));
    };
}

/**
 * luat_crypto_cipher_xxx (luat_crypto_mbedtls.c:171) once the key and IV
 * are accepted: ECB pads and unpads by itself, CBC through mbedTLS's
 * padding (with a whole block held back when decrypting), CTR and GCM
 * ignore the padding. A block mbedTLS refuses ends the run with what was
 * produced so far, which the C returns.
 */
function runCipher(cipher: Cipher, name: string, paddingName: string, input: Uint8Array, key: Uint8Array, iv: Uint8Array, encrypt: boolean, log: (level: number, text: string) => void): CipherRun {
    const padding = paddingOf(paddingName);
    const bs = cipher.blockBytes;
    if (cipher.mode === "CTR" || cipher.mode === "GCM") {
        const counter = cipher.mode === "CTR" ? (iv.length === 0 ? new Uint8Array(16) : iv.subarray(0, 16)) : iv;
        const c = encrypt ? createCipheriv(cipher.node, key, counter) : createDecipheriv(cipher.node, key, counter);
        if (cipher.mode === "GCM") (c as unknown as { setAAD(aad: Uint8Array): void }).setAAD(GCM_AAD);
        const out = Uint8Array.from(c.update(input));
        if (cipher.mode === "CTR") return { out: Uint8Array.from(Buffer.concat([out, c.final()])) };
        // Encrypting writes the tag; decrypting never checks one (the C reads no tag from Lua).
        if (!encrypt) return { out };
        c.final();
        return { out, tag: Uint8Array.from((c as unknown as { getAuthTag(): Buffer }).getAuthTag()) };
    }
    const run = blockFunction(cipher, key, encrypt);
    const out: Uint8Array[] = [];
    const result = (error?: string): CipherRun => ({ out: Uint8Array.from(Buffer.concat(out)), ...(error === undefined ? {} : { error }) });
    if (cipher.mode === "ECB") {
        // luat_cipher_is_manual_padding: on mbedTLS 3 only ECB pads by itself, for these names (not "NONE" or others).
        const manual = ["PKCS7", "ZERO", "ZEROS", "ZEROS_AND_LEN", "ONE_AND_ZEROS"].includes(paddingName);
        let data = input;
        if (manual && encrypt) {
            data = pad(input, padding, bs);
            if (padding === "ZEROS") log(LOG_LEVEL.DEBUG, "zero padding");
        }
        for (let i = 0; i < data.length; i += bs) {
            const chunk = data.subarray(i, i + bs);
            if (chunk.length !== bs) return result(`mbedtls_cipher_update fail 0x${hex4(ERR_FULL_BLOCK_EXPECTED)} ${name}`);
            const plain = run(chunk);
            if (manual && !encrypt && i + bs >= data.length) {
                const keep = manualUnpad(plain, padding);
                if (keep === undefined) return result(`get_pkcs_padding fail 0x${hex4(ERR_INVALID_PADDING)} ${name}`);
                out.push(plain.subarray(0, keep));
            } else out.push(plain);
        }
        return result();
    }
    // CBC: mbedTLS chains the blocks; the last (or an empty) block is padded or unpadded in mbedtls_cipher_finish.
    let chain = iv.length === 0 ? new Uint8Array(bs) : iv.subarray(0, bs);
    const whole = Math.floor(input.length / bs) * bs;
    const cbc = (block: Uint8Array): Uint8Array => {
        if (encrypt) {
            chain = run(block.map((b, j) => b ^ chain[j]!));
            return chain;
        }
        const plain = run(block).map((b, j) => b ^ chain[j]!);
        chain = block;
        return plain;
    };
    const finishFail = (code: number) => result(`mbedtls_cipher_finish fail 0x${hex4(code)} ${name}`);
    if (encrypt) {
        for (let i = 0; i < whole; i += bs) out.push(cbc(input.subarray(i, i + bs)));
        if (padding === "NONE") return whole === input.length ? result() : finishFail(ERR_FULL_BLOCK_EXPECTED);
        out.push(cbc(pad(input.subarray(whole), padding, bs)));
        return result();
    }
    if (padding === "NONE") {
        for (let i = 0; i < whole; i += bs) out.push(cbc(input.subarray(i, i + bs)));
        return whole === input.length ? result() : finishFail(ERR_FULL_BLOCK_EXPECTED);
    }
    // Decrypting with a padding, mbedTLS keeps the last whole block for finish, which wants exactly one.
    if (input.length === 0 || whole !== input.length) {
        for (let i = 0; i < whole; i += bs) out.push(cbc(input.subarray(i, i + bs)));
        return finishFail(ERR_FULL_BLOCK_EXPECTED);
    }
    for (let i = 0; i < whole - bs; i += bs) out.push(cbc(input.subarray(i, i + bs)));
    const last = cbc(input.subarray(whole - bs));
    const keep = mbedtlsUnpad(last, padding);
    if (keep === undefined) return finishFail(ERR_INVALID_PADDING);
    out.push(last.subarray(0, keep));
    return result();
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");

/** The digest (or, with a non-empty key, the HMAC) of `data` by mbedTLS's name ("MD5", "SHA1", "SHA256", ...), as bytes: luat_crypto_md, which the C's `luat_crypto_*_simple` helpers call too. */
export function digestOf(name: string, data: Uint8Array, key: Uint8Array | undefined): Uint8Array {
    const algorithm = DIGESTS[name]!;
    const h = key !== undefined && key.length > 0 ? createHmac(algorithm, key) : createHash(algorithm);
    return Uint8Array.from(h.update(data).digest());
}

/** A hash stream's state: the bytes so far, or finished (the C's context freed). */
interface Stream {
    algorithm: string;
    key: Uint8Array | undefined;
    chunks: Uint8Array[];
    finished: boolean;
}

interface StreamUserdata {
    stream: Stream;
}

function pushBytes(L: LuaState, bytes: Uint8Array): void {
    lua.lua_pushlstring(L, bytes, bytes.length);
}

const checkBytes = (L: LuaState, i: number) => lauxlib.luaL_checklstring(L, i) as Uint8Array;
const checkText = (L: LuaState, i: number) => textOf(lauxlib.luaL_checkstring(L, i) as Uint8Array);
/** The optional string argument at `i`: only a string is taken (lua_type == LUA_TSTRING), a number is not. */
const optionalKey = (L: LuaState, i: number) => (lua.lua_type(L, i) === lua.LUA_TSTRING ? (lua.lua_tolstring(L, i) as Uint8Array) : undefined);
/**
 * `(uintN_t)luaL_optnumber(...)` on the PC build: the float truncated through
 * a 32-bit int (x86's cvttss2si gives INT_MIN out of range), then cut to `bits`.
 */
const cutNumber = (value: number, bits: 8 | 16) => {
    const t = Number.isFinite(value) && value >= -(2 ** 31) && value < 2 ** 31 ? Math.trunc(value) : -(2 ** 31);
    return t & ((1 << bits) - 1);
};
const optNumberCut = (L: LuaState, i: number, dflt: number, bits: 8 | 16) => cutNumber(lauxlib.luaL_optnumber(L, i, dflt) as number, bits);
/** `(uintN_t)luaL_optinteger(...)`: the lua_Integer cut to `bits`. */
const optIntegerCut = (L: LuaState, i: number, dflt: number, bits: 8 | 32) => {
    const v = lauxlib.luaL_optinteger(L, i, dflt) as number;
    return bits === 32 ? v >>> 0 : v & ((1 << bits) - 1);
};

/** crc16's model table (luat_lib_crypto.c:304): polynomial, initial, final xor, input reversed, output reversed. */
const CRC16_MODELS: Readonly<Record<string, readonly [number, number, number, number, number]>> = {
    IBM: [0x8005, 0x0000, 0x0000, 1, 0],
    MAXIM: [0x8005, 0x0000, 0xffff, 1, 0],
    USB: [0x8005, 0xffff, 0xffff, 1, 0],
    MODBUS: [0x8005, 0xffff, 0x0000, 1, 0],
    CCITT: [0x1021, 0x0000, 0x0000, 1, 0],
    "CCITT-FALSE": [0x1021, 0xffff, 0x0000, 0, 0],
    X25: [0x1021, 0xffff, 0xffff, 1, 0],
    XMODEM: [0x1021, 0x0000, 0x0000, 0, 0],
    DNP: [0x3d65, 0x0000, 0xffff, 1, 0],
    "USER-DEFINED": [0, 0, 0, 0, 0],
};

/** l_crypto_crc16's CRC over `data` with the model's defaults and arguments `first`.. (poly, initial, finally, inReverse, outReverse). */
function crc16With(L: LuaState, data: Uint8Array, model: string, first: number): number {
    const [poly, initial, final, inReverse, outReverse] = CRC16_MODELS[model] ?? [0, 0, 0, 0, 0];
    const crc = luatCrc16(data, optNumberCut(L, first + 1, initial, 16), optNumberCut(L, first + 2, final, 16), optNumberCut(L, first, poly, 16), optNumberCut(L, first + 3, inReverse, 8) !== 0);
    return optNumberCut(L, first + 4, outReverse, 8) !== 0 ? reflect(crc, 16) : crc;
}

/** Installs the global `crypto` (a table here; rotables.ts makes it the rotable of luat_lib_crypto.c:1095). */
export function installCrypto(ctx: FirmwareContext): void {
    const L0 = ctx.L;
    const pushUnsigned = (L: LuaState, value: number) => lua.lua_pushinteger(L, ctx.board.int32 ? value | 0 : value);
    const log = (level: number, text: string) => ctx.clog(level, "crypto", text);
    const { open } = deviceFopen(ctx);
    // sizeof(luat_crypt_stream_t): two size_t and a pointer.
    const streamBytes = 3 * (ctx.board.luaVm?.pointerBytes ?? 4);

    const pushHex = (L: LuaState, bytes: Uint8Array) => {
        pushBytes(L, toHexBytes(bytes));
        return 1;
    };
    const digest =
        (name: string): JsFunction =>
        L =>
            pushHex(L, digestOf(name, checkBytes(L, 1), undefined));
    const hmac =
        (name: string): JsFunction =>
        L => {
            const data = checkBytes(L, 1);
            return pushHex(L, digestOf(name, data, checkBytes(L, 2)));
        };
    /** luat_heap_free(NULL) on the PC port prints this (bsp/pc/port/luat_malloc_mini.c:60). */
    const freeNull = () => {
        if (ctx.board.bsp === "PC") ctx.write("luat_heap_free: ptr is NULL, return\n");
    };
    /** The file's bytes, or undefined after the C's lines (luat_fs_fopen's, then "no such file"). */
    const readFile = (path: string): Uint8Array | undefined => {
        const file = open(path, "rb");
        if (file === undefined) log(LOG_LEVEL.INFO, `no such file ${path}`);
        return file?.data;
    };
    const cipherFunction =
        (encrypt: boolean): JsFunction =>
        L => {
            const name = textOf(lauxlib.luaL_optlstring(L, 1, S("AES-128-ECB")) as Uint8Array);
            const padding = textOf(lauxlib.luaL_optlstring(L, 2, S("PKCS7")) as Uint8Array);
            const data = checkBytes(L, 3);
            const key = checkBytes(L, 4);
            const iv = lauxlib.luaL_optlstring(L, 5, S("")) as Uint8Array;
            const cipher = CIPHERS.get(name);
            if (cipher === undefined) {
                if (PC_CIPHERS.includes(name)) raise(L, `crypto.${encrypt ? "cipher_encrypt" : "cipher_decrypt"} of ${name} is not simulated`);
                log(LOG_LEVEL.ERROR, `mbedtls_cipher_info fail ${name} not support`);
                return 0;
            }
            if (cipher.mode === "GCM" && iv.length === 0) raise(L, `crypto.${encrypt ? "cipher_encrypt" : "cipher_decrypt"} of ${name} without an IV is not simulated`);
            // mbedtls_cipher_setkey: the key must have the cipher's size; mbedtls_cipher_set_iv: at most 16 bytes, at least the cipher's IV.
            if (key.length !== cipher.keyBytes) {
                log(LOG_LEVEL.ERROR, `mbedtls_cipher_setkey fail -0x${hex4(ERR_BAD_INPUT).toLowerCase()} ${name}`);
                return 0;
            }
            if (iv.length > 0) {
                const code = iv.length > MAX_IV ? ERR_FEATURE_UNAVAILABLE : cipher.mode !== "GCM" && iv.length < cipher.ivBytes ? ERR_BAD_INPUT : 0;
                if (code !== 0) {
                    log(LOG_LEVEL.ERROR, `mbedtls_cipher_set_iv fail -0x${hex4(code).toLowerCase()} ${name}`);
                    return 0;
                }
            }
            const r = runCipher(cipher, name, padding, data, key, iv, encrypt, log);
            if (r.error !== undefined) log(LOG_LEVEL.ERROR, r.error);
            pushBytes(L, r.out);
            if (r.tag === undefined) return 1;
            pushBytes(L, r.tag);
            return 2;
        };
    const stringList =
        (names: readonly string[]): JsFunction =>
        L => {
            lua.lua_createtable(L, 0, 0);
            names.forEach((name, i) => {
                lua.lua_pushstring(L, S(name));
                lua.lua_seti(L, -2, i + 1);
            });
            return 1;
        };
    const encryptFunction = cipherFunction(true);
    // base64_encode/base64_decode are string.toBase64/fromBase64's C functions (luat_lib_crypto.c:1117): the same values.
    lua.lua_getglobal(L0, S("string"));
    lua.lua_getfield(L0, -1, S("toBase64"));
    const toBase64 = lua.lua_tocfunction(L0, -1) as JsFunction;
    lua.lua_getfield(L0, -2, S("fromBase64"));
    const fromBase64 = lua.lua_tocfunction(L0, -1) as JsFunction;
    lua.lua_pop(L0, 3);

    const functions: Record<string, JsFunction> = {
        md5: digest("MD5"),
        sha1: digest("SHA1"),
        sha256: digest("SHA256"),
        sha512: digest("SHA512"),
        hmac_md5: hmac("MD5"),
        hmac_sha1: hmac("SHA1"),
        hmac_sha256: hmac("SHA256"),
        hmac_sha512: hmac("SHA512"),
        // cipher is cipher_encrypt's C function (luat_lib_crypto.c:1105).
        cipher: encryptFunction,
        cipher_encrypt: encryptFunction,
        cipher_decrypt: cipherFunction(false),
        cipher_list: stringList(PC_CIPHERS),
        cipher_suites: stringList(PC_CIPHER_SUITES),
        crc16: L => {
            const model = checkText(L, 1);
            let data: Uint8Array;
            if (lua.lua_isuserdata(L, 2)) {
                // A zbuff: the bytes from its cursor to the end of its storage (luat_lib_crypto.c:360).
                const buff = checkZbuff(L, 2);
                data = buff.addr.subarray(buff.used, buff.len);
            } else data = (lua.lua_tolstring(L, 2) as Uint8Array | null) ?? new Uint8Array(0);
            lua.lua_pushinteger(L, crc16With(L, data, model, 3));
            return 1;
        },
        crc16_modbus: L => {
            lua.lua_pushinteger(L, crc16Modbus(checkBytes(L, 1)));
            return 1;
        },
        crc32: L => {
            const data = checkBytes(L, 1);
            const start = optIntegerCut(L, 2, 0xffffffff, 32);
            const poly = optIntegerCut(L, 3, 0x04c11db7, 32);
            const end = optIntegerCut(L, 4, 0xffffffff, 32);
            pushUnsigned(L, (crc32Update(data, start, poly) ^ end) >>> 0);
            return 1;
        },
        crc8: L => {
            const data = checkBytes(L, 1);
            // Only an integer second argument opens the other parameters (luat_lib_crypto.c:460); a boolean fourth reverses.
            if (!lua.lua_isinteger(L, 2)) lua.lua_pushinteger(L, crc8(data));
            else {
                const poly = (lua.lua_tointeger(L, 2) as number) & 0xff;
                const start = optIntegerCut(L, 3, 0, 8);
                lua.lua_pushinteger(L, crc8(data, start, poly, lua.lua_isboolean(L, 4) && lua.lua_toboolean(L, 4)));
            }
            return 1;
        },
        crc7: L => {
            const data = checkBytes(L, 1);
            const poly = optIntegerCut(L, 2, 0xe5, 8);
            lua.lua_pushinteger(L, crc7(data, poly, optIntegerCut(L, 3, 0, 8)));
            return 1;
        },
        trng: L => {
            // size_t: a negative length is huge, and cut to 128 like any above it.
            const n = lauxlib.luaL_checkinteger(L, 1) as number;
            if (n === 0) return 0;
            pushBytes(L, Uint8Array.from(randomBytes(n < 0 || n > 128 ? 128 : n)));
            return 1;
        },
        totp: L => {
            const secret = base32Decode(checkBytes(L, 1));
            if (secret === undefined) raise(L, "invalid base32 secret");
            // An integer time is taken as is (cast to uint64), any other value means now: time(NULL).
            const seconds = lua.lua_isinteger(L, 2) ? BigInt.asUintN(64, BigInt(lauxlib.luaL_checkinteger(L, 2) as number)) : BigInt(Math.floor(ctx.epochMs() / 1000));
            const counter = Buffer.alloc(8);
            counter.writeBigUInt64BE(seconds / 30n);
            const mac = digestOf("SHA1", counter, secret);
            const offset = mac[19]! & 0x0f;
            const code = (((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!) % 1000000;
            lua.lua_pushinteger(L, code);
            return 1;
        },
        base64_encode: toBase64,
        base64_decode: fromBase64,
        md_file: L => {
            const name = checkText(L, 1);
            const path = pathText(checkBytes(L, 2));
            if (path.length < 2) return 0;
            const key = optionalKey(L, 3);
            if (DIGESTS[name] === undefined) {
                log(LOG_LEVEL.INFO, `no such message digest ${name}`);
                return 0;
            }
            const data = readFile(path);
            return data === undefined ? 0 : pushHex(L, digestOf(name, data, key));
        },
        md: L => {
            const name = checkText(L, 1);
            const data = checkBytes(L, 2);
            const key = optionalKey(L, 3);
            if (DIGESTS[name] === undefined) {
                log(LOG_LEVEL.WARN, `no such message digest ${name}`);
                log(LOG_LEVEL.ERROR, "luat_crypto_md return -1");
                return 0;
            }
            return pushHex(L, digestOf(name, data, key));
        },
        checksum: L => {
            const data = checkBytes(L, 1);
            const mode = lauxlib.luaL_optinteger(L, 2, 0) as number;
            let sum = 0;
            for (const b of data) sum = mode === 1 ? (sum + b) & 0xff : sum ^ b;
            lua.lua_pushinteger(L, sum);
            return 1;
        },
        hash_init: L => {
            // The userdata comes first, so without arguments it is what luaL_checkstring finds at 1 (luat_lib_crypto.c:767).
            const ud = lua.lua_newuserdata(L, streamBytes) as StreamUserdata;
            const name = checkText(L, 1);
            const key = optionalKey(L, 2);
            if (DIGESTS[name] === undefined) return 0;
            ud.stream = { algorithm: name, key, chunks: [], finished: false };
            lauxlib.luaL_setmetatable(L, S(CRYPTO_TYPE));
            return 1;
        },
        hash_update: L => {
            const ud = lauxlib.luaL_checkudata(L, 1, S(CRYPTO_TYPE)) as StreamUserdata;
            const data = checkBytes(L, 2);
            // After hash_finish the context is gone: mbedTLS refuses the update, and the C ignores that.
            if (!ud.stream.finished) ud.stream.chunks.push(Uint8Array.from(data));
            return 0;
        },
        hash_finish: L => {
            const { stream } = lauxlib.luaL_checkudata(L, 1, S(CRYPTO_TYPE)) as StreamUserdata;
            if (stream.finished) {
                // A second finish: mbedTLS refuses the NULL context (MBEDTLS_ERR_MD_BAD_INPUT_DATA), the C frees it again and logs.
                freeNull();
                log(LOG_LEVEL.INFO, "md finish ret -20736");
                return 0;
            }
            stream.finished = true;
            const data = Buffer.concat(stream.chunks);
            stream.chunks = [];
            return pushHex(L, digestOf(stream.algorithm, data, stream.key));
        },
        crc_file: L => {
            const mode = checkText(L, 1);
            const path = pathText(checkBytes(L, 2));
            if (path.length < 2) return 0;
            const data = readFile(path);
            if (data === undefined) return 0;
            // The file in 512-byte pieces gives the same CRC as in one (luat_lib_crypto.c:881): each piece starts from the last one's register.
            if (mode === "crc32" || mode === "CRC32") {
                const start = optIntegerCut(L, 3, 0xffffffff, 32);
                const poly = optIntegerCut(L, 4, 0x04c11db7, 32);
                pushUnsigned(L, (crc32Update(data, start, poly) ^ optIntegerCut(L, 5, 0xffffffff, 32)) >>> 0);
            } else if (mode === "crc8" || mode === "CRC8") {
                const start = optIntegerCut(L, 3, 0, 8);
                const poly = optIntegerCut(L, 4, 0x07, 8);
                lua.lua_pushinteger(L, crc8(data, start, poly, optIntegerCut(L, 5, 0, 8) !== 0));
            } else lua.lua_pushinteger(L, crc16With(L, data, mode === "crc16_modbus" || mode === "CRC16_MODBUS" ? "MODBUS" : mode, 3));
            return 1;
        },
    };
    lauxlib.luaL_newmetatable(L0, S(CRYPTO_TYPE));
    lua.lua_pop(L0, 1);
    lua.lua_createtable(L0, 0, 0);
    for (const [name, fn] of Object.entries(functions)) {
        lua.lua_pushcfunction(L0, fn);
        lua.lua_setfield(L0, -2, S(name));
    }
    // The MD_* constants of luat_crypto.h (mbedTLS 3's md types).
    for (const [name, value] of Object.entries({ MD_MD5: 3, MD_SHA1: 5, MD_SHA224: 8, MD_SHA256: 9, MD_SHA384: 10, MD_SHA512: 11 })) {
        lua.lua_pushinteger(L0, value);
        lua.lua_setfield(L0, -2, S(name));
    }
    lua.lua_setglobal(L0, S("crypto"));
}
