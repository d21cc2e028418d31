import type { Linter } from "eslint";

/** Options of {@link luatosFirmware} (see index.js). */
export interface FirmwareLintOptions {
    /** Absolute folder that `project` and `files` are relative to; in an eslint.config.js, `import.meta.dirname`. */
    tsconfigRootDir: string;
    /** The TSTL config that types the files (`"./tsconfig.json"`); default: the nearest tsconfig.json of each file. */
    project?: string;
    /** Globs of the firmware sources; default `["src/**\/*.ts"]`. */
    files?: string[];
}

/** The options of `@typescript-eslint/strict-boolean-expressions` for Lua's truthiness. */
export declare const LUA_TRUTHINESS: Readonly<Record<string, boolean>>;

/** Flat-config entries that lint firmware sources with the Lua-safety rules. */
export declare function luatosFirmware(options: FirmwareLintOptions): Linter.Config[];
export default luatosFirmware;
