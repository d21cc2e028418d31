/**
 * What an unannotated C function's body says about its Lua signature: the
 * argument checks it makes (`luaL_checkinteger(L, 1)`, `luaL_optstring(L, 2, "")`,
 * `lua_isfunction(L, 3)`) and the values it pushes before `return 1`.
 * Used only for registered members with no annotation.
 */
import type { InferredSignature } from "./model.js";

const KIND_OF_CALL: [RegExp, string, boolean][] = [
    // [call, kind, optional]
    [/^luaL_check(?:integer|int|long|unsigned|number)$/, "number", false],
    [/^luaL_opt(?:integer|int|long|unsigned|number)$/, "number", true],
    [/^luaL_check(?:l)?string$/, "string", false],
    [/^luaL_opt(?:l)?string$/, "string", true],
    [/^lua_to(?:integer|integerx|number|numberx)$/, "number", true],
    [/^lua_to(?:l)?string$/, "string", true],
    [/^lua_toboolean$/, "boolean", true],
    [/^lua_is(?:integer|number)$/, "number", true],
    [/^lua_isstring$/, "string", true],
    [/^lua_isboolean$/, "boolean", true],
    [/^lua_isfunction$/, "function", true],
    [/^lua_istable$/, "table", true],
    [/^(?:luaL_checkudata|luaL_testudata|lua_touserdata|lua_isuserdata|lua_islightuserdata)$/, "userdata", true],
    [/^lua_is(?:nil|none|noneornil)$/, "", true],
];

const PUSH_KIND: Record<string, string> = {
    lua_pushboolean: "boolean", lua_pushinteger: "number", lua_pushnumber: "number", lua_pushstring: "string",
    lua_pushlstring: "string", lua_pushfstring: "string", lua_pushliteral: "string", lua_pushnil: "nil",
};

/** Lua API calls whose second argument is not a stack index (a value, a count, a name). */
const NOT_AN_INDEX = /^(?:lua_push\w+|lua_createtable|lua_pop|lua_settop|luaL_checkstack|lua_checkstack|luaL_error|lua_error|lua_newuserdata\w*|luaL_newmetatable|luaL_getmetatable|luaL_setmetatable|lua_getglobal|lua_setglobal|luaL_ref|luaL_unref|lua_call\w*|lua_pcall\w*|luaL_setfuncs|luaL_newlib\w*|lua_gc|luaL_requiref|luaL_loadbuffer\w*|luaL_loadstring|luaL_dostring|luaL_traceback|lua_concat|luaL_where|luaL_buffinit\w*)$/;

/** Signatures of the `int f(lua_State *L)` functions of a C file, by name. */
export function inferSignatures(text: string): Map<string, InferredSignature> {
    const out = new Map<string, InferredSignature>();
    const defined = new Set<string>();
    const ambiguous = new Set<string>();
    const fnRe = /^[ \t]*(?:static\s+)?(?:LUAMOD_API\s+)?int\s+(\w+)\s*\(\s*lua_State\s*\*\s*(\w+)\s*\)\s*\{/gm;
    for (let m = fnRe.exec(text); m; m = fnRe.exec(text)) {
        const end = text.indexOf("\n}", fnRe.lastIndex);
        const body = text.slice(fnRe.lastIndex, end < 0 ? undefined : end).split("\n").map(l => l.replace(/\/\/.*$/, "")).join("\n");
        const sig = inferBody(body, m[2]!);
        // A function defined more than once (under `#if`) is known only when every definition agrees.
        if (defined.has(m[1]!)) {
            if (JSON.stringify(out.get(m[1]!)) !== JSON.stringify(sig)) ambiguous.add(m[1]!);
        } else if (sig) out.set(m[1]!, sig);
        defined.add(m[1]!);
    }
    for (const name of ambiguous) out.delete(name);
    return out;
}

function inferBody(body: string, state: string): InferredSignature | undefined {
    const byIndex = new Map<number, { kinds: Set<string>; optional: boolean }>();
    const callRe = new RegExp(`\\b(lua[L]?_\\w+)\\s*\\(\\s*${state}\\s*,\\s*(\\d+)\\b(?:\\s*,\\s*(LUA_T\\w+))?`, "g");
    for (const c of body.matchAll(callRe)) {
        const index = Number(c[2]);
        if (index < 1 || index > 16) continue;
        let kind: string | undefined;
        let optional = false;
        if (c[1] === "luaL_checktype" && c[3]) {
            kind = c[3] === "LUA_TFUNCTION" ? "function" : c[3] === "LUA_TTABLE" ? "table" : c[3] === "LUA_TSTRING" ? "string" : c[3] === "LUA_TNUMBER" ? "number" : "any";
        } else {
            const rule = KIND_OF_CALL.find(([re]) => re.test(c[1]!));
            if (!rule) continue;
            [, kind, optional] = rule;
        }
        let e = byIndex.get(index);
        if (!e) byIndex.set(index, e = { kinds: new Set(), optional: false });
        if (kind) e.kinds.add(kind);
        if (optional) e.optional = true;
    }
    // Helpers given the state may read more arguments (and push results).
    const helpers = [...body.matchAll(new RegExp(`\\b(\\w+)\\s*\\(\\s*${state}\\s*[,)]`, "g"))].map(h => h[1]!).filter(h => !/^lua[L]?_/.test(h));
    if (byIndex.size === 0) {
        // A function that reads no argument at all (no positive stack index,
        // no argument count, no helper given the state) takes none.
        const readsArgs = /lua_gettop/.test(body) || [...body.matchAll(new RegExp(`\\b(lua[L]?_\\w+)\\s*\\(\\s*${state}\\s*,\\s*([^,)]*)`, "g"))]
            .some(([, fn, index]) => !NOT_AN_INDEX.test(fn!) && !/^\s*(?:-|LUA_REGISTRYINDEX|lua_upvalueindex)/.test(index!));
        if (readsArgs || helpers.length > 0) return undefined;
    }
    const count = byIndex.size === 0 ? 0 : Math.max(...byIndex.keys());
    const params: string[] = [];
    let optional = false;
    for (let i = 1; i <= count; i++) {
        const e = byIndex.get(i);
        if (!e || e.optional) optional = true;
        const kinds = e ? [...e.kinds] : [];
        params.push((kinds.length === 0 ? "any" : kinds.sort().join("|")) + (optional ? "?" : ""));
    }
    const sig: InferredSignature = { params };
    if (helpers.length > 0 || /lua_gettop/.test(body)) sig.rest = true;
    const returns = [...body.matchAll(/\breturn\s+([^;]+);/g)].map(r => r[1]!.trim());
    if (returns.length > 0 && returns.every(r => r === "0")) sig.returns = "";
    else if (helpers.length === 0 && returns.length > 0 && returns.every(r => r === "0" || r === "1") && !/\b(?:lua_new|lua_createtable|lua_get|lua_rawget|lua_copy|lua_insert|lua_replace|lua_rotate)\w*\s*\(/.test(body)) {
        // The result is known only when every value it could be comes from a plain push.
        const kinds = new Set([...body.matchAll(/\b(lua_push\w+)\s*\(/g)].map(p => PUSH_KIND[p[1]!] ?? "any"));
        if (kinds.size > 0 && !kinds.has("any")) {
            if (returns.includes("0")) kinds.add("nil");
            sig.returns = [...kinds].sort().join("|");
        }
    } else if (helpers.length === 0 && returns.length > 0 && returns.every(r => r === "1") && /\blua_(?:newtable|createtable)\s*\(/.test(body) &&
        !/\blua_(?:get|rawget|copy|insert|replace|rotate|remove|pop|settop|setglobal|newuserdata)\w*\s*\(/.test(body)) {
        // A new table whose every pushed value is stored into a table is the result.
        const pushes = [...body.matchAll(/\blua_push\w+\s*\(/g)].length;
        const stores = [...body.matchAll(/\blua_(?:set|rawset)\w*\s*\(/g)].length;
        const tables = [...body.matchAll(/\blua_(?:newtable|createtable)\s*\(/g)].length;
        if (tables === 1 && pushes <= stores) sig.returns = "table";
    }
    return sig;
}
