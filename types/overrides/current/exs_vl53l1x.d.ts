/**
 * `exs_vl53l1x` (`script/libs/sensor/exs_vl53l1x.lua`): the member its
 * sources leave unannotated.
 */
declare module "exs_vl53l1x" {
    /**
     * Put the sensor in software standby: abort the running measurement and
     * clear the start mode; `wakeup` resumes ranging. Waits 2 ms with
     * `sys.wait`, so call it in a task. Does nothing before `setup`. Takes no
     * argument, returns nothing.
     * Source: `script/libs/sensor/exs_vl53l1x.lua:895`
     */
    export function sleep(this: void): void;
}
