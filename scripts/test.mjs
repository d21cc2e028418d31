#!/usr/bin/env node
// `npm test`: every test tier of the toolkit, then one line that counts them all.
//
//   typecheck   tsc over the host code (compiler, runtime, CLI, tests)   1 check
//   lint        ESLint with the Lua-safety rules over the firmware       1 check
//   vitest      unit, emission, simulator, image and flash tests         each test
//   busted      specs compiled from TypeScript, run on native Lua 5.3    each spec
//
// The last line is `N passed, N failed[, N skipped]`. The exit code is 1 when
// anything failed. `npm test -- <vitest filter>` runs only matching vitest files
// (and skips the other tiers).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = name => path.join(root, "node_modules", ".bin", name);
const filters = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(command, args) {
    const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env });
    return result.status === 0;
}

function check(name, command, args) {
    console.log(`\n=== ${name}`);
    if (run(command, args)) totals.passed += 1;
    else {
        totals.failed += 1;
        failures.push(name);
    }
}

if (filters.length === 0) {
    check("typecheck (tsc -p tsconfig.json)", bin("tsc"), ["-p", "tsconfig.json"]);
    check("lint (eslint)", bin("eslint"), ["--max-warnings=0"]);
}

console.log("\n=== vitest");
const reportFile = path.join(root, "build", "vitest-report.json");
fs.mkdirSync(path.dirname(reportFile), { recursive: true });
fs.rmSync(reportFile, { force: true });
run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`, ...filters]);
if (fs.existsSync(reportFile)) {
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    // A file that fails to load, or whose suite fails outside its tests (a beforeAll or afterAll hook), has no
    // failed test in the counts (its tests are absent or skipped): count the file as one failure.
    for (const file of report.testResults) {
        if (file.status === "failed" && !file.assertionResults.some(test => test.status === "failed")) {
            totals.failed += 1;
            const why = file.assertionResults.length === 0 ? "did not load" : "failed outside its tests";
            failures.push(`vitest: ${path.relative(root, file.name)} ${why}${file.message ? `: ${file.message.split("\n")[0]}` : ""}`);
        }
    }
    if (report.numFailedTests > 0) failures.push(`vitest: ${report.numFailedTests} failed`);
} else {
    totals.failed += 1;
    failures.push("vitest wrote no report");
}

const bustedTier = path.join(root, "scripts", "busted-tier.ts");
if (filters.length === 0 && fs.existsSync(bustedTier)) {
    console.log("\n=== busted (native Lua 5.3)");
    const { register } = await import("tsx/esm/api");
    register();
    const { runBustedTier } = await import(bustedTier);
    const result = await runBustedTier();
    console.log(result.report);
    totals.passed += result.passed;
    totals.failed += result.failed;
    totals.skipped += result.skipped;
    if (result.failed > 0) failures.push(`busted: ${result.failed} failed`);
}

if (failures.length > 0) console.log(`\nfailed: ${failures.join("; ")}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped > 0 ? `, ${totals.skipped} skipped` : ""}`);
process.exitCode = totals.failed > 0 ? 1 : 0;
