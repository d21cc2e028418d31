/**
 * gpio (luat_lib_gpio.c) on virtual pins. `gpio.setup(pin, mode, pull,
 * irq)`: an integer mode makes an output driven to that level and returns
 * a setter closure; nil makes an input; a function makes an interrupt pin
 * (callback kept in the registry) — both return a getter closure. A pin
 * nothing drives reads 0, or 1 with the pull-up. Level changes the host
 * makes (`device.peripherals.setPin`) reach an interrupt pin's callback
 * through the message bus with the new level, filtered by the edge
 * (RISING/FALLING/BOTH). At most 16 interrupt pins (GPIO_IRQ_COUNT).
 */
import { lauxlib, lua, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { peripheralsOf } from "../../peripherals.js";
import { defineFlashRotable } from "../flash-rotable.js";

const MODE = { OUTPUT: 0, INPUT: 1, IRQ: 2 } as const;
const PULL = { DEFAULT: 0, PULLUP: 1, PULLDOWN: 2 } as const;
const EDGE = { RISING: 0, FALLING: 1, BOTH: 2 } as const;
const GPIO_IRQ_COUNT = 16;

interface PinSetup {
    mode: number;
    pull: number;
    /** Registry reference of the interrupt callback (IRQ mode). */
    ref: number;
    edge: number;
}

/** gpio. */
export function installGpio(ctx: FirmwareContext): void {
    const hardware = peripheralsOf(ctx.clock);
    const pins = new Map<number, PinSetup>();
    let defaultPull: number = PULL.DEFAULT;

    const level = (pin: number): 0 | 1 => {
        const setup = pins.get(pin);
        if (setup?.mode === MODE.OUTPUT) return hardware.pinOutput(pin) ?? 0;
        if (hardware.pinInput(pin) === 1) return 1;
        return setup?.pull === PULL.PULLUP ? 1 : 0;
    };

    const detach = hardware.listen({
        pinChanged(pin, value) {
            const setup = pins.get(pin);
            if (setup === undefined || setup.mode !== MODE.IRQ || setup.ref === 0) return;
            if ((setup.edge === EDGE.RISING && value !== 1) || (setup.edge === EDGE.FALLING && value !== 0)) return;
            const ref = setup.ref;
            ctx.post((L: LuaState) => {
                if (lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref) === lua.LUA_TFUNCTION) {
                    lua.lua_pushinteger(L, value);
                    lua.lua_call(L, 1, 0);
                } else lua.lua_pop(L, 1);
                return 0;
            });
        },
    });
    ctx.onEnd(detach);

    const set = (L: LuaState) => {
        const bound = lua.lua_isinteger(L, lua.lua_upvalueindex(1));
        const pin = bound ? (lua.lua_tointeger(L, lua.lua_upvalueindex(1)) as number) : (lauxlib.luaL_checkinteger(L, 1) as number);
        const value = lauxlib.luaL_checkinteger(L, bound ? 1 : 2) as number;
        hardware.drivePin(pin, value === 0 ? 0 : 1);
        return 0;
    };
    const get = (L: LuaState) => {
        const bound = lua.lua_isinteger(L, lua.lua_upvalueindex(1));
        const pin = bound ? (lua.lua_tointeger(L, lua.lua_upvalueindex(1)) as number) : (lauxlib.luaL_checkinteger(L, 1) as number);
        lua.lua_pushinteger(L, level(pin));
        return 1;
    };
    const close = (L: LuaState, pin: number) => {
        const setup = pins.get(pin);
        if (setup !== undefined && setup.ref !== 0) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, setup.ref);
        pins.delete(pin);
    };

    defineFlashRotable(
        ctx.L,
        "gpio",
        {
            setup: L => {
                const pin = lauxlib.luaL_checkinteger(L, 1) as number;
                const setup: PinSetup = { mode: MODE.INPUT, pull: defaultPull, ref: 0, edge: EDGE.BOTH };
                let initial: 0 | 1 = 0;
                if (lua.lua_isfunction(L, 2)) {
                    setup.mode = MODE.IRQ;
                    setup.edge = lauxlib.luaL_optinteger(L, 4, EDGE.BOTH) as number;
                    const irqPins = [...pins.values()].filter(p => p.mode === MODE.IRQ).length;
                    if (!pins.has(pin) && irqPins >= GPIO_IRQ_COUNT) {
                        ctx.clog(4, "luat.gpio", "too many irq setup!!!!");
                        return 0;
                    }
                    lua.lua_pushvalue(L, 2);
                    setup.ref = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) as number;
                } else if (lua.lua_isinteger(L, 2)) {
                    setup.mode = MODE.OUTPUT;
                    initial = lua.lua_tointeger(L, 2) === 0 ? 0 : 1;
                }
                setup.pull = lauxlib.luaL_optinteger(L, 3, defaultPull) as number;
                const previous = pins.get(pin);
                if (previous !== undefined && previous.ref !== 0 && previous.ref !== setup.ref) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, previous.ref);
                pins.set(pin, setup);
                if (setup.mode === MODE.OUTPUT) hardware.drivePin(pin, initial);
                lua.lua_settop(L, 1);
                lua.lua_pushcclosure(L, setup.mode === MODE.OUTPUT ? set : get, 1);
                return 1;
            },
            set,
            get,
            close: L => {
                close(L, lauxlib.luaL_checkinteger(L, 1) as number);
                return 0;
            },
            setDefaultPull: L => {
                const value = lauxlib.luaL_checkinteger(L, 1) as number;
                const ok = value >= 0 && value <= 2;
                if (ok) defaultPull = value;
                lua.lua_pushboolean(L, ok);
                return 1;
            },
        },
        { LOW: 0, HIGH: 1, ...MODE, PULLUP: PULL.PULLUP, PULLDOWN: PULL.PULLDOWN, ...EDGE },
    );
}
