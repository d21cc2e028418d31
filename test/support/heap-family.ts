/**
 * The firmwares the build's heap check is calibrated on against
 * luatos2021: the reference firmware and synthetic ones of growing size,
 * some made mostly of code (functions, constants), some mostly of data
 * (strings and tables built at boot). Each is a build folder (build/lua
 * layout) over the toolkit's sys that prints a marker once everything is
 * loaded and then idles in sys.run().
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { compileStdlib } from "../../compiler/stdlib.js";
import { compileReferenceFirmware } from "../diff/firmware.js";

/** One firmware of the family. */
export interface FamilyMember {
    name: string;
    /** Lua files by build path. */
    files: () => Record<string, string | Buffer>;
    /** The line it prints once loaded. */
    marker: string;
    /** `--dns` entries it needs on luatos2021. */
    dns?: string[];
}

const MARKER = "I/user.main\tbooted";

/** A module of `functions` functions, each with its own constants and locals. */
function codeModule(index: number, functions: number): string {
    const lines = [`local M = {}`];
    for (let f = 0; f < functions; f++) {
        lines.push(
            `function M.f${f}(a, b)`,
            `  local s = "m${index}-f${f}-" .. tostring(a)`,
            `  local t = { a = a, b = b, n = ${f * 7 + index}, tag = "tag${f}" }`,
            `  if a > ${f} then t.x = a * ${f + 1} + b else t.x = b - ${f} end`,
            `  for i = 1, 3 do t.n = t.n + i * ${f % 5} end`,
            `  return s, t.x + t.n`,
            `end`,
        );
    }
    lines.push(`return M`);
    return lines.join("\n") + "\n";
}

/** A firmware of `modules` code modules of `functions` functions each. */
function codeFirmware(modules: number, functions: number): Record<string, string> {
    const files: Record<string, string> = {};
    const requires: string[] = [];
    for (let m = 0; m < modules; m++) {
        files[`mods/m${m}.lua`] = codeModule(m, functions);
        requires.push(`M${m} = require("mods.m${m}")`);
    }
    files["main.lua"] = [
        'PROJECT = "family"',
        'VERSION = "1.0.0"',
        'sys = require("sys")',
        ...requires,
        "sys.taskInit(function()",
        "  while true do sys.wait(200) end",
        "end)",
        'log.info("main", "booted")',
        "sys.run()",
    ].join("\n");
    return files;
}

/** A firmware that builds `entries` records (a string and a small table each) at boot. */
function dataFirmware(entries: number): Record<string, string> {
    return {
        "main.lua": [
            'PROJECT = "family"',
            'VERSION = "1.0.0"',
            'sys = require("sys")',
            "DATA = {}",
            `for i = 1, ${entries} do`,
            '  DATA[i] = { name = string.format("record-%05d", i), value = i * 3, ok = i % 2 == 0 }',
            "end",
            "sys.taskInit(function()",
            "  while true do sys.wait(200) end",
            "end)",
            'log.info("main", "booted")',
            "sys.run()",
        ].join("\n"),
    };
}

/** The family, smallest first within each kind. */
export const FAMILY: FamilyMember[] = [
    ...[2, 4, 6, 8, 10].map(modules => ({ name: `code ${modules}x12`, files: () => codeFirmware(modules, 12), marker: MARKER })),
    { name: "code 1x60", files: () => codeFirmware(1, 60), marker: MARKER },
    ...[100, 250, 400, 550].map(entries => ({ name: `data ${entries}`, files: () => dataFirmware(entries), marker: MARKER })),
    {
        name: "reference firmware",
        files: () => compileReferenceFirmware(),
        marker: "I/user.main",
        dns: ["collector.local=127.0.0.1"],
    },
];

/** Writes a member with the toolkit's sys into `root/<slug>` (build/lua layout) and returns the folder. */
export function writeMember(root: string, member: FamilyMember): string {
    const dir = path.join(root, member.name.replace(/\W+/g, "-"));
    fs.rmSync(dir, { recursive: true, force: true });
    const sys = Object.fromEntries(compileStdlib().filter(f => f.name.endsWith(".lua")).map(f => [f.name, f.data]));
    for (const [file, data] of Object.entries({ ...sys, ...member.files() })) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), data);
    }
    return dir;
}
