// Lint the firmware with the toolkit's Lua-safety rules (numbers and strings in conditions,
// loose equality, async functions, waiting outside a task). Tests run in Node and are not linted here.
import { luatosFirmware } from "luatos-ts/lint";

export default [
    { ignores: ["build/**", "node_modules/**"] },
    ...luatosFirmware({ tsconfigRootDir: import.meta.dirname, project: "./tsconfig.json" }),
];
