import { UserError } from "../common/user-error.js";

/*
 * Lua 5.3 precompiled chunks (what `luac` writes, lua-5.3 ldump.c). The
 * firmware's loader (lundump.c checkHeader) refuses a chunk unless the sizes
 * of int, size_t, Instruction, lua_Integer and lua_Number and the byte order
 * all match its own build. Number widths change what programs compute, so a
 * mismatch there cannot be repaired; size_t only encodes the length of long
 * strings, so a chunk from a 64-bit host luac can be rewritten for a 32-bit
 * MCU without changing its meaning.
 */

const SIGNATURE = Buffer.from("\x1bLua", "latin1");
const VERSION_53 = 0x53;
const FORMAT = 0;
const LUAC_DATA = Buffer.from("\x19\x93\r\n\x1a\n", "latin1");
const LUAC_INT = 0x5678;
const LUAC_NUM = 370.5;
/** Offset of the five size bytes in the header. */
const SIZES_AT = 12;

/** The layout facts a Lua 5.3 chunk's header records. */
export interface BytecodeHeader {
    cIntBytes: number;
    sizeTBytes: number;
    instructionBytes: number;
    integerBytes: number;
    numberBytes: number;
}

/** Length of the header for given integer and float widths. */
function headerLength(h: BytecodeHeader): number {
    return SIZES_AT + 5 + h.integerBytes + h.numberBytes;
}

/**
 * Reads and checks a Lua 5.3 chunk header (signature, version, format,
 * LUAC_DATA, little-endian LUAC_INT, LUAC_NUM); `what` names the chunk in errors.
 */
export function readBytecodeHeader(chunk: Uint8Array, what = "bytecode"): BytecodeHeader {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const bad = (problem: string): never => {
        throw new UserError(`${what} is not usable Lua 5.3 bytecode: ${problem}`);
    };
    if (bytes.length < SIZES_AT + 5 || !bytes.subarray(0, 4).equals(SIGNATURE)) bad("it does not start with the bytecode signature");
    if (bytes[4] !== VERSION_53) bad(`it is for Lua version ${(bytes[4]! >> 4)}.${bytes[4]! & 0xf}, not 5.3`);
    if (bytes[5] !== FORMAT) bad(`its format byte is ${bytes[5]}, not 0`);
    if (!bytes.subarray(6, 12).equals(LUAC_DATA)) bad("its header is corrupted");
    const header: BytecodeHeader = {
        cIntBytes: bytes[SIZES_AT]!,
        sizeTBytes: bytes[SIZES_AT + 1]!,
        instructionBytes: bytes[SIZES_AT + 2]!,
        integerBytes: bytes[SIZES_AT + 3]!,
        numberBytes: bytes[SIZES_AT + 4]!,
    };
    if (![4, 8].includes(header.integerBytes) || ![4, 8].includes(header.numberBytes)) {
        bad(`it has ${header.integerBytes}-byte integers and ${header.numberBytes}-byte floats`);
    }
    if (bytes.length < headerLength(header)) bad("its header is cut short");
    const at = SIZES_AT + 5;
    const int = header.integerBytes === 8 ? bytes.readBigInt64LE(at) : BigInt(bytes.readInt32LE(at));
    if (int !== BigInt(LUAC_INT)) bad("it was written on a big-endian host (the modules are little endian)");
    const numAt = at + header.integerBytes;
    const num = header.numberBytes === 8 ? bytes.readDoubleLE(numAt) : bytes.readFloatLE(numAt);
    if (num !== LUAC_NUM) bad("its float format is not IEEE 754");
    return header;
}

/** Walks a chunk field by field, copying it with another size_t width. */
class Transcoder {
    private at: number;
    private readonly out: number[] = [];

    constructor(
        private readonly bytes: Buffer,
        private readonly from: BytecodeHeader,
        private readonly toSizeT: number,
        private readonly what: string,
        private readonly toNumberBytes: number = from.numberBytes,
    ) {
        this.at = headerLength(from);
        const head = [...bytes.subarray(0, SIZES_AT + 5 + from.integerBytes)];
        head[SIZES_AT + 1] = toSizeT;
        head[SIZES_AT + 4] = toNumberBytes;
        this.out.push(...head);
        this.out.push(...this.encodeFloat(LUAC_NUM));
    }

    /** A float constant in the target width (only widening is asked for: 4 to 8 bytes is exact). */
    private encodeFloat(value: number): Buffer {
        const b = Buffer.alloc(this.toNumberBytes);
        if (this.toNumberBytes === 8) b.writeDoubleLE(value);
        else b.writeFloatLE(value);
        return b;
    }

    private take(n: number): Buffer {
        if (this.at + n > this.bytes.length) throw new UserError(`${this.what}: bytecode ends in the middle of a function`);
        const slice = this.bytes.subarray(this.at, this.at + n);
        this.at += n;
        return slice;
    }

    private copy(n: number): Buffer {
        const slice = this.take(n);
        for (const b of slice) this.out.push(b);
        return slice;
    }

    private byte(): number {
        return this.copy(1)[0]!;
    }

    private int(): number {
        const raw = this.copy(this.from.cIntBytes);
        return this.from.cIntBytes === 8 ? Number(raw.readBigInt64LE(0)) : raw.readInt32LE(0);
    }

    private string(): void {
        const first = this.take(1)[0]!;
        if (first !== 0xff) {
            this.out.push(first);
            if (first > 0) this.copy(first - 1);
            return;
        }
        const raw = this.take(this.from.sizeTBytes);
        const size = this.from.sizeTBytes === 8 ? raw.readBigUInt64LE(0) : BigInt(raw.readUInt32LE(0));
        const max = (1n << BigInt(this.toSizeT * 8)) - 1n;
        if (size > max) throw new UserError(`${this.what}: a string of ${size - 1n} bytes does not fit a ${this.toSizeT}-byte size_t`);
        const sized = Buffer.alloc(this.toSizeT);
        if (this.toSizeT === 8) sized.writeBigUInt64LE(size);
        else sized.writeUInt32LE(Number(size));
        this.out.push(0xff, ...sized);
        this.copy(Number(size) - 1);
    }

    private func(): void {
        this.string(); // source (absent when stripped)
        this.int(); // linedefined
        this.int(); // lastlinedefined
        this.copy(3); // numparams, is_vararg, maxstacksize
        this.copy(this.int() * this.from.instructionBytes); // code
        const constants = this.int();
        for (let i = 0; i < constants; i++) {
            const type = this.byte();
            if (type === 0) continue; // nil
            else if (type === 1) this.copy(1); // boolean
            else if (type === 3) {
                const raw = this.take(this.from.numberBytes);
                this.out.push(...this.encodeFloat(this.from.numberBytes === 8 ? raw.readDoubleLE(0) : raw.readFloatLE(0))); // float
            }
            else if (type === 19) this.copy(this.from.integerBytes); // integer
            else if (type === 4 || type === 20) this.string(); // short, long string
            else throw new UserError(`${this.what}: unknown constant type ${type} at offset ${this.at - 1}`);
        }
        this.copy(this.int() * 2); // upvalues: instack, idx
        const protos = this.int();
        for (let i = 0; i < protos; i++) this.func();
        this.copy(this.int() * this.from.cIntBytes); // line info
        const locals = this.int();
        for (let i = 0; i < locals; i++) {
            this.string();
            this.int();
            this.int();
        }
        const upvalueNames = this.int();
        for (let i = 0; i < upvalueNames; i++) this.string();
    }

    run(): Buffer {
        this.byte(); // number of upvalues of the main closure
        this.func();
        if (this.at !== this.bytes.length) throw new UserError(`${this.what}: ${this.bytes.length - this.at} unexpected bytes after the main function`);
        return Buffer.from(this.out);
    }
}

/**
 * Rewrites a Lua 5.3 chunk for another `size_t` width (only long-string
 * lengths change). Returns the chunk itself when the width already matches.
 */
export function retargetSizeT(chunk: Uint8Array, sizeTBytes: 4 | 8, what = "bytecode"): Buffer {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const header = readBytecodeHeader(bytes, what);
    if (header.sizeTBytes === sizeTBytes) return bytes;
    if (header.sizeTBytes !== 4 && header.sizeTBytes !== 8) {
        throw new UserError(`${what}: unsupported ${header.sizeTBytes}-byte size_t`);
    }
    return new Transcoder(bytes, header, sizeTBytes, what).run();
}

/** Whether bytes start like a precompiled Lua chunk (ESC "Lua"). */
export function isBytecode(chunk: Uint8Array): boolean {
    return chunk.length >= 4 && chunk[0] === 0x1b && chunk[1] === 0x4c && chunk[2] === 0x75 && chunk[3] === 0x61;
}

/**
 * Rewrites a LUA_32BITS chunk (4-byte floats) with 8-byte float constants,
 * the only layout fengari's loader reads: every float32 is exactly a double,
 * so the loaded functions are the ones the device loads. Other chunks are
 * returned as they are (fengari's loader then judges them).
 */
export function widenFloats(chunk: Uint8Array, what = "bytecode"): Uint8Array {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!isBytecode(bytes)) return chunk;
    let header: BytecodeHeader;
    try {
        header = readBytecodeHeader(bytes, what);
    } catch {
        return chunk;
    }
    if (header.numberBytes !== 4 || header.sizeTBytes !== 4 || header.cIntBytes !== 4 || header.integerBytes !== 4) return chunk;
    return new Transcoder(bytes, header, 4, what, 8).run();
}
