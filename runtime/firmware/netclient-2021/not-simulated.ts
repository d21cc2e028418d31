/**
 * The C modules the Air640W firmware opens (luat_rtt_base.c with
 * bsp/air640w/rtt/rtconfig.h) that the simulator does not emulate: each
 * is a rotable whose functions raise "<module>.<function> is not
 * simulated", so a firmware using one fails loudly at the call instead of
 * on a nil global. The member lists follow types/generated/2021 (the
 * extract of the firmware's sources); constants are left out, as their
 * values would be guesses. i2c, spi and pwm are here too: talking to a
 * virtual bus device is not modelled yet.
 */
import { raise, type JsFunction, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { defineRotable, type RotableKind } from "../flash-rotable.js";

/** A C function that raises `<name> is not simulated`. */
export function notSimulated(name: string): JsFunction {
    return (L: LuaState) => raise(L, `${name} is not simulated`);
}

/** Functions of the Air640W modules with no emulation, per module. */
export const NOT_SIMULATED: Record<string, readonly string[]> = {
    dbg: ["close", "wait"],
    disp: ["clear", "close", "drawStr", "init", "setFont", "update"],
    fs: ["fsize", "fsstat", "mkdir", "mkfs", "mount", "rmdir", "umount"],
    http: ["delete", "get", "post", "put", "req"],
    i2c: ["close", "exist", "readDHT12", "readReg", "readSHT30", "recv", "send", "setup", "writeReg"],
    libcoap: ["new", "parse"],
    spi: ["close", "recv", "send", "setup", "transfer"],
    mqttcore: ["encodeLen", "encodeUTF8", "packACK", "packCONNECT", "packPUBLISH", "packSUBSCRIBE", "packUNSUBSCRIBE", "packZeroData", "unpack"],
    u8g2: [
        "ClearBuffer", "DrawBox", "DrawCircle", "DrawDisc", "DrawEllipse", "DrawFilledEllipse", "DrawFrame", "DrawGlyph", "DrawLine",
        "DrawRBox", "DrawRFrame", "DrawTriangle", "DrawUTF8", "GetDisplayHeight", "GetDisplayWidth", "SendBuffer", "SetBitmapMode",
        "SetFont", "SetFontMode", "begin", "close",
    ],
};

/** Functions of a module whose members are all "not simulated". */
export function notSimulatedFunctions(module: string, names: readonly string[]): Record<string, JsFunction> {
    return Object.fromEntries(names.map(name => [name, notSimulated(`${module}.${name}`)]));
}

/**
 * Defines each module as a flash rotable whose functions are "not simulated".
 * Default: those of {@link NOT_SIMULATED} (the Air640W's); another board's
 * come from its module list (runtime/firmware/emulated-modules.ts). `kind`:
 * the generation's rotables (flash-rotable.ts), the 2021 firmware's by default.
 */
export function installNotSimulated(ctx: FirmwareContext, modules: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(NOT_SIMULATED)), kind: RotableKind = "rotable"): void {
    for (const [module, names] of modules) defineRotable(ctx.L, module, Object.entries(notSimulatedFunctions(module, names)), kind);
}
