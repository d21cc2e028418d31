/**
 * luatos-ts: TypeScript declarations for the LuatOS Lua API (2021 generation:
 * the `socket` netclient, `sys`, `log`, `rtos`).
 *
 * This is the single entry point. A firmware project includes this file (or
 * extends the toolkit's `tstl.json`, which does) and gets every declaration.
 * Each concern lives in its own file, composed here.
 *
 * The declarations follow what the firmware does (docs/vm-differences.md,
 * docs/blocking-calls.md, docs/leak.md and runtime/README.md say where and why);
 * where the official document says otherwise, the member's JSDoc says so.
 */
/// <reference types="lua-types/5.3" />
/// <reference types="@typescript-to-lua/language-extensions" />
/// <reference path="./globals.d.ts" />
/// <reference path="./log.d.ts" />
/// <reference path="./rtos.d.ts" />
/// <reference path="./topics.d.ts" />
/// <reference path="./sys.d.ts" />
/// <reference path="./socket.d.ts" />
// Every other module of the Air640W firmware, generated from the LuatOS
// sources (tools/api); members declared by the files above and by
// types/overrides/2021 are left to them.
/// <reference path="./overrides/2021/index.d.ts" />
/// <reference path="./generated/2021/air640w.d.ts" />
