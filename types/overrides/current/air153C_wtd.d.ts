/**
 * `air153C_wtd` (`script/libs/air153C_wtd.lua`): the one member its sources
 * leave unannotated.
 */
declare module "air153C_wtd" {
    /**
     * Pull the watchdog pin low (`gpio.set(watchdogPin, 0)`): the end of a
     * feed pulse. `feed_dog` schedules it 400 ms after raising the pin; call
     * it yourself only to cut a pulse short. Returns nothing.
     * Source: `script/libs/air153C_wtd.lua:34`
     * @param watchdogPin the watchdog control pin given to `init`.
     */
    export function callback(this: void, watchdogPin: number): void;
}
