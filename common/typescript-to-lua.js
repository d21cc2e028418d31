// TypeScriptToLua, loaded with require() for the reason typescript.js gives:
// an ESM `import` makes Node scan every file of the package for export names.
import { createRequire } from "node:module";

const tstl = createRequire(import.meta.url)("typescript-to-lua");
export default tstl;
