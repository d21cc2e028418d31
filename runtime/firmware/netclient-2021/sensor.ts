/**
 * sensor (luat_lib_sensor.c) on the virtual 1-Wire bus. `sensor.ds18b20(pin)`
 * returns the temperature in tenths of a degree and true when the host
 * connected a sensor on that pin (`device.peripherals.setTemperature`),
 * else 0 and false after the firmware's "ds18b20 read fail" log — also
 * for a reading outside the sensor's -55..125 °C range. The raw 1-Wire
 * functions see no device: `w1_connect` is false, `w1_read` reads 0xFF
 * bytes (an idle, pulled-up bus).
 */
import { lauxlib, lua } from "../../lua.js";
import { LOG_LEVEL, type FirmwareContext } from "../context.js";
import { peripheralsOf } from "../../peripherals.js";
import { defineFlashRotable } from "../flash-rotable.js";

/**
 * What ds18b20_get_temperature (luat_lib_sensor.c:140) makes of a reading:
 * the sensor's 1/16 °C count times 0.625, plus 0.5, truncated. Below zero
 * it complements both bytes without adding one, so -10 °C reads as about
 * +10 °C (the sign is lost): the simulator does the same.
 */
export function ds18b20Tenths(celsius: number): number {
    const raw = Math.round(celsius * 16) & 0xffff;
    const count = raw >> 8 > 7 ? ~raw & 0xffff : raw;
    return Math.trunc(count * 0.0625 * 10 + 0.5);
}

/** sensor. */
export function installSensor(ctx: FirmwareContext): void {
    const hardware = peripheralsOf(ctx.clock);
    defineFlashRotable(ctx.L, "sensor", {
        ds18b20: L => {
            const pin = lauxlib.luaL_checkinteger(L, 1) as number;
            const celsius = hardware.temperature(pin);
            const tenths = celsius === undefined ? undefined : ds18b20Tenths(celsius);
            if (tenths === undefined || tenths > 1250 || tenths < -550) {
                ctx.clog(LOG_LEVEL.INFO, "luat.sensor", "ds18b20 read fail");
                lua.lua_pushinteger(L, 0);
                lua.lua_pushboolean(L, false);
                return 2;
            }
            lua.lua_pushinteger(L, tenths);
            lua.lua_pushboolean(L, true);
            return 2;
        },
        w1_reset: L => {
            lauxlib.luaL_checkinteger(L, 1);
            return 0;
        },
        w1_connect: L => {
            const pin = lauxlib.luaL_checkinteger(L, 1) as number;
            lua.lua_pushboolean(L, hardware.temperature(pin) !== undefined);
            return 1;
        },
        w1_write: L => {
            lauxlib.luaL_checkinteger(L, 1);
            return 0;
        },
        w1_read: L => {
            lauxlib.luaL_checkinteger(L, 1);
            const count = lauxlib.luaL_checkinteger(L, 2) as number;
            for (let i = 0; i < count; i++) lua.lua_pushinteger(L, 0xff);
            return Math.max(0, count);
        },
    });
}
