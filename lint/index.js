/**
 * `luatos-ts/lint`: the ESLint flat config for firmware code (TypeScript
 * compiled to Lua by TSTL).
 *
 * The rules catch code that reads one way in TypeScript and runs another way
 * in Lua:
 *
 * - `@typescript-eslint/strict-boolean-expressions`, numbers and strings
 *   disallowed: in Lua `0` and `""` are true, so `if (result)` on the
 *   connect callback's 0/1 result is always taken, and `while (data)` never
 *   stops on an empty string. Objects that may be nil (`if (so)` after
 *   `socket.tcp()`) and booleans that may be nil keep their meaning in Lua
 *   and stay allowed.
 * - `eqeqeq` (comparisons with null aside): JavaScript's `==` converts
 *   (`1 == "1"` is true); Lua's never does, and TSTL emits `==` as Lua `==`.
 *   `x == null` is kept: it compiles to `x == nil`, which means the same.
 * - No `async`/`await` and no generators: they need TSTL's Promise or
 *   generator runtime (about 9 KB and 3 KB of lualib on a 40 KB heap), and
 *   an async function is not a `sys` task, so it cannot wait.
 * - The toolkit's blocking-call rules (lint/rules/): `sys.wait` and friends
 *   where no task runs.
 *
 * The rules need type information, so the config names the TSTL config
 * (tsconfig.json extending `luatos-ts/tstl.json`) that types the files.
 */
import tseslint from "typescript-eslint";
import blockingRules from "./rules/index.js";

/**
 * @typedef {object} FirmwareLintOptions
 * @property {string} tsconfigRootDir Absolute folder that `project` and
 *   `files` are relative to; in an eslint.config.js, `import.meta.dirname`.
 * @property {string} [project] The TSTL config that types the files, for
 *   example `"./tsconfig.json"` or `"./tstl.json"`. Without it, each file is
 *   typed by the nearest tsconfig.json (typescript-eslint's project service).
 * @property {string[]} [files] Globs of the firmware sources. Default
 *   `["src/**\/*.ts"]`.
 */

/** The options of `@typescript-eslint/strict-boolean-expressions` for Lua's truthiness. */
export const LUA_TRUTHINESS = Object.freeze({
    allowString: false,
    allowNumber: false,
    allowNullableObject: true,
    allowNullableBoolean: true,
    allowNullableString: false,
    allowNullableNumber: false,
    allowNullableEnum: false,
    allowAny: false,
});

const LUALIB_HEAVY_SYNTAX = [
    {
        selector: ":function[async=true]",
        message: "async functions need TSTL's Promise runtime (about 9 KB of lualib) and are not sys tasks; use sys.taskInit and sys.wait",
    },
    {
        selector: ":function[generator=true]",
        message: "generators need TSTL's generator runtime (about 3 KB of lualib); use a sys task or a plain loop",
    },
];

/**
 * Flat-config entries that lint firmware sources with the Lua-safety rules.
 *
 * @example
 * // eslint.config.js of a firmware project
 * import { luatosFirmware } from "luatos-ts/lint";
 * export default [
 *     { ignores: ["build/**"] },
 *     ...luatosFirmware({ tsconfigRootDir: import.meta.dirname, project: "./tsconfig.json" }),
 * ];
 * @param {FirmwareLintOptions} options
 * @returns {import("eslint").Linter.Config[]}
 */
export function luatosFirmware(options) {
    const { tsconfigRootDir, project, files = ["src/**/*.ts"] } = options;
    /** @type {Record<string, unknown>} */
    const parserOptions = project === undefined ? { projectService: true, tsconfigRootDir } : { project, tsconfigRootDir };
    return [
        {
            name: "luatos-ts/firmware",
            files,
            languageOptions: { parser: tseslint.parser, parserOptions },
            plugins: { "@typescript-eslint": tseslint.plugin, "luatos-ts": blockingRules },
            rules: {
                "@typescript-eslint/strict-boolean-expressions": ["error", LUA_TRUTHINESS],
                eqeqeq: ["error", "always", { null: "ignore" }],
                "no-restricted-syntax": ["error", ...LUALIB_HEAVY_SYNTAX],
                ...blockingRules.configs.recommended.rules,
            },
        },
    ];
}

export default luatosFirmware;
