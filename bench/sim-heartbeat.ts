/**
 * Simulator throughput: a firmware with a 10 s heartbeat (log line, meminfo
 * every minute) for 24 h of device time, then 100 such devices in one
 * process for one device hour each. Prints device-seconds per wall-second,
 * wall time and peak RSS. Run: npx tsx bench/sim-heartbeat.ts
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileStdlib } from "../compiler/stdlib.js";
import { SimulatedDevice } from "../runtime/index.js";

const MAIN = `PROJECT = "heartbeat"
VERSION = "1.0.0"
_G.sys = require("sys")
local beats = 0
sys.taskInit(function()
    while true do
        sys.wait(10000)
        beats = beats + 1
        if beats % 6 == 0 then log.info("beat", beats, os.time(), rtos.meminfo()) else log.info("beat", beats) end
    end
end)
sys.run()
`;

function firmware(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-bench-"));
    for (const file of compileStdlib()) fs.writeFileSync(path.join(dir, file.name), file.data);
    fs.writeFileSync(path.join(dir, "main.lua"), MAIN);
    return dir;
}

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

const dir = firmware();
try {
    const device = new SimulatedDevice({ buildDir: dir, firmwareLogs: false });
    let start = performance.now();
    await device.run("24h");
    let wall = (performance.now() - start) / 1000;
    const beats = device.log.filter(l => l.text.startsWith("I/user.beat")).length;
    console.log(`one device, 24 h: ${beats} heartbeats in ${wall.toFixed(2)} s wall = ${Math.round(86_400 / wall)} device-s per wall-s (goal >= 20000)`);
    device.dispose();

    start = performance.now();
    const devices = Array.from({ length: 100 }, () => new SimulatedDevice({ buildDir: dir, firmwareLogs: false }));
    await Promise.all(devices.map(d => d.run("1h")));
    wall = (performance.now() - start) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const total = devices.reduce((n, d) => n + d.log.filter(l => l.text.startsWith("I/user.beat")).length, 0);
    console.log(`100 devices, 1 h each: ${total} heartbeats in ${wall.toFixed(2)} s wall (goal <= 30 s), peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB (goal <= 2048 MB)`);
    for (const d of devices) d.dispose();
} finally {
    clearInterval(sampler);
    fs.rmSync(dir, { recursive: true, force: true });
}
