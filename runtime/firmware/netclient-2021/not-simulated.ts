/**
 * The C modules of a board's firmware that the simulator does not emulate
 * (runtime/firmware/emulated-modules.ts; by default the Air640W's: the
 * modules of luat_rtt_base.c that bsp/air640w/rtt/rtconfig.h enables): each
 * is a rotable, as on the device, so a firmware using one fails loudly at
 * the call instead of on a nil global. Its functions raise
 * "<module>.<function> is not simulated". Its constants read as on the
 * device where the LuatOS sources give the value (`i2c.FAST` is 1, an
 * integer; a font of `u8g2` a light userdata); a constant whose value the
 * sources do not give (it comes from a chip SDK's header) raises
 * "<module>.<constant> is not simulated" when read, rather than reading as
 * a nil the device would never give. The member lists and values come from
 * the declarations' module index (types/generated/<generation>/modules.json).
 */
import { lua, raise, S, type JsFunction, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { emulatedModuleFunctions, notSimulatedModules, type NotSimulatedModule } from "../emulated-modules.js";
import { addRotableFunctions, defineRotable, type RotableKind, type RotableValue } from "../flash-rotable.js";

/** A C function that raises `<name> is not simulated`. */
export function notSimulated(name: string): JsFunction {
    return (L: LuaState) => raise(L, `${name} is not simulated`);
}

/** Functions of a module whose members are all "not simulated". */
export function notSimulatedFunctions(module: string, names: readonly string[]): Record<string, JsFunction> {
    return Object.fromEntries(names.map(name => [name, notSimulated(`${module}.${name}`)]));
}

/** A module's entries: its functions raising "not simulated", then its constants as the device reads them. */
function notSimulatedEntries(module: string, m: NotSimulatedModule): [string, RotableValue][] {
    const entries: [string, RotableValue][] = Object.entries(notSimulatedFunctions(module, m.functions));
    for (const [name, value] of Object.entries(m.values)) {
        if (typeof value === "string") entries.push([name, { string: value }]);
        else if (typeof value === "boolean") entries.push([name, { boolean: value }]);
        else entries.push([name, Number.isInteger(value) ? { integer: value } : { number: value }]);
    }
    // A distinct address per constant, the same one every read (a C object in flash).
    for (const name of m.pointers) entries.push([name, { pointer: { constant: `${module}.${name}` } }]);
    for (const name of m.nulls) entries.push([name, { pointer: null }]);
    for (const name of m.unknown) entries.push([name, { notSimulated: `${module}.${name}` }]);
    return entries;
}

/**
 * Defines each module as a rotable whose functions are "not simulated" and
 * whose constants read as described above. Default: the Air640W's modules.
 * `kind`: the generation's rotables (flash-rotable.ts), the 2021 firmware's
 * by default.
 */
export function installNotSimulated(
    ctx: FirmwareContext,
    modules: ReadonlyMap<string, NotSimulatedModule> = notSimulatedModules({ name: "air640w", generation: "2021" }),
    kind: RotableKind = "rotable",
): void {
    for (const [module, m] of modules) defineRotable(ctx.L, module, notSimulatedEntries(module, m), kind);
}

/**
 * The functions of the emulated modules that the board's firmware registers
 * and the emulation lacks (`socket.listen` before it is emulated) raise
 * "<module>.<function> is not simulated" too, instead of reading nil. Call
 * once the emulated modules are installed; a module that is neither a
 * table nor a flash rotable is left as it is.
 */
export function installEmulationGaps(ctx: FirmwareContext): void {
    const L = ctx.L;
    const board = { name: ctx.board.name, generation: ctx.board.generation ?? ("2021" as const) };
    for (const [module, functions] of emulatedModuleFunctions(board)) {
        const type = lua.lua_getglobal(L, S(module));
        if (type === lua.LUA_TTABLE) {
            for (const name of functions) {
                if (lua.lua_getfield(L, -1, S(name)) === lua.LUA_TNIL) {
                    lua.lua_pushcfunction(L, notSimulated(`${module}.${name}`));
                    lua.lua_setfield(L, -3, S(name));
                }
                lua.lua_pop(L, 1);
            }
        } else if (type === lua.LUA_TUSERDATA) addRotableFunctions(L, -1, notSimulatedFunctions(module, functions));
        lua.lua_pop(L, 1);
    }
}
