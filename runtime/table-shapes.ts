/**
 * The sizes C Lua 5.3 would have given each table, followed as fengari
 * runs. fengari keeps a table's entries in a JavaScript Map and forgets
 * removed keys, but a C table keeps what it once allocated (ltable.c):
 *
 * - a constructor preallocates: `{a, b, c, d}` gets 4 array slots even when
 *   c and d are nil, `{x = 1}` one node (OP_NEWTABLE's B and C operands,
 *   OP_SETLIST's resize to the list's length);
 * - a key set to nil keeps its node, and a free node is only found by a
 *   pointer that moves one way, so a hash part fills with removed keys
 *   until the next rehash;
 * - the array part only changes at a rehash, which happens when a new key
 *   finds no free node: a queue emptied by table.remove keeps its array.
 *
 * This module wraps fengari's table functions (luaH_new, luaH_setint,
 * luaH_setfrom; its VM and API call them through the module's exports) to
 * keep that shape on each table: array slots, hash nodes and nodes used
 * since the last rehash, replaying ltable.c's luaH_newkey/rehash rule on
 * every new key. The heap walk (memory.ts) charges the shape when its
 * model asks for it. Tables made before the wrapping (the registry, the
 * globals) have no shape and are sized from their keys.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** A table's allocation as C Lua would have it. */
export interface TableShape {
    /** `sizearray`: TValue slots of the array part. */
    array: number;
    /** `2^lsizenode` nodes of the hash part (0: the shared dummy node). */
    nodes: number;
    /** Nodes taken since the last rehash (removed keys keep theirs). */
    used: number;
}

interface TValueLike {
    type: number;
    value: unknown;
}

interface TableLike {
    strong: Map<unknown, { key: TValueLike; value: TValueLike }>;
    cShape?: TableShape;
}

interface InstructionLike {
    opcode: number;
    B: number;
    C: number;
}

interface StateLike {
    ci?: { l_code?: InstructionLike[] | null; l_savedpc?: number } | null;
}

const OP_NEWTABLE = 11;
const OP_SETLIST = 43;
/** fengari's type tags (defs.js): integers, floats, nil. */
const NUMINT = 19;
const NUMFLT = 3;
const NIL = 0;

const ceilLog2 = (x: number) => (x <= 1 ? 0 : Math.ceil(Math.log2(x)));

/** lobject.c luaO_fb2int: the "floating point byte" of OP_NEWTABLE's size operands. */
const fb2int = (x: number) => (x < 8 ? x : ((x & 7) + 8) * 2 ** ((x >>> 3) - 1));

/** The hash part's node count for `n` keys (ltable.c setnodevector): 0, or the next power of two. */
const nodesFor = (n: number) => (n <= 0 ? 0 : 2 ** ceilLog2(n));

/** The instruction the running Lua function is executing, if any (fengari advances savedpc before executing). */
function currentInstruction(L: StateLike | undefined): InstructionLike | undefined {
    const ci = L?.ci;
    if (ci === undefined || ci === null || !ci.l_code || typeof ci.l_savedpc !== "number") return undefined;
    return ci.l_code[ci.l_savedpc - 1];
}

const isArrayKey = (key: TValueLike, array: number) => key.type === NUMINT && (key.value as number) >= 1 && (key.value as number) <= array;

/**
 * ltable.c rehash: the array size (the largest power of two more than half
 * used by integer keys) and how many keys go to the hash part, for the
 * table's keys plus the new one.
 */
function rehash(t: TableLike, extra: TValueLike): { array: number; hashed: number } {
    const nums = new Array<number>(32).fill(0);
    let total = 0;
    let intKeys = 0;
    const count = (key: TValueLike) => {
        total += 1;
        if (key.type === NUMINT && (key.value as number) >= 1 && (key.value as number) <= 2 ** 30) {
            nums[ceilLog2(key.value as number)]! += 1;
            intKeys += 1;
        }
    };
    for (const { key } of t.strong.values()) count(key);
    count(extra);
    let seen = 0;
    let inArray = 0;
    let array = 0;
    for (let i = 0, twoToI = 1; i < 32 && intKeys > twoToI / 2; i += 1, twoToI *= 2) {
        seen += nums[i]!;
        if (seen > twoToI / 2) {
            array = twoToI;
            inArray = seen;
        }
    }
    return { array, hashed: total - inArray };
}

/** A new key arrives (luaH_newkey): a free node, or a rehash. Called before fengari stores it. */
function newKey(t: TableLike, key: TValueLike): void {
    const shape = t.cShape;
    if (shape === undefined || isArrayKey(key, shape.array)) return;
    if (shape.used < shape.nodes) {
        shape.used += 1;
        return;
    }
    const { array, hashed } = rehash(t, key);
    shape.array = array;
    shape.nodes = nodesFor(hashed);
    shape.used = hashed;
}

let installed = false;

/** Wraps fengari's table functions once per process (idempotent). */
export function trackTableShapes(): void {
    if (installed) return;
    installed = true;
    const ltable = require("fengari/src/ltable.js") as {
        luaH_new: (L: StateLike) => TableLike;
        luaH_get: (L: StateLike, t: TableLike, key: TValueLike) => TValueLike;
        luaH_setint: (t: TableLike, key: number, value: TValueLike) => void;
        luaH_setfrom: (L: StateLike, t: TableLike, key: TValueLike, value: TValueLike) => void;
    };
    const { luaH_new, luaH_get, luaH_setint, luaH_setfrom } = ltable;
    ltable.luaH_new = L => {
        const t = luaH_new(L);
        const i = currentInstruction(L);
        // OP_NEWTABLE preallocates B array slots and C hash slots (lvm.c, luaH_resize); the compiler sets B to
        // the constructor's list length, so OP_SETLIST rarely grows it. fengari's lua_createtable ignores its sizes.
        t.cShape = i !== undefined && i.opcode === OP_NEWTABLE ? { array: fb2int(i.B), nodes: nodesFor(fb2int(i.C)), used: 0 } : { array: 0, nodes: 0, used: 0 };
        return t;
    };
    ltable.luaH_setint = (t, key, value) => {
        if (t.cShape !== undefined && value.type !== NIL && !t.strong.has(key)) newKey(t, { type: NUMINT, value: key });
        luaH_setint(t, key, value);
    };
    ltable.luaH_setfrom = (L, t, key, value) => {
        if (t.cShape !== undefined && value.type !== NIL && luaH_get(L, t, key).type === NIL) {
            // A float key with an integer value is stored as that integer (ltable.c luaH_newkey).
            const stored: TValueLike = key.type === NUMFLT && Number.isInteger(key.value) ? { type: NUMINT, value: key.value } : key;
            newKey(t, stored);
        }
        luaH_setfrom(L, t, key, value);
    };
}

/** The C shape of a fengari table, when it was made after {@link trackTableShapes}. */
export function tableShape(table: object): TableShape | undefined {
    return (table as TableLike).cShape;
}
