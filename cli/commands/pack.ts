import * as fs from "node:fs";
import type { Command } from "commander";
import { UserError } from "../../common/user-error.js";
import { BOARD_NAMES, DEFAULT_BOARD, getBoard } from "../../image/boards.js";
import { looksLikeLuaDb } from "../../image/luadb.js";
import { packBuild } from "../../image/pack.js";
import { fileError, writeOutputFile } from "../../image/user-files.js";
import { runCommand } from "../run-command.js";

interface PackFlags {
    output: string;
    board: string;
    luac?: boolean;
    luacPath?: string;
    quiet?: boolean;
}

/** Refuses to replace anything but a LuaDB image (or an empty file) at the output path. */
function checkOutput(output: string): void {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(output);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return;
        if (code === "ENOTDIR") throw new UserError(`cannot write ${output}: a part of its path is a file, not a folder`);
        throw fileError("write", output, error);
    }
    if (!stat.isFile()) throw new UserError(`${output} exists and is not a file; choose another output with -o`);
    if (stat.size === 0) return;
    const head = Buffer.alloc(6);
    try {
        const fd = fs.openSync(output, "r");
        try {
            fs.readSync(fd, head, 0, 6, 0);
        } finally {
            fs.closeSync(fd);
        }
    } catch (error) {
        throw fileError("read the existing", output, error);
    }
    if (!looksLikeLuaDb(head)) throw new UserError(`${output} exists and is not a LuaDB image; refusing to overwrite it (choose another output with -o)`);
}

export function registerPack(program: Command): void {
    program
        .command("pack")
        .description("pack a build folder into a LuaDB script image (main.lua, modules, sys, lualib, extra files)")
        .argument("[BUILD_DIR]", "the build's Lua folder", "build/lua")
        .option("-o, --output <file>", "image to write (an existing file is replaced only if it is a LuaDB image)", "build/script.bin")
        .option("-b, --board <name>", `board profile: ${BOARD_NAMES.join(", ")}`, DEFAULT_BOARD)
        .option("--luac", "compile modules to stripped bytecode: with the built-in writer on boards with 32-bit numbers, else a Lua 5.3 luac (luac5.3 or luac on PATH) whose number width matches the board; device tracebacks then lose line numbers")
        .option("--luac-path <file>", "the luac to use (implies --luac; checked against the board)")
        .option("-q, --quiet", "print nothing but errors")
        .addHelpText(
            "after",
            "\nModule paths become flat image names: lib/conn.lua is stored as lib.conn.lua, which is what\n" +
                "require(\"lib.conn\") looks up on the device. Exit codes: 0 packed, 1 a problem with the build,\n" +
                "the board, the size or the output (one line on stderr), 2 a usage error.",
        )
        .action((buildDir: string, flags: PackFlags) =>
            runCommand(() => {
                const board = getBoard(flags.board);
                const luac = flags.luacPath ?? flags.luac === true;
                const result = packBuild(buildDir, { board, luac });
                checkOutput(flags.output);
                writeOutputFile(flags.output, result.image);
                if (flags.quiet === true) return;
                const width = Math.max(12, ...result.entries.map(e => e.name.length));
                for (const entry of result.entries) console.log(`  ${entry.name.padEnd(width)}  ${String(entry.size).padStart(8)} B`);
                const percent = ((100 * result.image.length) / result.limit).toFixed(1);
                console.log(
                    `packed ${result.entries.length} files into ${flags.output}: ${result.image.length} of ${result.limit} bytes ` +
                        `of ${board.name}'s script area (${percent}%)`,
                );
            }),
        );
}
