import { loadCurrentCases, luatosPcBinary, normalizeCurrent, runCurrentSimulator, runLuatosPc } from "./test/conformance/harness-current.js";
import { lineDiff } from "./test/conformance/harness.js";
const want = process.argv.slice(2);
for (const c of loadCurrentCases().filter(c => want.some(w => c.name.includes(w)))) {
    const fw = await runLuatosPc(c, luatosPcBinary()!);
    const sim = await runCurrentSimulator(c);
    const a = normalizeCurrent(c, fw.output, fw.servers), b = normalizeCurrent(c, sim.output, sim.servers);
    console.log(`== ${c.name}: ${a.join("\n") === b.join("\n") ? "SAME" : "DIFF"}`);
    console.log(lineDiff(a, b));
}
