/**
 * iotauth (components/iotauth/luat_lib_iotauth.c over luat_iotauth.c): the
 * MQTT client id, user name and password of the IoT clouds, from the
 * device's credentials. Every generator the PC build registers is here:
 *
 * - `aliyun`, `onenet`, `iotda`, `tuya`, `baidu`: exact strings, their
 *   digests through the crypto module's (an empty key is no key, as in
 *   luat_crypto_md). Method names compare case-insensitively
 *   (luat_iotauth.c:31); an unknown one logs "not support: <method>" and
 *   leaves the strings the C had not written yet empty.
 * - Timestamps: only a number argument replaces the default (a numeric
 *   string does not, luat_lib_iotauth.c:43), read as the 32-bit
 *   lua_Integer; onenet ignores its timestamp argument and always signs
 *   32472115200 (luat_lib_iotauth.c:92). iotda's hour stamp is the
 *   timestamp's UTC date (the device has no time zone; luatos-pc runs it
 *   through the host's localtime).
 * - `qcloud`: its user name carries a connection id of five random bytes,
 *   each a signed char taken modulo 26 and added to 'a' (luat_iotauth.c:198),
 *   so from 'H' to 'z'; the simulator draws them from the host's random
 *   source, as crypto.trng does.
 *
 * C strings: arguments end at their first NUL; the fields the C writes
 * with snprintf are cut to their buffers (client id and user name 191
 * bytes, password 255, tuya's and baidu's signed text 99). Not modelled:
 * the C's unbounded writes (aliyun's fields, onenet's method, version and
 * resource buffers, over-long base64 secrets), which overflow on the device.
 */
import { randomBytes } from "node:crypto";
import { lauxlib, lua, defineModule, type LuaState } from "../../lua.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import { base64Decode, base64Encode } from "../string-codecs.js";
import { digestOf } from "./crypto.js";

/** CLIENT_ID_LEN, USER_NAME_LEN and PASSWORD_LEN less the NUL (luat_iotauth.h:4). */
const CLIENT_ID_MAX = 191;
const USER_NAME_MAX = 191;
const PASSWORD_MAX = 255;
/** The 100-byte token_temp buffers of tuya and baidu, less the NUL (luat_iotauth.c:222, 233). */
const TOKEN_TEMP_MAX = 99;
/** The default timestamps: 2999-01-01 00:00 UTC+8 (most generators), 2200-01-01 for tuya (luat_lib_iotauth.c:36, 172). */
const FAR_FUTURE = 32472115200;
const TUYA_DEFAULT = 7258089600;
/** The base64 buffers of the secrets: onenet's 64 bytes, qcloud's 48 (luat_iotauth.c:115, 190). */
const ONENET_KEY_MAX = 64;
const QCLOUD_KEY_MAX = 48;

/** Bytes as a C string (up to the first NUL), one character per byte. */
function cText(bytes: Uint8Array): string {
    const end = bytes.indexOf(0);
    return Buffer.from(end < 0 ? bytes : bytes.subarray(0, end)).toString("latin1");
}

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, "latin1"));
const checkText = (L: LuaState, i: number): string => cText(lauxlib.luaL_checklstring(L, i) as Uint8Array);
const optText = (L: LuaState, i: number, d: string): string => (lua.lua_isnoneornil(L, i) ? d : checkText(L, i));
/** What snprintf leaves of `text` in a buffer of `max` + 1 bytes. */
const cut = (text: string, max: number): string => text.slice(0, max);
/** A timestamp argument: only a number counts, read as luaL_checkinteger does (luat_lib_iotauth.c:43). */
const timestampAt = (L: LuaState, i: number, d: number): number => (lua.lua_type(L, i) === lua.LUA_TNUMBER ? (lauxlib.luaL_checkinteger(L, i) as number) : d);
/** Case-insensitive method names: the method's upper-case letters are lowered (method_is, luat_iotauth.c:31). */
const methodIs = (method: string, name: string): boolean => method.replace(/[A-Z]/g, c => c.toLowerCase()) === name;

const digest = (name: string, text: string, key: Uint8Array | string = ""): Uint8Array => digestOf(name, latin1(text), typeof key === "string" ? latin1(key) : key);
const hex = (bytes: Uint8Array, upper = false): string => {
    const text = Buffer.from(bytes).toString("hex");
    return upper ? text.toUpperCase() : text;
};
/** A base64 secret decoded into the C's buffer; a failure decodes to no bytes (mbedtls leaves *olen 0). */
const secretOf = (text: string, max: number): Uint8Array => {
    const bytes = base64Decode(latin1(text)) ?? new Uint8Array(0);
    return bytes.length > max ? new Uint8Array(0) : bytes;
};

/** The three strings a generator returns; those it never reached are empty. */
interface Credentials {
    clientId: string;
    userName: string;
    password: string;
}

function pushCredentials(L: LuaState, c: Credentials): number {
    for (const text of [c.clientId, c.userName, c.password]) {
        const bytes = latin1(text);
        lua.lua_pushlstring(L, bytes, bytes.length);
    }
    return 3;
}

/** The digests aliyun signs with, by method (luat_iotauth.c:50). */
const ALIYUN_METHODS: Readonly<Record<string, string>> = { hmacmd5: "MD5", hmacsha1: "SHA1", hmacsha256: "SHA256" };

/** luat_aliyun_token (luat_iotauth.c:48): the password is the HMAC of the fields, uppercase hex. */
function aliyun(productKey: string, deviceName: string, secret: string, method: string, timestamp: number, tls: boolean): Credentials | string {
    const signMethod = Object.keys(ALIYUN_METHODS).find(name => methodIs(method, name));
    if (signMethod === undefined) return method;
    const deviceId = `${productKey}.${deviceName}`;
    const text = `clientId${deviceId}deviceName${deviceName}productKey${productKey}timestamp${timestamp}`;
    return {
        clientId: `${deviceId}|securemode=${tls ? 2 : 3},signmethod=${signMethod},timestamp=${timestamp}|`,
        userName: `${deviceName}&${productKey}`,
        password: hex(digest(ALIYUN_METHODS[signMethod]!, text, secret), true),
    };
}

/** "%XX" for the characters onenet's token escapes (url_enc_chars, luat_iotauth.c:96). */
const onenetEscape = (text: string): string => text.replace(/[+ /?%#&=]/g, c => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));

/** luat_onenet_token (luat_iotauth.c:130): an HMAC of et, method, res and version keyed by the decoded secret, base64 and escaped. */
function onenet(productId: string, deviceName: string, secret: string, method: string, version: string, res: string | undefined): Credentials | string {
    const name = methodIs(method, "md5") ? "MD5" : methodIs(method, "sha1") ? "SHA1" : methodIs(method, "sha256") ? "SHA256" : undefined;
    if (name === undefined) return method;
    const resource = res ?? `products/${productId}/devices/${deviceName}`;
    const text = `${FAR_FUTURE}\n${method}\n${resource}\n${version}`;
    const sign = Buffer.from(base64Encode(digest(name, text, secretOf(secret, ONENET_KEY_MAX)))).toString("latin1");
    return {
        clientId: cut(deviceName, CLIENT_ID_MAX),
        userName: cut(productId, USER_NAME_MAX),
        password: cut(`version=${version}&res=${onenetEscape(resource)}&et=${FAR_FUTURE}&method=${method}&sign=${onenetEscape(sign)}`, PASSWORD_MAX),
    };
}

/** luat_iotda_token (luat_iotauth.c:168): the hour stamp YYYYMMDDHH keys an HMAC-SHA256 of the secret. */
function iotda(deviceId: string, secret: string, timestamp: number, given: boolean): Credentials {
    const date = new Date(timestamp * 1000);
    const pad = (n: number) => String(n).padStart(2, "0");
    const stamp = cut(`${String(date.getUTCFullYear()).padStart(4, "0")}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}`, 10);
    return {
        clientId: cut(`${deviceId}_0_${given ? 1 : 0}_${stamp}`, CLIENT_ID_MAX),
        userName: cut(deviceId, USER_NAME_MAX),
        password: hex(digest("SHA256", secret, stamp)),
    };
}

/** get_next_conn_id (luat_iotauth.c:198): five random signed chars, each % 26 + 'a'. */
function connectionId(): string {
    return Array.from(randomBytes(5), b => String.fromCharCode(97 + (((b << 24) >> 24) % 26))).join("");
}

/** luat_qcloud_token (luat_iotauth.c:207): an HMAC of the user name keyed by the decoded secret. */
function qcloud(productId: string, deviceName: string, secret: string, timestamp: number, method: string, appId: string): Credentials & { unsupported?: string } {
    const clientId = cut(`${productId}${deviceName}`, CLIENT_ID_MAX);
    const userName = cut(`${productId}${deviceName};${appId};${connectionId()};${timestamp}`, USER_NAME_MAX);
    const name = methodIs(method, "sha1") ? "SHA1" : methodIs(method, "sha256") ? "SHA256" : undefined;
    if (name === undefined) return { clientId, userName, password: "", unsupported: method };
    const sign = hex(digest(name, userName, secretOf(secret, QCLOUD_KEY_MAX)));
    return { clientId, userName, password: cut(`${sign};hmac${name.toLowerCase()}`, PASSWORD_MAX) };
}

/** luat_tuya_token (luat_iotauth.c:220): an HMAC-SHA256 of the (cut) token text keyed by the secret. */
function tuya(deviceId: string, secret: string, timestamp: number): Credentials {
    const text = cut(`deviceId=${deviceId},timestamp=${timestamp},secureMode=1,accessType=1`, TOKEN_TEMP_MAX);
    return {
        clientId: cut(`tuyalink_${deviceId}`, CLIENT_ID_MAX),
        userName: cut(`${deviceId}|signMethod=hmacSha256,timestamp=${timestamp},secureMode=1,accessType=1`, USER_NAME_MAX),
        password: hex(digest("SHA256", text, secret)),
    };
}

/** luat_baidu_token (luat_iotauth.c:231): a plain digest of key, timestamp, method and secret; no timestamp (0) leaves it out of the user name. */
function baidu(coreId: string, deviceKey: string, secret: string, method: string, timestamp: number): Credentials & { unsupported?: string } {
    const clientId = cut(coreId, CLIENT_ID_MAX);
    const name = methodIs(method, "md5") ? "MD5" : methodIs(method, "sha256") ? "SHA256" : undefined;
    if (name === undefined) return { clientId, userName: "", password: "", unsupported: method };
    const userName = cut(timestamp !== 0 ? `thingidp@${coreId}|${deviceKey}|${timestamp}|${name}` : `thingidp@${coreId}|${deviceKey}|${name}`, USER_NAME_MAX);
    const text = cut(`${deviceKey}&${timestamp}&${name}${secret}`, TOKEN_TEMP_MAX);
    return { clientId, userName, password: hex(digest(name, text)) };
}

/** Installs `iotauth`. */
export function installIotauth(ctx: FirmwareContext): void {
    const notSupported = (method: string) => ctx.clog(LOG_LEVEL.ERROR, "iotauth", `not support: ${method}`);
    const EMPTY: Credentials = { clientId: "", userName: "", password: "" };
    /** A generator's result: an unsupported method logs, and the strings written before it stay. */
    const give = (L: LuaState, result: (Credentials & { unsupported?: string }) | string): number => {
        if (typeof result === "string") {
            notSupported(result);
            return pushCredentials(L, EMPTY);
        }
        if (result.unsupported !== undefined) notSupported(result.unsupported);
        return pushCredentials(L, result);
    };
    // Arguments are read in the C's order, so the first bad one is the one reported.
    defineModule(ctx.L, "iotauth", {
        aliyun: L => {
            const [productKey, deviceName, secret] = [checkText(L, 1), checkText(L, 2), checkText(L, 3)];
            const method = optText(L, 4, "hmacmd5");
            const timestamp = timestampAt(L, 5, FAR_FUTURE);
            const tls = lua.lua_isboolean(L, 6) && lua.lua_toboolean(L, 6);
            return give(L, aliyun(productKey, deviceName, secret, method, timestamp, tls));
        },
        onenet: L => {
            const [productId, deviceName, secret] = [checkText(L, 1), checkText(L, 2), checkText(L, 3)];
            const method = optText(L, 4, "md5");
            const version = optText(L, 6, "2018-10-31");
            const res = lua.lua_type(L, 7) === lua.LUA_TSTRING ? checkText(L, 7) : undefined;
            return give(L, onenet(productId, deviceName, secret, method, version, res));
        },
        iotda: L => {
            const [deviceId, secret] = [checkText(L, 1), checkText(L, 2)];
            const given = lua.lua_type(L, 3) === lua.LUA_TNUMBER;
            return give(L, iotda(deviceId, secret, timestampAt(L, 3, FAR_FUTURE), given));
        },
        qcloud: L => {
            const [productId, deviceName, secret] = [checkText(L, 1), checkText(L, 2), checkText(L, 3)];
            const method = optText(L, 4, "sha256");
            const timestamp = timestampAt(L, 5, FAR_FUTURE);
            return give(L, qcloud(productId, deviceName, secret, timestamp, method, optText(L, 6, "12010126")));
        },
        tuya: L => {
            const [deviceId, secret] = [checkText(L, 1), checkText(L, 2)];
            return give(L, tuya(deviceId, secret, timestampAt(L, 3, TUYA_DEFAULT)));
        },
        baidu: L => {
            const [coreId, deviceKey, secret] = [checkText(L, 1), checkText(L, 2), checkText(L, 3)];
            const method = optText(L, 4, "MD5");
            const timestamp = lauxlib.luaL_optinteger(L, 5, 0) as number;
            return give(L, baidu(coreId, deviceKey, secret, method, timestamp));
        },
    });
}
