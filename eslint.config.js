// ESLint for this repository: the Lua-safety rules of luatos-ts/lint on the
// firmware code (src/ and the examples), typed by their TSTL configs.
//
// Host code (compiler, runtime, CLI, tests) runs on Node, where JavaScript's
// truthiness is the real one, and `tsc -p tsconfig.json` already checks it
// strictly; type-aware linting of it would only slow `npm test` down. ESLint
// parses the repository's plain .js files with no rules.
import { luatosFirmware } from "./lint/index.js";

const root = import.meta.dirname;

export default [
    // dist/: the toolkit compiled by npm's prepare script (its comments name rules of the TypeScript sources).
    { ignores: ["build/**", "dist/**", "node_modules/**", "**/fixtures/**"] },
    ...luatosFirmware({ tsconfigRootDir: root, project: "./tstl.json", files: ["src/**/*.ts"] }),
    ...luatosFirmware({ tsconfigRootDir: root, project: "./examples/socket-example/tsconfig.json", files: ["examples/socket-example/**/*.ts"] }),
];
