// TypeScript's compiler API, loaded with require(). An ESM `import` of the
// typescript package makes Node scan its 9 MB of CommonJS for export names
// (about a second of CPU on every run, more under tsx); requiring it skips
// that scan. The toolkit imports `ts` from here; typescript.d.ts types it as
// the package itself.
import { createRequire } from "node:module";

const ts = createRequire(import.meta.url)("typescript");
export default ts;
