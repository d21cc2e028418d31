/** TypeScript's compiler API (typescript.js loads it with require(); see there why). */
import ts from "typescript";
export default ts;
