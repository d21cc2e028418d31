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
