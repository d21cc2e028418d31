import { createHash } from "node:crypto";
import { UserError } from "../common/user-error.js";

/*
 * LuaDB v2, the read-only script image LuatOS mounts at /luadb/ (read by
 * luat/vfs/luat_fs_luadb.c). Every field is a TLV: type byte, length byte,
 * value; integers are little endian.
 *
 *   header  01 04 5A A5 5A A5 | 02 02 <u16 version> | 03 04 <u32 header length>
 *           | 04 02 <u16 file count> | FE 02 <u16 crc>
 *   file    01 04 5A A5 5A A5 | 02 <n> <name> | 03 04 <u32 size> | FE 02 <u16 crc>
 *           then <size> bytes of data
 *
 * Two writers exist. Luatools (and dreamcmi/LuatOS-ESP32 tools/luadb.py)
 * write version 2 as `02 00`, header length 0x18 and fill each CRC with the
 * byte sum of its record up to the CRC value (the `FE 02` included, the file
 * data excluded). LuatOS's tools/luadb/luadb_maker.lua writes version bytes
 * `00 02`, header length 0x12 and `FF FF` in every CRC. The firmware checks
 * neither CRCs nor the header length, so both mount.
 */

/** The four magic bytes that open the header and every file record. */
export const LUADB_MAGIC = Uint8Array.of(0x5a, 0xa5, 0x5a, 0xa5);
/** Most files the current firmware mounts (luat_fs_luadb.c; cores before 2023 stopped at 256). */
export const LUADB_MAX_FILES = 1024;
/** Longest name in bytes: the firmware copies names into `char name[32]`. */
export const LUADB_MAX_NAME_BYTES = 31;
/** The file Luatools appends for newer cores: the MD5 of every image byte before its data. */
export const LUADB_MD5_FILE = ".airm2m_all_crc#.bin";

/** Header length written by Luatools: the 24 bytes of the five header TLVs. */
const LUATOOLS_HEADER_LENGTH = 0x18;
const LUATOOLS_VERSION = 2;
const TYPE_MAGIC = 0x01;
const TYPE_VERSION = 0x02; // in a file record: the name
const TYPE_HEADER_LENGTH = 0x03; // in a file record: the size
const TYPE_COUNT = 0x04;
const TYPE_CRC = 0xfe;
const NO_CRC = 0xffff;

/** One file to put into an image. */
export interface LuaDbInput {
    /** Name as the device looks it up (`main.lua`, `lib.conn.lua`); at most 31 bytes of UTF-8. */
    name: string;
    data: Uint8Array;
}

export interface WriteLuaDbOptions {
    /**
     * Append the `.airm2m_all_crc#.bin` record holding the MD5 of the image
     * before it, as Luatools does for newer cores (.soc/.pac firmware, whose
     * OTA check verifies it). Counted in the header's file count.
     */
    md5Trailer?: boolean;
}

/** Byte sum of a record up to its CRC value, the Luatools CRC. */
function byteSum(bytes: Uint8Array, start: number, end: number): number {
    let sum = 0;
    for (let i = start; i < end; i++) sum += bytes[i]!;
    // Records are at most 47 bytes, so the sum never reaches 16 bits; the mask only documents the field width.
    return sum & 0xffff;
}

function nameBytes(name: string): Buffer {
    return Buffer.from(name, "utf8");
}

/** Checks a name the way the writer and the packer need it; returns its bytes. */
export function checkLuaDbName(name: string): Buffer {
    const bytes = nameBytes(name);
    if (bytes.length === 0) throw new UserError("a file in the script image has an empty name");
    if (bytes.length > LUADB_MAX_NAME_BYTES) {
        throw new UserError(`file name "${name}" is ${bytes.length} bytes; the script image allows at most ${LUADB_MAX_NAME_BYTES}`);
    }
    if (bytes.includes(0)) throw new UserError(`file name ${JSON.stringify(name)} contains a NUL byte`);
    return bytes;
}

/** Appends one record's TLVs and its CRC, Luatools style. */
function pushRecord(out: number[], fields: [type: number, value: Uint8Array][]): void {
    const start = out.length;
    for (const [type, value] of fields) out.push(type, value.length, ...value);
    out.push(TYPE_CRC, 2);
    const crc = byteSum(Uint8Array.from(out), start, out.length);
    out.push(crc & 0xff, crc >> 8);
}

function u16(value: number): Uint8Array {
    return Uint8Array.of(value & 0xff, (value >> 8) & 0xff);
}

function u32(value: number): Uint8Array {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, true);
    return bytes;
}

/**
 * Writes a LuaDB v2 image the way Luatools does: version `02 00`, header
 * length 0x18, every CRC the byte sum of its record. Validates every name
 * (non-empty, at most 31 bytes, no NUL, unique) and the file count (1 to
 * 1024, the MD5 record included) before building anything.
 */
export function writeLuaDb(files: readonly LuaDbInput[], options: WriteLuaDbOptions = {}): Buffer {
    const count = files.length + (options.md5Trailer === true ? 1 : 0);
    if (files.length === 0) throw new UserError("the script image needs at least one file (the firmware refuses a file count of 0)");
    if (count > LUADB_MAX_FILES) {
        throw new UserError(`the script image would hold ${count} files; the firmware mounts at most ${LUADB_MAX_FILES}`);
    }
    const seen = new Set<string>();
    const names = files.map(file => {
        const bytes = checkLuaDbName(file.name);
        if (seen.has(file.name)) throw new UserError(`file name "${file.name}" appears twice in the script image`);
        if (file.name === LUADB_MD5_FILE) throw new UserError(`"${LUADB_MD5_FILE}" is reserved for the image's MD5 record`);
        if (file.data.length > 0xffffffff) throw new UserError(`${file.name} is too large for the script image`);
        seen.add(file.name);
        return bytes;
    });

    const head: number[] = [];
    pushRecord(head, [
        [TYPE_MAGIC, LUADB_MAGIC],
        [TYPE_VERSION, u16(LUATOOLS_VERSION)],
        [TYPE_HEADER_LENGTH, u32(LUATOOLS_HEADER_LENGTH)],
        [TYPE_COUNT, u16(count)],
    ]);
    const parts: Uint8Array[] = [Uint8Array.from(head)];
    files.forEach((file, i) => {
        const record: number[] = [];
        pushRecord(record, [
            [TYPE_MAGIC, LUADB_MAGIC],
            [TYPE_VERSION, names[i]!],
            [TYPE_HEADER_LENGTH, u32(file.data.length)],
        ]);
        parts.push(Uint8Array.from(record), file.data);
    });
    if (options.md5Trailer === true) {
        const record: number[] = [];
        pushRecord(record, [
            [TYPE_MAGIC, LUADB_MAGIC],
            [TYPE_VERSION, nameBytes(LUADB_MD5_FILE)],
            [TYPE_HEADER_LENGTH, u32(16)],
        ]);
        parts.push(Uint8Array.from(record));
        parts.push(createHash("md5").update(Buffer.concat(parts)).digest());
    }
    return Buffer.concat(parts);
}

/** Which writer's conventions an image follows. */
export type LuaDbStyle = "luatools" | "luadb_maker";

/** One file read from an image. */
export interface LuaDbFile {
    name: string;
    /** The file's bytes (a view into the image). */
    data: Buffer;
    /** The record's CRC field as stored (0xFFFF in luadb_maker images). */
    crc: number;
    /** Offset of the record's first byte in the image. */
    recordOffset: number;
    /** Offset of the file's data in the image. */
    dataOffset: number;
}

/** A parsed, fully validated image. */
export interface LuaDbImage {
    /** The version field as the firmware reads it (little endian): 2 for Luatools, 0x0200 for luadb_maker. */
    version: number;
    /** The header length field (0x18 Luatools, 0x12 luadb_maker; the firmware ignores it). */
    headerLength: number;
    /** The header's file count, the MD5 record included. */
    count: number;
    /** The header's CRC field as stored. */
    headerCrc: number;
    style: LuaDbStyle;
    /** The files in image order, without the MD5 record. */
    files: LuaDbFile[];
    /** The MD5 stored in the `.airm2m_all_crc#.bin` record (already verified), when the image has one. */
    md5?: Buffer;
}

export interface ReadLuaDbOptions {
    /** Accept 0xFF bytes after the last file (erased flash in a dump of the script area). Default false. */
    allowPadding?: boolean;
}

/** A cursor over the image that names the field and offset of anything wrong. */
class Reader {
    offset = 0;
    constructor(readonly bytes: Buffer) {}

    fail(field: string, at: number, problem: string): never {
        throw new UserError(`not a valid LuaDB image: ${field} at offset ${at} (0x${at.toString(16)}): ${problem}`);
    }

    need(field: string, n: number): void {
        if (this.offset + n > this.bytes.length) {
            this.fail(field, this.offset, `needs ${n} bytes but the image ends after ${this.bytes.length - this.offset}`);
        }
    }

    /** Reads a TLV's type and length, checking both; returns the value's offset. */
    tlv(field: string, type: number, length?: number): { at: number; length: number } {
        const at = this.offset;
        this.need(field, 2);
        const actualType = this.bytes[at]!;
        const actualLength = this.bytes[at + 1]!;
        if (actualType !== type) {
            this.fail(field, at, `type is 0x${hex2(actualType)}, expected 0x${hex2(type)}`);
        }
        if (length !== undefined && actualLength !== length) {
            this.fail(field, at, `length is ${actualLength}, expected ${length}`);
        }
        this.offset += 2;
        this.need(field, actualLength);
        const valueAt = this.offset;
        this.offset += actualLength;
        return { at: valueAt, length: actualLength };
    }

    magic(field: string): void {
        const { at } = this.tlv(field, TYPE_MAGIC, 4);
        if (!this.bytes.subarray(at, at + 4).equals(LUADB_MAGIC)) {
            this.fail(field, at, `is ${this.bytes.subarray(at, at + 4).toString("hex")}, expected 5aa55aa5`);
        }
    }

    u16(field: string, type: number): { value: number; at: number } {
        const { at } = this.tlv(field, type, 2);
        return { value: this.bytes.readUInt16LE(at), at };
    }

    u32(field: string, type: number): { value: number; at: number } {
        const { at } = this.tlv(field, type, 4);
        return { value: this.bytes.readUInt32LE(at), at };
    }
}

function hex2(value: number): string {
    return value.toString(16).padStart(2, "0");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses and validates a LuaDB v2 image written by either Luatools or
 * luadb_maker: the magic of the header and of every record, each TLV's type
 * and length, non-zero version, header length and count, at most 1024
 * files, names of 1 to 31 bytes of UTF-8 without NUL and without duplicates,
 * sizes within the image, the CRCs (Luatools style, recognised by a header
 * CRC other than FF FF), the MD5 record when present, and nothing after the
 * last file. Throws {@link UserError} naming the field and its offset.
 */
export function readLuaDb(data: Uint8Array, options: ReadLuaDbOptions = {}): LuaDbImage {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const r: Reader = new Reader(bytes);
    r.magic("header magic");
    const version = r.u16("header version", TYPE_VERSION);
    if (version.value === 0) r.fail("header version", version.at, "is 0 (the firmware refuses it)");
    const headerLength = r.u32("header length", TYPE_HEADER_LENGTH);
    if (headerLength.value === 0) r.fail("header length", headerLength.at, "is 0 (the firmware refuses it)");
    const count = r.u16("header file count", TYPE_COUNT);
    if (count.value === 0) r.fail("header file count", count.at, "is 0 (the firmware refuses it)");
    if (count.value > LUADB_MAX_FILES) r.fail("header file count", count.at, `is ${count.value}; the firmware mounts at most ${LUADB_MAX_FILES}`);
    const headerCrc = r.u16("header crc", TYPE_CRC);
    const style: LuaDbStyle = headerCrc.value === NO_CRC ? "luadb_maker" : "luatools";
    const checkCrc = (field: string, recordStart: number, crc: { value: number; at: number }) => {
        if (style !== "luatools") return;
        const expected = byteSum(bytes, recordStart, crc.at);
        if (crc.value !== expected) {
            r.fail(field, crc.at, `is 0x${crc.value.toString(16)}, but the byte sum of its record is 0x${expected.toString(16)}`);
        }
    };
    checkCrc("header crc", 0, headerCrc);

    const files: LuaDbFile[] = [];
    const seen = new Set<string>();
    let md5: Buffer | undefined;
    for (let i = 0; i < count.value; i++) {
        const label = `file ${i + 1} of ${count.value}`;
        const recordOffset = r.offset;
        r.magic(`${label} magic`);
        const nameField = r.tlv(`${label} name`, TYPE_VERSION);
        const rawName = bytes.subarray(nameField.at, nameField.at + nameField.length);
        if (nameField.length === 0) r.fail(`${label} name`, nameField.at - 2, "is empty");
        if (nameField.length > LUADB_MAX_NAME_BYTES) {
            r.fail(`${label} name`, nameField.at - 2, `is ${nameField.length} bytes; the firmware allows at most ${LUADB_MAX_NAME_BYTES}`);
        }
        if (rawName.includes(0)) r.fail(`${label} name`, nameField.at, "contains a NUL byte");
        let name: string;
        try {
            name = utf8.decode(rawName);
        } catch {
            r.fail(`${label} name`, nameField.at, "is not valid UTF-8");
        }
        if (seen.has(name)) r.fail(`${label} name`, nameField.at, `"${name}" appears twice`);
        seen.add(name);
        const size = r.u32(`${label} (${name}) size`, TYPE_HEADER_LENGTH);
        const crc = r.u16(`${label} (${name}) crc`, TYPE_CRC);
        checkCrc(`${label} (${name}) crc`, recordOffset, crc);
        const dataOffset = r.offset;
        if (dataOffset + size.value > bytes.length) {
            r.fail(`${label} (${name}) size`, size.at, `is ${size.value}, but only ${bytes.length - dataOffset} bytes follow`);
        }
        r.offset += size.value;
        const fileData = bytes.subarray(dataOffset, dataOffset + size.value);
        if (name === LUADB_MD5_FILE) {
            if (i !== count.value - 1) r.fail(`${label} name`, nameField.at, `${LUADB_MD5_FILE} must be the last file`);
            if (size.value !== 16) r.fail(`${label} (${name}) size`, size.at, `is ${size.value}, expected 16 (an MD5)`);
            const expected = createHash("md5").update(bytes.subarray(0, dataOffset)).digest();
            if (!expected.equals(fileData)) {
                r.fail(`${label} (${name}) data`, dataOffset, `MD5 is ${fileData.toString("hex")}, but the image before it hashes to ${expected.toString("hex")}`);
            }
            md5 = fileData;
            continue;
        }
        files.push({ name, data: fileData, crc: crc.value, recordOffset, dataOffset });
    }
    if (r.offset < bytes.length) {
        const rest = bytes.subarray(r.offset);
        if (!(options.allowPadding === true && rest.every(b => b === 0xff))) {
            r.fail("end of image", r.offset, `${rest.length} bytes follow the last file (the header counts ${count.value} files)`);
        }
    }
    return {
        version: version.value,
        headerLength: headerLength.value,
        count: count.value,
        headerCrc: headerCrc.value,
        style,
        files,
        ...(md5 === undefined ? {} : { md5 }),
    };
}

/** True when the bytes start like a LuaDB image (header magic TLV); a cheap check before overwriting a file. */
export function looksLikeLuaDb(data: Uint8Array): boolean {
    return data.length >= 6 && data[0] === TYPE_MAGIC && data[1] === 4 && Buffer.from(data.subarray(2, 6)).equals(LUADB_MAGIC);
}
