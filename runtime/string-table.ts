/**
 * The size of C Lua 5.3's short-string table, followed as fengari runs.
 *
 * C Lua interns every short string (40 bytes or fewer) in one hash table
 * of pointers (lstring.c). A string made with a content the table does not
 * hold adds one entry, and the table doubles first when its entries reach
 * its size (internshrstr: `nuse >= size` calls luaS_resize(size * 2)). An
 * entry leaves only when the collector sweeps its dead string, and the
 * table halves only at the end of a collection cycle, once, when under a
 * quarter of it is used (lgc.c checkSizes). So temporary strings count
 * until the next sweep: a loop building `"s" .. i` adds two entries per
 * step (the number's text and the result), and the table it doubled stays
 * doubled after collects as long as a quarter of it is live.
 *
 * fengari has no string table (its strings are compared by content), so
 * this module watches every string fengari makes: an accessor on its
 * TString prototype sees the constructor store the bytes, and hands them to
 * the {@link StringTable} of the VM that is running (set by
 * {@link StringTable.during}). Collection cycles come from the heap meter:
 * a full collect (`collectgarbage("collect")`) and the collector's own
 * cycles. Today's LuatOS sets the pause to 90% (luat_main.c:114), so its
 * collector never rests: a new cycle starts as one ends, and at the
 * default step multiplier (200, against STEPMULADJ 200) a cycle does about
 * one unit of work per byte allocated, its work being about the live
 * heap's size. A cycle is therefore counted each time the strings made
 * since the last one add up to the live heap's bytes. Strings are what a
 * firmware mostly throws away; the other allocations are not counted, so
 * cycles come a little later here than on the device and the table is, if
 * anything, estimated larger.
 *
 * Each sweep is to the strings a walk of the state finds live (the heap
 * meter walks at the end of every cycle). A loop that only makes strings
 * pays for that walk once a cycle: about as much again as making them.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** lstring.c: the table's first size (llimits.h MINSTRTABSIZE). */
export const MIN_STRING_TABLE = 128;

interface TStringLike {
    /** Where the accessor keeps fengari's `realstring`. */
    stringBytes: Uint8Array;
}

/**
 * A string's key in the table: FNV-1a of its bytes, times 64, plus its
 * length (at most 40). Exact in a double; two short strings of the same
 * length share a key once in about four billion pairs, which would count
 * one string fewer. Cheaper than building a JavaScript string of the bytes
 * for every string fengari makes.
 */
function keyOfBytes(bytes: Uint8Array): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i += 1) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    return (hash >>> 0) * 64 + bytes.length;
}

/** {@link keyOfBytes} of a latin1 string (a walk's contents). */
function keyOfContent(content: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < content.length; i += 1) hash = Math.imul(hash ^ content.charCodeAt(i), 0x01000193);
    return (hash >>> 0) * 64 + content.length;
}

const keysOf = (contents: ReadonlySet<string>): Set<number> => new Set([...contents].map(keyOfContent));

/** The table of the VM running now, if it follows one. */
let running: StringTable | undefined;
let installed = false;

/**
 * Puts the accessor on fengari's TString prototype (once per process; the
 * strings of every state go through it, only a running table counts them).
 * A getter and setter over another field, rather than redefining the
 * property on each string: V8 inlines the accessors, where a property
 * defined per object costs about thirty times a plain string's creation.
 */
function watchStrings(): void {
    if (installed) return;
    installed = true;
    const { TString } = require("fengari/src/lstring.js") as { TString: { prototype: object } };
    Object.defineProperty(TString.prototype, "realstring", {
        configurable: true,
        get(this: TStringLike) {
            return this.stringBytes;
        },
        set(this: TStringLike, bytes: Uint8Array) {
            this.stringBytes = bytes;
            running?.made(bytes);
        },
    });
}

/** What {@link StringTable} needs from a heap walk at the end of a cycle. */
export interface LiveStrings {
    /** The live short strings' contents (latin1), as the walk found them. */
    contents: ReadonlySet<string>;
    /** How many entries the firmware's table holds for them (its boot strings counted for the simulator's). */
    count: number;
    /** The live heap's bytes (Lua's count): a cycle's length in bytes allocated. */
    heapBytes: number;
}

/** One VM's short-string table: its size as C Lua would have it. */
export class StringTable {
    /** Buckets (pointers) of the table. */
    size: number;
    /** Entries: live strings and dead ones not yet swept. */
    private nuse: number;
    /** Keys of the strings live at the last sweep. */
    private live: ReadonlySet<number>;
    /** Keys of the strings added since the last sweep. */
    private readonly added = new Set<number>();
    /** Bytes of the strings made since the last cycle ended. */
    private allocated = 0;
    /** Bytes after which the running cycle ends. */
    private cycleBytes: number;
    /**
     * Whether the collector is inside a cycle: from the first allocation
     * after a full collect on (with a pause under 100% the next cycle starts
     * at once), until the next full collect ends.
     */
    private inCycle = true;

    /**
     * @param maxShort the longest short string (LUAI_MAXSHORTLEN, 40).
     * @param stringBytes what the VM allocates for a string of `length` bytes.
     * @param start the firmware's table when the simulator starts following it.
     */
    constructor(
        private readonly maxShort: number,
        private readonly stringBytes: (length: number) => number,
        start: LiveStrings & { size: number },
    ) {
        watchStrings();
        this.size = start.size;
        this.nuse = start.count;
        this.live = keysOf(start.contents);
        this.cycleBytes = start.heapBytes;
    }

    /** The size C Lua reaches by interning `strings` strings from {@link MIN_STRING_TABLE}, none swept. */
    static sizeFor(strings: number): number {
        let size = MIN_STRING_TABLE;
        while (size < strings) size *= 2;
        return size;
    }

    /** Runs `fn` with this table following the strings fengari makes. */
    during<T>(fn: () => T): T {
        const outer = running;
        running = this;
        try {
            return fn();
        } finally {
            running = outer;
        }
    }

    /** A string was made (lstring.c luaS_newlstr / internshrstr). */
    made(bytes: Uint8Array): void {
        this.inCycle = true;
        this.allocated += this.stringBytes(bytes.length);
        if (bytes.length > this.maxShort) return;
        const key = keyOfBytes(bytes);
        // Found in the table (live, or dead and not yet swept): the same string again, nothing added.
        if (this.live.has(key) || this.added.has(key)) return;
        if (this.nuse >= this.size) this.size *= 2;
        this.nuse += 1;
        this.added.add(key);
    }

    /** Whether the collector has finished a cycle since the last one ended here: the heap meter should call {@link cycleEnded}. */
    get cycleDue(): boolean {
        return this.allocated >= this.cycleBytes;
    }

    /** Lua ran: it allocated, so the collector is inside a cycle again. */
    ran(): void {
        this.inCycle = true;
    }

    /**
     * The end of the collector's own cycle (when {@link cycleDue}) with
     * `now` live: dead strings swept, then checkSizes (halve when under a
     * quarter used). The next cycle starts at once.
     */
    cycleEnded(now: LiveStrings): void {
        this.sweep(now);
    }

    /**
     * A full collect (lgc.c luaC_fullgc) with `now` live. It first ends the
     * cycle the collector is in, if any, and that cycle's checkSizes sees
     * the entries as they are: its marks were made before the collect (in
     * the propagate phase nothing is dead yet), so the strings it frees are
     * not counted as gone here. Then a whole cycle sweeps everything dead
     * and checks again. Afterwards the collector rests until Lua allocates.
     */
    fullCollect(now: LiveStrings): void {
        if (this.inCycle) this.checkSizes();
        this.sweep(now);
        this.inCycle = false;
    }

    /** lgc.c checkSizes: halve the table when under a quarter of it is used. */
    private checkSizes(): void {
        if (this.nuse < this.size / 4) this.size /= 2;
    }

    private sweep(now: LiveStrings): void {
        this.nuse = now.count;
        this.live = keysOf(now.contents);
        this.added.clear();
        this.checkSizes();
        this.allocated = 0;
        this.cycleBytes = now.heapBytes;
    }
}
