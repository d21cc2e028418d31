/**
 * `gpio` of the current generation (`luat/modules/luat_lib_gpio.c`): the
 * interrupt callback's arguments and the accessor `gpio.setup` returns,
 * which the annotations leave as `any`.
 */
declare namespace gpio {
    /**
     * The interrupt callback of {@link gpio.setup}.
     * @param level the level read some time after the interrupt (not the edge that fired).
     * @param pin the pin number.
     */
    type IrqCallback = (this: void, level: number, pin: number) => void;

    /**
     * What {@link gpio.setup} returns: for an output pin, a function setting
     * the level; for an input or interrupt pin, one reading it.
     */
    type Accessor = (this: void, level?: number) => number | undefined;

    /**
     * 设置管脚功能 — Configure a pin.
     * @param mode a number (0 or 1): output with that initial level;
     *   `undefined`: input; a function: interrupt, called with `(level, pin)`;
     *   `gpio.count`: interrupt counting, no callback.
     * @param pull `gpio.PULLUP`, `gpio.PULLDOWN`, or 0 for open drain where the chip has it.
     * @param irq `gpio.RISING`, `gpio.FALLING` or `gpio.BOTH` (the default).
     * @param alt pin multiplexing option (Air780E family only).
     * @example gpio.setup(27, (level, pin) => log.info("irq", pin, level), gpio.PULLUP, gpio.RISING)
     */
    function setup(this: void, pin: number, mode: number | undefined | IrqCallback | typeof count, pull?: number, irq?: number, alt?: number): Accessor;
}
