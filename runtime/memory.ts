/**
 * An estimate of a Lua state's heap use. fengari keeps Lua values as
 * JavaScript objects and has no allocator to ask (collectgarbage("count")
 * is always 0), so the simulator walks everything reachable from the
 * registry, the way the collector of C Lua marks, and charges each object
 * what a C Lua 5.3 build would allocate for it: the figure of
 * collectgarbage("count") after a full collect.
 *
 * The sizes come from a {@link HeapModel}: the struct layouts of Lua 5.3.6
 * (lobject.h, lstate.h, lfunc.h) laid out for one platform's C types. Two
 * models ship: {@link LUA53_32BIT} (LUA_32BITS on a 32-bit MCU, the Air640W)
 * and {@link LUA53_64BIT} (Debian's lua5.3 on x86-64, used to validate the
 * model against collectgarbage("count") of the real interpreter; see
 * docs/heap.md for how close it gets).
 */
import type { LuaState } from "./lua.js";
import { tableShape } from "./table-shapes.js";

// ---------------------------------------------------------------------------
// C layout

/** Sizes of the C types that Lua 5.3's structs are made of, on one platform. */
export interface LuaAbi {
    /** `void *`, `size_t`, `ptrdiff_t`, `intptr_t` (ILP32 or LP64). */
    pointer: 4 | 8;
    /** `lua_Integer`: `int` with LUA_32BITS, `long long` otherwise. */
    luaInteger: 4 | 8;
    /** `lua_Number`: `float` with LUA_32BITS, `double` otherwise. */
    luaNumber: 4 | 8;
    /**
     * Alignment of `L_Umaxalign` (a union holding a `double`, llimits.h): the
     * boundary string bytes and userdata blocks start on. 8 on x86-64 and on
     * ARM EABI (Cortex-M), where a double is 8-aligned.
     */
    maxAlign: number;
}

/** A C member: its size and alignment. */
type Member = readonly [size: number, align: number];

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

/** sizeof and alignment of a struct, with the padding rules of the common C ABIs. */
function struct(...members: Member[]): Member {
    let offset = 0;
    let align = 1;
    for (const [size, a] of members) {
        offset = roundUp(offset, a) + size;
        align = Math.max(align, a);
    }
    return [roundUp(offset, align), align];
}

function union(...members: Member[]): Member {
    const align = Math.max(...members.map(m => m[1]));
    return [roundUp(Math.max(...members.map(m => m[0])), align), align];
}

const scalar = (size: number): Member => [size, size];
const array = ([size, align]: Member, n: number): Member => [size * n, align];

/** Tag-method names (ltm.c, TM_N = 24): fixed strings of every state. */
const TM_NAMES = "index newindex gc mode len eq add sub mul mod pow div idiv band bor bxor shl shr unm bnot lt le concat call".split(" ").map(n => `__${n}`);
/** Reserved words (llex.c luaX_tokens), "_ENV" and the memory-error message: also fixed at startup. */
const FIXED_STRINGS = [
    ..."and break do else elseif end false for function goto if in local nil not or repeat return then true until while".split(" "),
    "_ENV",
    "not enough memory",
    ...TM_NAMES,
];

// ---------------------------------------------------------------------------
// The model

/**
 * Bytes C Lua 5.3 allocates per object, for one platform. Each figure is
 * the `sizeof` of the struct named in its comment, computed from the
 * struct's members in Lua 5.3.6's headers by {@link heapModel}.
 */
export interface HeapModel {
    /** Short name, written into reports ("lua5.3-32bit"). */
    name: string;
    /** What platform the figures are for. */
    description: string;
    abi: LuaAbi;
    /** `TValue` (lobject.h): a value and its type tag; array slots, constants, stack slots, C upvalues. */
    tvalue: number;
    /** `Table` header (lobject.h). */
    table: number;
    /** `Node` (lobject.h): one slot of a table's hash part (value and key with its chain link). */
    node: number;
    /** `UTString` (lobject.h): string header; the bytes and a terminating NUL follow. */
    stringHeader: number;
    /** `UUdata` (lobject.h): full userdata header; the block follows. */
    udataHeader: number;
    /** `Proto` header (lobject.h); its arrays are separate blocks. */
    proto: number;
    /** `Instruction` (4 bytes) per bytecode instruction. */
    instruction: number;
    /** `int` per instruction in `lineinfo` (5.3 keeps one line number per instruction). */
    lineinfo: number;
    /** `LocVar` (lobject.h): a local variable's debug record. */
    locvar: number;
    /** `Upvaldesc` (lobject.h): an upvalue's description in a prototype. */
    upvaldesc: number;
    /** `Proto *` per nested function. */
    pointer: number;
    /** `LClosure` with no upvalues (sizeLclosure(0), lfunc.h); plus `pointer` per upvalue. */
    luaClosure: number;
    /** `CClosure` with no upvalues (sizeCclosure(0), lfunc.h); plus `tvalue` per upvalue. Light C functions cost nothing. */
    cClosure: number;
    /** `UpVal` (lfunc.h): one per captured variable, shared by the closures that capture it. */
    upval: number;
    /** `LX` (lstate.c): a coroutine's `lua_State` and the LUA_EXTRASPACE before it. */
    thread: number;
    /** `LG` (lstate.c): the main thread and `global_State`, one block at startup. */
    mainState: number;
    /** `CallInfo` (lstate.h): one per call level beyond the first, kept in a list per thread. */
    callInfo: number;
    /** BASIC_STACK_SIZE (2*LUA_MINSTACK): a new thread's stack in slots. */
    basicStackSize: number;
    /** EXTRA_STACK: slack the stack keeps; the collector shrinks stacks to use + use/8 + 2*EXTRA_STACK. */
    extraStack: number;
    /** MINSTRTABSIZE: the smallest short-string table (one `pointer` per bucket). */
    minStringTable: number;
    /** LUAI_MAXSHORTLEN: strings up to this length are interned (one copy per content). */
    maxShortString: number;
    /**
     * Bytes the allocator adds to every block (its header). 0 in the shipped
     * models: collectgarbage("count") and the firmware's Lua figures count
     * what Lua asked for, not what the allocator spent.
     */
    blockOverhead: number;
    /** The allocator's block granularity (1: none modelled). */
    blockAlign: number;
    /**
     * The firmware's allocator, as its own figure (`rtos.meminfo()` used)
     * counts it: a header per block and a size quantum. Absent: that figure
     * is Lua's own count ({@link HeapEstimate.allocatedBytes} = `bytes`).
     */
    allocator?: AllocatorModel;
    /**
     * Size tables as C Lua allocated them (constructor sizes, removed keys'
     * nodes, arrays kept until a rehash; table-shapes.ts, which must be
     * tracking) instead of from the keys they hold now.
     */
    tableShapes?: boolean;
}

/**
 * A block allocator's cost per block: LuatOS hands the Lua VM a bget pool
 * (lua/src/bget.c), which rounds each request up to `SizeQuant` (8) and puts
 * a `struct bhead` of two `bufsize` (long) values before it.
 */
export interface AllocatorModel {
    /** Short name for reports ("bget"). */
    name: string;
    /** Bytes of header per block. */
    header: number;
    /** Request sizes are rounded up to a multiple of this. */
    quantum: number;
    /** Smallest request (bget: room for its free-list links, two pointers). */
    minimum: number;
}

/**
 * Lays out Lua 5.3.6's structs for a platform. `allocator` adds a per-block
 * header and rounding, for allocators that are known (none by default).
 */
export function heapModel(name: string, description: string, abi: LuaAbi, allocator: { blockOverhead?: number; blockAlign?: number } = {}): HeapModel {
    const P = scalar(abi.pointer);
    const byte = scalar(1);
    const short = scalar(2);
    const int = scalar(4);
    const sizeT = P;
    const commonHeader: Member[] = [P, byte, byte]; // GCObject *next; lu_byte tt; lu_byte marked
    const value = union(P, int, scalar(abi.luaInteger), scalar(abi.luaNumber)); // union Value
    const tvalue = struct(value, int); // TValuefields: Value value_; int tt_
    const tkey = union(struct(value, int, int), tvalue); // nk { TValuefields; int next } | tvk
    const node = struct(tvalue, tkey);
    const table = struct(...commonHeader, byte, byte, int, P, P, P, P, P); // flags, lsizenode, sizearray, array, node, lastfree, metatable, gclist
    const tstring = struct(...commonHeader, byte, byte, int, union(sizeT, P)); // extra, shrlen, hash, u { lnglen | hnext }
    const udata = struct(...commonHeader, byte, P, sizeT, value); // ttuv_, metatable, len, user_
    const maxAlign: Member = [abi.maxAlign, abi.maxAlign];
    const proto = struct(...commonHeader, byte, byte, byte, ...Array<Member>(8).fill(int), ...Array<Member>(8).fill(P));
    const locvar = struct(P, int, int);
    const upvaldesc = struct(P, byte, byte);
    const closureHeader: Member[] = [...commonHeader, byte, P]; // nupvalues, gclist
    const lclosure = struct(...closureHeader, P, P); // p, upvals[1]
    const cclosure = struct(...closureHeader, P, tvalue); // f, upvalue[1]
    const upval = struct(P, sizeT, union(struct(P, int), tvalue)); // v, refcount, u { open { next, touched } | value }
    const callInfo = struct(P, P, P, P, union(struct(P, P), struct(P, sizeT, P)), sizeT, short, short);
    const luaState = struct(...commonHeader, short, byte, ...Array<Member>(10).fill(P), callInfo, P, sizeT, int, int, int, short, short, int, byte);
    const lx = struct(array(byte, abi.pointer), luaState); // lu_byte extra_[LUA_EXTRASPACE]; lua_State l
    const globalState = struct(
        P, P, sizeT, sizeT, sizeT, sizeT, // frealloc, ud, totalbytes, GCdebt, GCmemtrav, GCestimate
        struct(P, int, int), tvalue, int, byte, byte, byte, byte, // strt, l_registry, seed, currentwhite, gcstate, gckind, gcrunning
        ...Array<Member>(11).fill(P), int, int, int, // allgc .. fixedgc, twups, gcfinnum, gcpause, gcstepmul
        P, P, P, P, array(P, TM_NAMES.length), array(P, 9), array(P, 53 * 2), // panic, mainthread, version, memerrmsg, tmname, mt[LUA_NUMTAGS], strcache
    );
    return {
        name,
        description,
        abi,
        tvalue: tvalue[0],
        table: table[0],
        node: node[0],
        stringHeader: union(maxAlign, tstring)[0],
        udataHeader: union(maxAlign, udata)[0],
        proto: proto[0],
        instruction: 4,
        lineinfo: 4,
        locvar: locvar[0],
        upvaldesc: upvaldesc[0],
        pointer: abi.pointer,
        luaClosure: lclosure[0] - abi.pointer,
        cClosure: cclosure[0] - tvalue[0],
        upval: upval[0],
        thread: lx[0],
        mainState: struct(lx, globalState)[0],
        callInfo: callInfo[0],
        basicStackSize: 40,
        extraStack: 5,
        minStringTable: 128,
        maxShortString: 40,
        blockOverhead: allocator.blockOverhead ?? 0,
        blockAlign: allocator.blockAlign ?? 1,
    };
}

/** A LUA_32BITS build on a 32-bit MCU (Air640W, Air302, ESP32 firmware): 4-byte pointers, integers and floats. */
export const LUA53_32BIT = heapModel("lua5.3-32bit", "Lua 5.3 with LUA_32BITS on a 32-bit MCU (4-byte pointers, int32 integers, float numbers)", {
    pointer: 4,
    luaInteger: 4,
    luaNumber: 4,
    maxAlign: 8,
});

/** Debian's lua5.3 on x86-64: 8-byte pointers, integers and doubles. */
export const LUA53_64BIT = heapModel("lua5.3-64bit", "Lua 5.3 on a 64-bit host (8-byte pointers, int64 integers, double numbers), like Debian's lua5.3", {
    pointer: 8,
    luaInteger: 8,
    luaNumber: 8,
    maxAlign: 8,
});

/**
 * The 2021 firmware's allocator for the Lua pool: bget (lua/src/bget.c)
 * with a 32-bit `bufsize`, so a `struct bhead` of 8 bytes before every
 * block, and sizes rounded up to `SizeQuant` 8. Measured on the 2021
 * firmware's code: 1000 strings of 12, 16, 20 and 24 bytes cost 11, 15, 11
 * and 15 bytes more each in `rtos.meminfo()` than in `collectgarbage("count")`.
 */
export const BGET_2021 = { blockOverhead: 8, blockAlign: 8 } as const;

/** A model with an allocator's per-block header and rounding added. */
export function withAllocator(model: HeapModel, allocator: { blockOverhead: number; blockAlign: number }): HeapModel {
    return { ...model, name: `${model.name}+${allocator.blockOverhead}/${allocator.blockAlign}`, blockOverhead: allocator.blockOverhead, blockAlign: allocator.blockAlign };
}

/** The shipped models by name. */
export const HEAP_MODELS: Readonly<Record<string, HeapModel>> = { [LUA53_32BIT.name]: LUA53_32BIT, [LUA53_64BIT.name]: LUA53_64BIT };

/**
 * The model of a board's firmware: a 32-bit MCU with the board's number
 * widths (LUAT_CONF_VM_64bit boards keep 4-byte pointers but 8-byte numbers).
 */
export function heapModelForBoard(board: { integerBytes: 4 | 8; numberBytes: 4 | 8 }): HeapModel {
    if (board.integerBytes === 4 && board.numberBytes === 4) return LUA53_32BIT;
    return heapModel(
        `lua5.3-32bit-int${board.integerBytes * 8}-float${board.numberBytes * 8}`,
        `Lua 5.3 on a 32-bit MCU with ${board.integerBytes * 8}-bit integers and ${board.numberBytes * 8}-bit floats`,
        { pointer: 4, luaInteger: board.integerBytes, luaNumber: board.numberBytes, maxAlign: 8 },
    );
}

// ---------------------------------------------------------------------------
// The walk

/** What the bytes of a {@link HeapEstimate} are spent on. */
export interface HeapBreakdown {
    /** Strings: headers and bytes. */
    strings: number;
    /** The short-string table (one pointer per bucket). */
    stringTable: number;
    /** Table headers, array parts and hash parts. */
    tables: number;
    /** Prototypes (bytecode, constants, nested functions, upvalue descriptions) and closures. */
    functions: number;
    /**
     * Line numbers (one int per instruction) and local-variable records of
     * the prototypes: what precompiling with `luac -s` would leave out.
     */
    debugInfo: number;
    /** UpVal blocks of captured variables. */
    upvalues: number;
    /** Full userdata. */
    userdata: number;
    /** Threads (main state, coroutines), their stacks and call-info lists. */
    threads: number;
}

export interface HeapEstimate {
    /** The model's name. */
    model: string;
    /** Bytes in use after a full collect, as `collectgarbage("count") * 1024` would say on that build. */
    bytes: number;
    /** Allocated blocks (each object and each separately allocated array). */
    blocks: number;
    /** What the model's allocator would count in use for these blocks (headers and rounding); `bytes` without one. */
    allocatedBytes: number;
    /** Short strings in the string table (the fixed ones included): what its size follows. */
    shortStrings: number;
    /** Their contents (latin1). */
    shortStringContents: ReadonlySet<string>;
    byKind: HeapBreakdown;
}

export interface EstimateOptions {
    /**
     * Objects to treat as unreachable (fengari tables, closures, userdata,
     * threads): what only they reach is not charged. Used to leave a loaded
     * but not yet run chunk out of a baseline.
     */
    exclude?: Iterable<object>;
    /** Filled with every table, closure, userdata and thread the walk reaches (what a full collection would keep). */
    reached?: Set<object>;
}

// Type tags of fengari's TValue (lua.h, with variant bits). fengari tags every string LUA_TLNGSTR; the model goes by length.
const T = { NUMINT: 19, STRING_SHORT: 4, STRING_LONG: 20, TABLE: 5, LCL: 6, LCF: 22, CCL: 38, USERDATA: 7, THREAD: 8 };

interface TV {
    type: number;
    value: unknown;
}

interface TStringLike {
    realstring: Uint8Array;
}

interface ProtoLike {
    code: unknown[];
    k: TV[];
    p: ProtoLike[];
    lineinfo: unknown[];
    locvars: { varname: TStringLike | null }[];
    upvalues: { name: TStringLike | null }[];
    source: TStringLike | null;
}

interface CallInfoLike {
    top: number;
    previous: CallInfoLike | null;
    next: CallInfoLike | null;
}

interface ThreadLike {
    stack: (TV | undefined)[] | null;
    top: number;
    ci: CallInfoLike | null;
    base_ci: CallInfoLike;
}

const ceilLog2 = (x: number) => (x <= 1 ? 0 : Math.ceil(Math.log2(x)));

/**
 * Array and hash sizes C Lua gives a table holding these keys: what its
 * rehash (ltable.c computesizes) settles on, the array part being the
 * largest power of two more than half filled by integer keys, the hash part
 * a power of two for the rest. Constructors that preallocate exact sizes
 * (`{1, 2, 3}`) can come out a few slots smaller on the device.
 */
function tableSizes(entries: Iterable<{ key: TV }>): { arraySize: number; nodes: number } {
    const nums = new Array<number>(32).fill(0);
    let total = 0;
    let intKeys = 0;
    for (const { key } of entries) {
        total += 1;
        if (key.type === T.NUMINT && (key.value as number) >= 1) {
            nums[ceilLog2(key.value as number)]! += 1;
            intKeys += 1;
        }
    }
    let seen = 0;
    let inArray = 0;
    let arraySize = 0;
    for (let i = 0, twoToI = 1; i < 32 && intKeys > twoToI / 2; i += 1, twoToI *= 2) {
        if (nums[i]! === 0) continue;
        seen += nums[i]!;
        if (seen > twoToI / 2) {
            arraySize = twoToI;
            inArray = seen;
        }
    }
    const hashed = total - inArray;
    return { arraySize, nodes: hashed > 0 ? 2 ** ceilLog2(hashed) : 0 };
}

/** The fixed strings as fengari-like strings, made once. */
const FIXED_TSTRINGS: TStringLike[] = FIXED_STRINGS.map(text => ({ realstring: Buffer.from(text, "latin1") }));

/** Contents of fengari strings (immutable), decoded once: a walk meets the same strings every time. */
const contents = new WeakMap<TStringLike, string>();

function contentOf(ts: TStringLike): string {
    let content = contents.get(ts);
    if (content === undefined) {
        const bytes = ts.realstring;
        content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
        contents.set(ts, content);
    }
    return content;
}

/** What a prototype itself costs (its nested functions and constants aside): fixed once compiled. */
interface ProtoCharges {
    functions: number;
    debugInfo: number;
    blocks: number;
    /** Its blocks as the model's allocator counts them. */
    allocated: number;
    /** Contents of the short strings it holds: source name, local-variable and upvalue names, string constants. */
    shortStrings: string[];
    /** Its long strings (not interned: charged per object). */
    longStrings: TStringLike[];
}

const protoChargesByModel = new WeakMap<HeapModel, WeakMap<ProtoLike, ProtoCharges>>();

function protoCharges(p: ProtoLike, model: HeapModel): ProtoCharges {
    let cache = protoChargesByModel.get(model);
    if (cache === undefined) protoChargesByModel.set(model, (cache = new WeakMap()));
    let own = cache.get(p);
    if (own !== undefined) return own;
    own = { functions: 0, debugInfo: 0, blocks: 0, allocated: 0, shortStrings: [], longStrings: [] };
    const add = (kind: "functions" | "debugInfo", size: number) => {
        if (size <= 0) return;
        const bytes = roundUp(size + model.blockOverhead, model.blockAlign);
        own![kind] += bytes;
        own!.allocated += allocatorBytes(model, bytes);
        own!.blocks += 1;
    };
    add("functions", model.proto);
    add("functions", p.k.length * model.tvalue);
    add("functions", p.code.length * model.instruction);
    add("functions", p.p.length * model.pointer);
    add("debugInfo", p.lineinfo.length * model.lineinfo);
    add("debugInfo", p.locvars.length * model.locvar);
    add("functions", p.upvalues.length * model.upvaldesc);
    // Lua 5.3 constants are nil, booleans, numbers and strings: only the strings are objects.
    const constants = p.k.filter(k => k.type === T.STRING_SHORT || k.type === T.STRING_LONG).map(k => k.value as TStringLike);
    for (const ts of [p.source, ...p.locvars.map(v => v.varname), ...p.upvalues.map(u => u.name), ...constants]) {
        if (ts === null || ts === undefined) continue;
        if (ts.realstring.length <= model.maxShortString) own.shortStrings.push(contentOf(ts));
        else own.longStrings.push(ts);
    }
    cache.set(p, own);
    return own;
}

/**
 * Simulator objects that stand for what the firmware keeps in flash: LuatOS
 * builds its libraries as rotables (rotable.c), a small userdata whose
 * entries are C arrays in flash, not a Lua table of functions and name
 * strings. The simulator keeps some of them as plain tables (the standard
 * libraries, so fengari's own code finds them) and stand-ins (the proxies
 * package.loaded holds); these are charged what the device spends on them
 * instead, and nothing they hold is followed.
 */
const flashObjects = new WeakMap<object, "rotable" | "alias">();

/**
 * `sizeof(rotable)` (rotable.c): the block of a rotable's userdata, an
 * `int`; its entries are reached through a light userdata, which costs nothing.
 */
export const ROTABLE_BLOCK_BYTES = 4;

/**
 * Marks a simulator object (a table, userdata or closure, as fengari holds
 * it: `lua_topointer`) as flash-resident on the device: `"rotable"` charges
 * it as a rotable's userdata ({@link ROTABLE_BLOCK_BYTES} after the userdata
 * header), `"alias"` charges nothing (another name for a rotable charged
 * elsewhere). What the object holds is not walked: on the device its keys
 * are C strings and its functions light C functions.
 */
export function markFlashResident(object: object, as: "rotable" | "alias"): void {
    flashObjects.set(object, as);
}

/** Bytes C Lua 5.3 (as `model` lays it out) would use for what `L` can reach, with a breakdown. */
export function estimateHeapDetail(L: LuaState, model: HeapModel = LUA53_32BIT, options: EstimateOptions = {}): HeapEstimate {
    const seen = new Set<unknown>(options.exclude);
    const shortStrings = new Set<string>();
    const upvals = new Set<TV>();
    const stack: TV[] = [];
    const byKind: HeapBreakdown = { strings: 0, stringTable: 0, tables: 0, functions: 0, debugInfo: 0, upvalues: 0, userdata: 0, threads: 0 };
    let blocks = 0;
    let allocated = 0;
    const charge = (kind: keyof HeapBreakdown, size: number) => {
        if (size <= 0) return;
        const bytes = roundUp(size + model.blockOverhead, model.blockAlign);
        byKind[kind] += bytes;
        allocated += allocatorBytes(model, bytes);
        blocks += 1;
    };
    const push = (tv: TV | undefined | null) => {
        if (tv !== undefined && tv !== null && typeof tv === "object" && tv.value !== null && typeof tv.value === "object") stack.push(tv);
    };
    const visitString = (ts: TStringLike | null | undefined) => {
        if (ts === null || ts === undefined) return;
        const length = ts.realstring.length;
        if (length <= model.maxShortString) {
            // Short strings are interned: one copy per content, however many fengari objects hold it.
            const content = contentOf(ts);
            if (shortStrings.has(content)) return;
            shortStrings.add(content);
        } else {
            if (seen.has(ts)) return;
            seen.add(ts);
        }
        charge("strings", model.stringHeader + length + 1);
    };
    const visitProto = (p: ProtoLike) => {
        if (seen.has(p)) return;
        seen.add(p);
        const own = protoCharges(p, model);
        byKind.functions += own.functions;
        byKind.debugInfo += own.debugInfo;
        blocks += own.blocks;
        allocated += own.allocated;
        for (const content of own.shortStrings) {
            if (shortStrings.has(content)) continue;
            shortStrings.add(content);
            charge("strings", model.stringHeader + content.length + 1);
        }
        for (const ts of own.longStrings) visitString(ts);
        for (const child of p.p) visitProto(child);
    };
    const visitThread = (th: ThreadLike, isMain: boolean) => {
        charge("threads", isMain ? model.mainState : model.thread);
        const slots = th.stack;
        if (slots === null) return;
        // The collector shrinks a stack to what its calls use plus slack (ldo.c luaD_shrinkstack).
        let inUse = th.top;
        let calls = 0;
        for (let ci: CallInfoLike | null = th.ci; ci !== null; ci = ci.previous) {
            inUse = Math.max(inUse, ci.top || 0);
            if (ci !== th.base_ci) calls += 1;
        }
        inUse += 1;
        // C Lua allocates at least BASIC_STACK_SIZE + EXTRA_STACK slots (lstate.c stack_init); fengari starts smaller.
        const allocated = Math.max(slots.length, model.basicStackSize + model.extraStack);
        const size = Math.min(allocated, inUse + Math.floor(inUse / 8) + 2 * model.extraStack);
        charge("threads", size * model.tvalue);
        // Unused call infos after the current one are halved by each collect (luaE_shrinkCI); two collects.
        let spare = 0;
        for (let ci = th.ci?.next ?? null; ci !== null; ci = ci.next) spare += 1;
        spare = Math.ceil(Math.ceil(spare / 2) / 2);
        for (let i = 0; i < calls + spare; i += 1) charge("threads", model.callInfo);
        for (let i = 0; i < th.top; i += 1) push(slots[i]);
    };

    for (const fixed of FIXED_TSTRINGS) visitString(fixed);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const g = (L as any).l_G as { l_registry: TV; mt: unknown[]; mainthread: unknown };
    if (g.mainthread) stack.push({ type: T.THREAD, value: g.mainthread });
    push(g.l_registry);
    for (const mt of g.mt) if (mt) stack.push({ type: T.TABLE, value: mt });
    while (stack.length > 0) {
        const tv = stack.pop()!;
        const v = tv.value as Record<string, unknown>;
        if (tv.type === T.STRING_SHORT || tv.type === T.STRING_LONG) {
            visitString(v as unknown as TStringLike);
            continue;
        }
        if (seen.has(v)) continue;
        seen.add(v);
        options.reached?.add(v);
        const flash = flashObjects.get(v);
        if (flash !== undefined) {
            if (flash === "rotable") charge("userdata", model.udataHeader + ROTABLE_BLOCK_BYTES);
            continue;
        }
        switch (tv.type) {
            case T.TABLE: {
                const strong = v.strong as Map<unknown, { key: TV; value: TV }>;
                const shape = model.tableShapes === true ? tableShape(v) : undefined;
                // A shape that cannot hold the keys missed a change (a table fengari filled internally): size from the keys.
                const { arraySize, nodes } = shape !== undefined && shape.array + shape.nodes >= strong.size ? { arraySize: shape.array, nodes: shape.nodes } : tableSizes(strong.values());
                charge("tables", model.table);
                charge("tables", arraySize * model.tvalue);
                charge("tables", nodes * model.node);
                const metatable = v.metatable as { strong: Map<unknown, { key: TV; value: TV }> } | null;
                const mode = metatable ? weakMode(metatable.strong) : "";
                // Weak references do not keep objects alive; strings are values and stay.
                const follow = (x: TV, weak: boolean) => {
                    if (!weak || x.type === T.STRING_SHORT || x.type === T.STRING_LONG) push(x);
                };
                for (const entry of strong.values()) {
                    follow(entry.key, mode.includes("k"));
                    follow(entry.value, mode.includes("v"));
                }
                if (metatable) stack.push({ type: T.TABLE, value: metatable });
                break;
            }
            case T.LCL: {
                const ups = v.upvals as (TV | null | undefined)[];
                charge("functions", model.luaClosure + ups.length * model.pointer);
                for (const up of ups) {
                    if (up === null || up === undefined || upvals.has(up)) continue;
                    upvals.add(up);
                    charge("upvalues", model.upval);
                    push(up);
                }
                if (v.p) visitProto(v.p as ProtoLike);
                break;
            }
            case T.CCL: {
                const upvalue = v.upvalue as TV[];
                charge("functions", model.cClosure + upvalue.length * model.tvalue);
                for (const up of upvalue) push(up);
                break;
            }
            case T.USERDATA:
                charge("userdata", model.udataHeader + ((v.len as number) || 0));
                if (v.metatable) stack.push({ type: T.TABLE, value: v.metatable });
                push(v.uservalue as TV);
                break;
            case T.THREAD:
                visitThread(v as unknown as ThreadLike, v === g.mainthread);
                break;
            default:
                break;
        }
    }
    charge("stringTable", stringTableBytes(model, shortStrings.size));
    const bytes = Object.values(byKind).reduce((a, b) => a + b, 0);
    return { model: model.name, bytes, blocks, allocatedBytes: allocated, shortStrings: shortStrings.size, shortStringContents: shortStrings, byKind };
}

/** What the model's allocator counts for a block Lua asked `bytes` for. */
function allocatorBytes(model: HeapModel, bytes: number): number {
    const allocator = model.allocator;
    return allocator === undefined ? bytes : roundUp(Math.max(bytes, allocator.minimum), allocator.quantum) + allocator.header;
}

/** The short-string table for `strings` strings: it grows to the next power of two when full (lstring.c), never below MINSTRTABSIZE. */
export function stringTableBytes(model: HeapModel, strings: number): number {
    return Math.max(model.minStringTable, 2 ** ceilLog2(strings)) * model.pointer;
}

/** The `__mode` string of a metatable's entries ("" when absent). */
function weakMode(metatable: Map<unknown, { key: TV; value: TV }>): string {
    for (const { key, value } of metatable.values()) {
        if (key.type !== T.STRING_SHORT && key.type !== T.STRING_LONG) continue;
        const name = contentOf(key.value as TStringLike);
        if (name !== "__mode") continue;
        return value.type === T.STRING_SHORT || value.type === T.STRING_LONG ? contentOf(value.value as TStringLike) : "";
    }
    return "";
}

/**
 * Bytes a C Lua 5.3 build would use for what `L` can reach: the 32-bit
 * LUA_32BITS device by default, or another {@link HeapModel}.
 */
export function estimateHeap(L: LuaState, model: HeapModel = LUA53_32BIT, options: EstimateOptions = {}): number {
    return estimateHeapDetail(L, model, options).bytes;
}
