/**
 * Globals that LuatOS tools and firmware expect in `main.lua`.
 */

/**
 * The project name. Luatools reads the `PROJECT = "..."` line at the top of
 * `main.lua`. Set it in `main.ts` (`PROJECT = "demo"`); when `main.ts` does
 * not, the build injects the `name` from package.json.
 */
declare var PROJECT: string;

/**
 * The firmware script version, `"x.y.z"`. Luatools reads the
 * `VERSION = "..."` line at the top of `main.lua`. Set it in `main.ts`;
 * when `main.ts` does not, the build injects the `version` from package.json.
 */
declare var VERSION: string;

/**
 * The hook the C layer uses to publish topics (`NETC_END_<id>`,
 * `NTP_UPDATE`). `sys` sets it to `sys.publish` when it loads.
 * Application code publishes with `sys.publish` instead.
 */
declare var sys_pub: ((this: void, topic: string, ...args: any[]) => void) | undefined;

/**
 * Read by `sys.coresume` when a task fails: true (the default) logs the
 * error and raises it again 500 ms later, so the VM exits and the device
 * reboots 30 s after (the 2021 sys.lua sets it to true when it loads).
 */
declare var COROUTINE_ERROR_ROLL_BACK: boolean | undefined;

/**
 * Read by `sys.coresume` when a task fails and `COROUTINE_ERROR_ROLL_BACK`
 * is false: true reboots at once (`rtos.reboot()`).
 */
declare var COROUTINE_ERROR_RESTART: boolean | undefined;

/** The version of the script library (sys.lua) in the image: `"1.0.0"` for the 2021 Air640W one. */
declare var SCRIPT_LIB_VER: string | undefined;
