/**
 * Which modules a board's firmware opens, read by the extractor from two
 * small git repositories written for the test: a LuatOS-like one with the
 * C modules, and a BSP-like one with the board's configuration headers and
 * library table (CRLF line ends, the table under a build-wide define).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../common/user-error.js";
import { extractApi } from "../../tools/api/extract.js";
import type { GenerationSource } from "../../tools/api/generations.js";
import { GitTree } from "../../tools/api/git.js";

function repo(root: string, name: string, files: Record<string, string>): string {
    const dir = path.join(root, name);
    for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
    }
    const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { stdio: "pipe" });
    git("init", "-q");
    git("add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@t", "-c", "core.autocrlf=false", "commit", "-qm", "files");
    return dir;
}

const cModule = (name: string) => [
    `/*\n@module ${name}\n@summary ${name}\n*/`,
    `#include "rotable2.h"`,
    `/*\n读\n@api ${name}.read(id)\n@int id 编号\n@return int 值\n*/`,
    `static int l_${name}_read(lua_State *L) { lua_pushinteger(L, luaL_checkinteger(L, 1)); return 1; }`,
    `static const rotable_Reg_t reg_${name}[] = {`,
    `    { "read", ROREG_FUNC(l_${name}_read)},`,
    `#ifdef LUAT_USE_${name.toUpperCase()}_EXTRA`,
    `    { "extra", ROREG_FUNC(l_${name}_read)},`,
    `#endif`,
    `    { NULL, ROREG_INT(0)}`,
    `};`,
    `LUAMOD_API int luaopen_${name}(lua_State *L) {\n    luat_newlib2(L, reg_${name});\n    return 1;\n}`,
].join("\n") + "\n";

const crlf = (lines: string[]) => lines.join("\r\n") + "\r\n";

describe("board module lists from a BSP repository", () => {
    let root: string;
    let luatos: GitTree;
    let bsp: GitTree;
    const source: GenerationSource = {
        commit: "HEAD",
        cFolders: ["luat"],
        luaFolders: [],
        luaGlobals: [],
        boards: {
            m1: {
                config: ["inc/conf.h", "inc/conf_m1.h"],
                libraryTable: "src/base.c",
                bsp: { repository: "demo/bsp", commit: "HEAD" },
                buildDefines: ["__LUATOS__"],
            },
        },
    };

    beforeAll(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "api-boards-"));
        luatos = new GitTree(repo(root, "luatos", {
            "luat/modules/luat_lib_alpha.c": cModule("alpha"),
            "luat/modules/luat_lib_beta.c": cModule("beta"),
            "luat/modules/luat_lib_gamma.c": cModule("gamma"),
        }), "HEAD");
        bsp = new GitTree(repo(root, "bsp", {
            "inc/conf.h": crlf(["#ifndef CONF", "#define CONF", "#define LUAT_USE_ALPHA 1", "#endif"]),
            "inc/conf_m1.h": crlf(["#define LUAT_USE_BETA 1", "// #define LUAT_USE_GAMMA 1", "#define LUAT_USE_BETA_EXTRA 1"]),
            "src/base.c": crlf([
                "#ifdef __LUATOS__",
                "static const luaL_Reg loadedlibs[] = {",
                "#ifdef LUAT_USE_ALPHA",
                "  {\"alpha\", luaopen_alpha},",
                "#endif",
                "#ifdef LUAT_USE_BETA",
                "  {\"beta\", luaopen_beta},",
                "#endif",
                "#ifdef LUAT_USE_GAMMA",
                "  {\"gamma\", luaopen_gamma},",
                "#endif",
                "  {NULL, NULL}",
                "};",
                "#endif",
            ]),
        }), "HEAD");
    });

    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    it("opens the modules whose #if holds with the headers' and the build's defines, reading CRLF files", () => {
        const extract = extractApi(luatos, "test", source, new Map([["demo/bsp", bsp]]));
        expect(Object.keys(extract.modules).sort()).toEqual(["alpha", "beta", "gamma"]);
        const board = extract.boards.m1!;
        expect(board.modules).toEqual(["alpha", "beta"]);
        expect(board.sources).toEqual(["demo/bsp:inc/conf.h", "demo/bsp:inc/conf_m1.h", "demo/bsp:src/base.c"]);
        expect(board.method).toContain("the build (__LUATOS__)");
        // alpha's guarded member is left out on this board, beta's kept (LUAT_USE_BETA_EXTRA is defined).
        expect(board.omittedMembers).toEqual({ alpha: ["extra"] });
    });

    it("without the build's define the table under #ifdef __LUATOS__ opens nothing", () => {
        const bare: GenerationSource = { ...source, boards: { m1: { ...source.boards.m1!, buildDefines: [] } } };
        expect(extractApi(luatos, "test", bare, new Map([["demo/bsp", bsp]])).boards.m1!.modules).toEqual([]);
    });

    it("names the BSP repository to pass when it is missing", () => {
        expect(() => extractApi(luatos, "test", source)).toThrow(UserError);
        expect(() => extractApi(luatos, "test", source)).toThrow("board m1 is read from demo/bsp: pass --bsp demo/bsp=<its git directory>");
    });
});
