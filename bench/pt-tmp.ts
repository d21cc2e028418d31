import * as fs from "node:fs"; import * as os from "node:os"; import * as path from "node:path";
import { watch, type WatchBuild } from "../compiler/watch.ts";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pt-"));
fs.cpSync("/work/main/src", path.join(dir, "src"), { recursive: true, filter: f => !f.endsWith("tsconfig.json") });
fs.writeFileSync(path.join(dir, "tstl.json"), JSON.stringify({ extends: "/work/main/tstl.json" }));
fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "b", version: "1.0.0" }));
const builds: WatchBuild[] = [];
const w = watch({ cwd: dir, onBuild: b => builds.push(b) });
await w.ready; await w.primed;
const target = path.join(dir, "src/app/telemetry.ts"); const orig = fs.readFileSync(target, "utf8");
const mem = () => { (globalThis as any).gc(); return (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0) + " MB"; };
console.log("after prime", mem());
for (let i = 1; i <= 30; i++) {
  await new Promise(r => setTimeout(r, 150));
  fs.writeFileSync(target, orig + `\nconst e${i} = ${i};\n`);
  while (builds.length < i + 1) await new Promise(r => setTimeout(r, 5));
  if (i % 10 === 0) console.log("edit", i, mem());
}
await w.close(); fs.rmSync(dir, { recursive: true });
