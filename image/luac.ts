import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UserError } from "../common/user-error.js";
import { numberWidthLabel, type BoardProfile } from "./boards.js";
import { readBytecodeHeader, retargetSizeT, type BytecodeHeader } from "./bytecode.js";

/** Names tried on PATH, in order, when no luac is given. */
export const LUAC_CANDIDATES = ["luac5.3", "luac"] as const;

/** A Lua 5.3 compiler checked against a board. */
export interface Luac {
    /** The command that runs it. */
    command: string;
    /** What its chunks declare (sizes of int, size_t, Instruction, lua_Integer, lua_Number). */
    header: BytecodeHeader;
}

function run(command: string, args: string[], input?: string) {
    return spawnSync(command, args, { encoding: "buffer", input, timeout: 60_000 });
}

/** Compiles Lua source with `luac -s` and returns the raw chunk. */
function compileRaw(command: string, source: Uint8Array, what: string): Buffer {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-luac-"));
    try {
        const input = path.join(dir, "in.lua");
        const output = path.join(dir, "out.luac");
        fs.writeFileSync(input, source);
        const result = run(command, ["-s", "-o", output, input]);
        if (result.error) throw new UserError(`could not run ${command}: ${result.error.message}`);
        if (result.status !== 0) {
            const message = result.stderr.toString("utf8").trim().replaceAll(input, what);
            throw new UserError(`${command} could not compile ${what}: ${message}`);
        }
        return fs.readFileSync(output);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const HOW_TO_GET_LUAC_32 =
    "build Lua 5.3 with LUA_32BITS (in lua-5.3.6/src/luaconf.h, `#define LUA_32BITS`, then `make linux`) and pass its luac with --luac-path FILE, " +
    "or pack plain .lua (the default), which works on every board";
const HOW_TO_GET_LUAC_64 =
    "use a stock Lua 5.3 luac (Debian: `apt install lua5.3`, which provides luac5.3) and pass it with --luac-path FILE, " +
    "or pack plain .lua (the default), which works on every board";

/**
 * Finds a Lua 5.3 luac (the given command, else `luac5.3` or `luac` on PATH)
 * and checks its bytecode against the board: integer and float widths must
 * match, since the firmware refuses other chunks and numbers would behave
 * differently; `int` and `Instruction` must be 4 bytes; a different size_t
 * is rewritten later. Otherwise a {@link UserError} says why and how to get a
 * matching luac.
 */
export function findLuac(board: BoardProfile, command?: string): Luac {
    const candidates = command === undefined ? [...LUAC_CANDIDATES] : [command];
    let chosen: string | undefined;
    for (const candidate of candidates) {
        const probe = run(candidate, ["-v"]);
        if (probe.error || probe.status !== 0) continue;
        const version = (probe.stdout.toString("utf8") + probe.stderr.toString("utf8")).trim();
        if (!/Lua 5\.3/.test(version)) {
            if (command !== undefined) throw new UserError(`${command} is "${version}"; --luac needs a Lua 5.3 luac`);
            continue;
        }
        chosen = candidate;
        break;
    }
    if (chosen === undefined) {
        const what = command === undefined ? `no Lua 5.3 luac on PATH (tried ${candidates.join(", ")})` : `cannot run ${command}`;
        const how = board.integerBytes === 8 ? HOW_TO_GET_LUAC_64 : HOW_TO_GET_LUAC_32;
        throw new UserError(`--luac: ${what}; ${how}`);
    }
    const header = readBytecodeHeader(compileRaw(chosen, Buffer.from("return 1\n"), "a test chunk"), `the output of ${chosen}`);
    const wanted = numberWidthLabel(board.integerBytes, board.numberBytes);
    if (header.integerBytes !== board.integerBytes || header.numberBytes !== board.numberBytes) {
        const has = numberWidthLabel(header.integerBytes, header.numberBytes);
        const how = board.integerBytes === 8 ? HOW_TO_GET_LUAC_64 : HOW_TO_GET_LUAC_32;
        throw new UserError(
            `--luac: ${chosen} writes bytecode with ${has}, but ${board.name} firmware uses ${wanted} and refuses other bytecode; ${how}`,
        );
    }
    if (header.cIntBytes !== board.cIntBytes || header.instructionBytes !== board.instructionBytes) {
        throw new UserError(
            `--luac: ${chosen} writes bytecode for ${header.cIntBytes}-byte int and ${header.instructionBytes}-byte instructions; ` +
                `${board.name} needs ${board.cIntBytes} and ${board.instructionBytes}`,
        );
    }
    return { command: chosen, header };
}

/**
 * Compiles one module with `luac -s` (debug information stripped) and
 * rewrites the chunk for the board's size_t; `what` names it in errors.
 */
export function compileForBoard(luac: Luac, board: BoardProfile, source: Uint8Array, what: string): Buffer {
    return retargetSizeT(compileRaw(luac.command, source, what), board.sizeTBytes, what);
}
