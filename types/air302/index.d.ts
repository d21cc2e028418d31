/**
 * luatos-ts: TypeScript declarations for the Air302 (2021 generation, EC616
 * NB-IoT): only the modules its firmware opens (the library table of
 * bsp/air302/src/luat_air302_base.c: no `wlan`, but `pm`, `adc`, `lpmem`,
 * `libgnss`, `ctiot`), with the 2021 hand-written `sys`, `socket`, `log`,
 * `rtos` (types/generated/2021/air302.d.ts, docs/declarations.md).
 * types/index.d.ts is the Air640W's.
 */
/// <reference types="lua-types/5.3" />
/// <reference types="@typescript-to-lua/language-extensions" />
/// <reference path="../globals.d.ts" />
/// <reference path="../generated/2021/air302.d.ts" />
