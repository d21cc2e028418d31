import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileStdlib } from "../compiler/stdlib.js";
import { SimulatedDevice } from "../runtime/index.js";
import { estimateHeap } from "../runtime/memory.js";
const MAIN = fs.readFileSync("bench/sim-heartbeat.ts","utf8").split("const MAIN = `")[1]!.split("`;")[0]!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-bench-"));
for (const file of compileStdlib()) fs.writeFileSync(path.join(dir, file.name), file.data);
fs.writeFileSync(path.join(dir, "main.lua"), MAIN);
for (let i=0;i<3;i++){
const device = new SimulatedDevice({ buildDir: dir, firmwareLogs: false });
let start = performance.now();
await device.run("24h");
const t1=(performance.now()-start);
const L = (device as any).vm.L;
start = performance.now();
for (let j=0;j<2000;j++) estimateHeap(L);
console.log("run ms", t1.toFixed(0), "one walk ms", ((performance.now()-start)/2000).toFixed(3), device.meminfo(), (device as any).vm.heap.walks);
}
