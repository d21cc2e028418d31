/**
 * pwm (luat_lib_pwm.c over luat_pwm_rtt.c and the W600's drv_pwm.c) on the
 * virtual peripherals. `pwm.open(channel, hz, percent)` returns false for a
 * channel of 10 or more (the tens digit picks an RT-Thread PWM device and
 * the Air640W registers one, "pwm") or a frequency outside 1..1000000 Hz,
 * clamps the duty cycle to 100, and otherwise returns true: the driver's
 * own answer is not checked. The driver outputs channels 1, 2, 4 and 5 (on
 * PA0, PA1, PB15, PB8; `drv_pwm.c:113`); 0, 3 and 6..9 reach no pin.
 * `pwm.close(channel)` stops it and returns nothing. The host reads what
 * runs with `device.peripherals.pwmOutput(channel)` (the frequency asked
 * for; the hardware's divider rounding is not modelled).
 */
import { lauxlib, lua } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { peripheralsOf } from "../../peripherals.js";
import { defineFlashRotable } from "../flash-rotable.js";

/** Channels drv_pwm.c drives (Lua channel = W600 channel + 1; channel 3 is refused there). */
const OUTPUT_CHANNELS = [1, 2, 4, 5];

/** pwm. */
export function installPwm(ctx: FirmwareContext): void {
    const hardware = peripheralsOf(ctx.clock);
    defineFlashRotable(ctx.L, "pwm", {
        open: L => {
            const channel = lauxlib.luaL_checkinteger(L, 1) as number;
            const period = lauxlib.luaL_checkinteger(L, 2) as number;
            const pulse = lauxlib.luaL_checkinteger(L, 3) as number;
            // size_t in C: a negative period or pulse is a huge unsigned value.
            const ok = Math.trunc(channel / 10) === 0 && channel >= 0 && period >= 1 && period <= 1_000_000;
            if (ok && OUTPUT_CHANNELS.includes(channel)) {
                hardware.drivePwm(channel, { frequencyHz: period, dutyPercent: pulse < 0 || pulse > 100 ? 100 : pulse });
            }
            lua.lua_pushboolean(L, ok);
            return 1;
        },
        close: L => {
            const channel = lauxlib.luaL_checkinteger(L, 1) as number;
            if (OUTPUT_CHANNELS.includes(channel)) hardware.drivePwm(channel, undefined);
            return 0;
        },
    });
}
