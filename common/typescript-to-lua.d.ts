/** TypeScriptToLua (typescript-to-lua.js loads it with require(); see there why). */
import * as tstl from "typescript-to-lua";
export default tstl;
