/**
 * luatos-ts: TypeScript declarations for the LuatOS PC build (current LuatOS generation):
 * only the modules its firmware opens, as the sources configure it
 * (types/generated/current/pc.d.ts, docs/declarations.md). A module the
 * firmware leaves out is an error here; types/current/index.d.ts has every
 * module of the generation.
 */
/// <reference types="lua-types/5.3" />
/// <reference types="@typescript-to-lua/language-extensions" />
/// <reference path="../../globals.d.ts" />
/// <reference path="../../generated/current/pc.d.ts" />
/// <reference path="./string.d.ts" />
