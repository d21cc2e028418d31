/**
 * Calibrates the build's heap check against luatos2021 (the 2021
 * firmware's C code, 32-bit, bget pool): for each firmware of the family
 * (test/support/heap-family.ts) as source and as stripped 32-bit bytecode,
 * prints the simulator's figures, the pool the build's check predicts, and
 * the smallest `--lua-heap` it loads in on luatos2021 (binary search):
 *
 *     npx tsx bench/heap-calibration.ts [--only NAME] [--variants source,all,keep-lines]
 *
 * Needs luatos2021 ($LUATOS2021 or ../shared/luatos/bin/luatos2021).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { predictPool } from "../compiler/stages/heap.js";
import { measureBootHeap } from "../runtime/boot-heap.js";
import { FAMILY, writeMember } from "../test/support/heap-family.js";
import { minimalPool, writeDeviceFolder, type DeviceVariant } from "../test/support/luatos2021.js";
import { findReferenceBinary } from "../test/support/reference-programs.js";

const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const variants = (args.includes("--variants") ? args[args.indexOf("--variants") + 1]! : "source,all").split(",") as DeviceVariant[];
const binary = findReferenceBinary("luatos2021");
if (binary === undefined) {
    console.error("luatos2021 not found: set $LUATOS2021 or put it at ../shared/luatos/bin/luatos2021");
    process.exit(1);
}

/** Bytes of the largest .lua file under a folder (what the device compiles from source). */
function largestLua(dir: string): number {
    let largest = 0;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
        if (entry.isFile() && entry.name.endsWith(".lua")) largest = Math.max(largest, fs.statSync(path.join(entry.parentPath, entry.name)).size);
    }
    return largest;
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "heap-calibration-"));
const columns = ["program", "variant", "live32", "pool live", "predicted", "min pool", "predicted/min"];
console.log(columns.join(" | "));
try {
    for (const member of FAMILY.filter(m => only === undefined || m.name === only)) {
        const luaDir = writeMember(tmp, member);
        for (const variant of variants) {
            // The simulator boots the device's own folder (flat image names), as the build's heap step does.
            const dev = writeDeviceFolder(luaDir, path.join(tmp, "dev"), variant);
            const heap = await measureBootHeap(dev);
            const predicted = heap.afterBootBytes === undefined ? undefined : predictPool(heap, variant === "source" ? largestLua(dev) : 0).bytes;
            const pool = await minimalPool(binary, dev, { marker: member.marker, dns: member.dns, forMs: 1500 });
            const ratio = predicted !== undefined && pool !== undefined ? (predicted / pool).toFixed(3) : "-";
            console.log([member.name, variant, heap.afterBootBytes ?? "-", heap.pool?.afterBootBytes ?? "-", predicted ?? "-", pool ?? "does not load", ratio].join(" | "));
        }
    }
} finally {
    fs.rmSync(tmp, { recursive: true, force: true });
}
