/**
 * luatos-ts: TypeScript declarations for the current LuatOS generation
 * (`socket.create`/`socket.connect` network API, `zbuff`, `sys` with task
 * messages, the `libnet` library), every module the sources register.
 *
 * Select it instead of the 2021 entry: see docs/declarations.md.
 *
 * Hand-written overrides (types/overrides/current) come first; the
 * generated modules (types/generated/current) declare what they leave.
 */
/// <reference types="lua-types/5.3" />
/// <reference types="@typescript-to-lua/language-extensions" />
/// <reference path="../globals.d.ts" />
/// <reference path="../overrides/current/index.d.ts" />
/// <reference path="../generated/current/all.d.ts" />
