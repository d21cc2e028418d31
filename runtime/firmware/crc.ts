/**
 * The CRCs of LuatOS's crypto module, for both firmware generations: the
 * 2021 firmware's crc.c (CRC-16 by model name, CRC-16/MODBUS, CRC-32,
 * CRC-8) and today's components/crypto/luat_crc.c (the same CRC-8, CRC-32
 * and CRC-16/MODBUS with their parameters open, its own CRC-16 and CRC-7).
 * Values are unsigned; a 32-bit result is a JavaScript uint32.
 */

/** The CRC-16 models of the 2021 firmware's crc.c: polynomial, initial value, final xor, reflected input/output. */
const CRC16_MODELS: Record<string, [number, number, number, boolean, boolean]> = {
    IBM: [0x8005, 0x0000, 0x0000, true, true],
    MAXIM: [0x8005, 0x0000, 0xffff, true, true],
    USB: [0x8005, 0xffff, 0xffff, true, true],
    MODBUS: [0x8005, 0xffff, 0x0000, true, true],
    CCITT: [0x1021, 0x0000, 0x0000, true, true],
    "CCITT-FALSE": [0x1021, 0xffff, 0x0000, false, false],
    X25: [0x1021, 0xffff, 0xffff, true, true],
    XMODEM: [0x1021, 0x0000, 0x0000, false, false],
    DNP: [0x3d65, 0x0000, 0xffff, true, true],
};

/** `value`'s low `bits` bits in reverse order. */
export function reflect(value: number, bits: number): number {
    let out = 0;
    for (let i = 0; i < bits; i++) if (value & (1 << i)) out |= 1 << (bits - 1 - i);
    return out >>> 0;
}

/** calcCRC16 of the 2021 firmware's crc.c; an unknown model name gives 0. */
export function crc16(data: Uint8Array, model: string, user: [number, number, number, boolean, boolean]): number {
    const params = model === "USER-DEFINED" ? user : CRC16_MODELS[model];
    if (params === undefined) return 0;
    const [poly, initial, finalXor, inReverse, outReverse] = params;
    let crc = initial & 0xffff;
    for (const byte of data) {
        crc ^= (inReverse ? reflect(byte, 8) : byte) << 8;
        for (let j = 0; j < 8; j++) crc = crc & 0x8000 ? ((crc << 1) ^ poly) & 0xffff : (crc << 1) & 0xffff;
    }
    if (outReverse) crc = reflect(crc, 16);
    return (crc ^ finalXor) & 0xffff;
}

/** CRC-16/MODBUS (calcCRC16_modbus in 2021, luat_crc16_modbus today: initial 0xFFFF, no final xor). */
export function crc16Modbus(data: Uint8Array): number {
    return crc16(data, "MODBUS", CRC16_MODELS.MODBUS!);
}

/**
 * luat_crc32 (luat_crc.c:207): the reflected table algorithm for
 * polynomial `poly` (0 means 0x04C11DB7) from `start`, without a final xor.
 */
export function crc32Update(data: Uint8Array, start: number, poly: number): number {
    const reflected = reflect(poly === 0 ? 0x04c11db7 : poly, 32);
    let crc = start >>> 0;
    for (const byte of data) {
        crc ^= byte;
        for (let j = 0; j < 8; j++) crc = crc & 1 ? (crc >>> 1) ^ reflected : crc >>> 1;
    }
    return crc >>> 0;
}

/** CRC-32 (IEEE): from 0xFFFFFFFF, final xor 0xFFFFFFFF. */
export function crc32(data: Uint8Array): number {
    return (crc32Update(data, 0xffffffff, 0x04c11db7) ^ 0xffffffff) >>> 0;
}

/**
 * luat_crc8 (luat_crc.c:5): MSB first, or with `reverse` LSB first with the
 * polynomial's bits reversed. The defaults are the 2021 firmware's CRC-8
 * (polynomial 0x07, initial 0).
 */
export function crc8(data: Uint8Array, start = 0, poly = 0x07, reverse = false): number {
    let crc = start & 0xff;
    if (reverse) {
        const p = reflect(poly & 0xff, 8);
        for (const byte of data) {
            crc ^= byte;
            for (let j = 0; j < 8; j++) crc = crc & 1 ? (crc >>> 1) ^ p : crc >>> 1;
        }
    } else {
        for (const byte of data) {
            crc ^= byte;
            for (let j = 0; j < 8; j++) crc = crc & 0x80 ? ((crc << 1) ^ poly) & 0xff : (crc << 1) & 0xff;
        }
    }
    return crc;
}

/**
 * luat_crc16 (luat_crc.c:66), today's CRC-16: with `reverse` the
 * polynomial's bits are reversed and the register shifts right (a reflected
 * CRC whose initial value is not reflected), otherwise it shifts left; each
 * data bit, LSB first when reversed and MSB first otherwise, xors the
 * polynomial in after the shift. The result is xored with `final`.
 */
export function luatCrc16(data: Uint8Array, start: number, final: number, poly: number, reverse: boolean): number {
    let crc = start & 0xffff;
    if (reverse) {
        const p = reflect(poly & 0xffff, 16);
        for (const byte of data) {
            for (let i = 0; i < 8; i++) {
                crc = crc & 1 ? (crc >>> 1) ^ p : crc >>> 1;
                if (byte & (1 << i)) crc ^= p;
            }
        }
    } else {
        for (const byte of data) {
            for (let i = 7; i >= 0; i--) {
                crc = crc & 0x8000 ? ((crc << 1) ^ poly) & 0xffff : (crc << 1) & 0xffff;
                if (byte & (1 << i)) crc ^= poly & 0xffff;
            }
        }
    }
    return (crc ^ final) & 0xffff;
}

/** luat_crc7 (luat_crc.c:286): a 7-bit register, MSB first; the polynomial without x^7, 0 meaning 0x09. */
export function crc7(data: Uint8Array, poly: number, start: number): number {
    const p = poly & 0x7f || 0x09;
    let crc = start & 0x7f;
    for (const byte of data) {
        for (let bit = 0; bit < 8; bit++) {
            const feedback = ((crc >> 6) & 1) ^ ((byte >> (7 - bit)) & 1);
            crc = (crc << 1) & 0x7f;
            if (feedback) crc ^= p;
        }
    }
    return crc;
}
