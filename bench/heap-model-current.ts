/**
 * Prints how the simulator's heap figures for today's firmware (board pc,
 * runtime/heap-current.ts) compare with the PC build of LuatOS on the
 * programs of test/runtime-current/heap-programs.ts: `collectgarbage("count")`
 * and `rtos.meminfo()` used, each program measured at the same point on
 * both. `npx tsx bench/heap-model-current.ts` (`--calibrate`: print the
 * pc board's boot heap as luatos-pc gives it instead; luatos-pc from $LUATOS_PC or
 * ../shared/luatos/bin/luatos-pc beside the checkout).
 */
import { BOARDS } from "../runtime/board.js";
import { calibrateBootHeap, compareHeap, difference } from "../test/runtime-current/heap-programs.js";
import { findReferenceBinary } from "../test/support/reference-programs.js";

const binary = findReferenceBinary("luatos-pc");
if (binary === undefined) {
    console.log("luatos-pc not found: set $LUATOS_PC or put it at ../shared/luatos/bin/luatos-pc beside the checkout");
    process.exit(1);
}
if (process.argv.includes("--calibrate")) {
    const bootHeap = await calibrateBootHeap(binary);
    console.log(`pc boot heap from luatos-pc: ${JSON.stringify(bootHeap)} (image/boards.ts has ${JSON.stringify(BOARDS.pc!.luaVm!.bootHeap)})`);
    process.exit(0);
}
const percent = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
const rows = await compareHeap(binary, { referenceMs: 10_000 });
console.log("| program | luatos-pc count | simulator count | diff | luatos-pc meminfo | simulator meminfo | diff |");
console.log("|---|---|---|---|---|---|---|");
for (const { program, pc, simulator } of rows) {
    console.log(
        `| ${program} | ${pc.luaBytes} | ${simulator.luaBytes} | ${percent(difference(simulator.luaBytes, pc.luaBytes))} | ${pc.allocatedBytes} | ${simulator.allocatedBytes} | ${percent(difference(simulator.allocatedBytes, pc.allocatedBytes))} |`,
    );
}
