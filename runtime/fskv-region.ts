/**
 * The fskv flash region of a device: the stored records and how littlefs
 * lays them out on the PC port (bsp/pc/port/luat_fskv_pc.c: 16 blocks of
 * 4 KB, 256-byte program unit, name_max 63), so `fskv.status()` reports the
 * blocks littlefs would use. One instance per device, kept across reboots.
 *
 * The layout model: the root folder is a chain of metadata pairs (2 blocks
 * each), entries sorted in littlefs's name order. Every commit appends to
 * its pair's log, padded to 256 bytes; a commit that does not fit compacts
 * the pair, and a pair whose entries pass 2 KB then moves its upper entries
 * into new pairs (lfs_dir_splittingcompact). A record over 256 bytes takes
 * a block of its own. Entry sizes are littlefs's tags (name, struct);
 * checked against luatos-pc's figures step by step in mixed runs of sets
 * and deletes and in filling the region; in some runs a split comes one
 * step earlier there (docs/simulated-modules.md).
 */

/** Block and region size of the PC port. */
export const FSKV_BLOCK = 4096;
export const FSKV_TOTAL = 64 * 1024;
/** Records up to this size live inside the metadata (littlefs inline files, cache_size 256). */
export const FSKV_INLINE_MAX = 256;
const PROG = 256;
/** Past this many bytes of entries a compacted pair splits (half a block). */
const SPLIT_AT = 2048;
/** The superblock entry of the root pair ("littlefs" and its 24-byte struct, with tags). */
const SUPERBLOCK = 4 + 8 + 4 + 24;

const align = (n: number) => Math.ceil(n / PROG) * PROG;
const BLOCKS = FSKV_TOTAL / FSKV_BLOCK;

/** LFS_ERR_NOSPC: the region has no room for a commit or a block. */
class NoSpace extends Error {}

/** littlefs's directory order: bytes compared over the shorter name, then the longer name first. */
export function lfsOrder(a: string, b: string): number {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i += 1) {
        const d = a.charCodeAt(i) - b.charCodeAt(i);
        if (d !== 0) return d;
    }
    return b.length - a.length;
}

interface Pair {
    /** Keys of this pair and their record sizes. */
    keys: Map<string, number>;
    /** Bytes of the log written in the pair's current block. */
    off: number;
    root: boolean;
}

/** The fskv region: key (one char per byte) -> record (type byte and payload). */
export class FskvRegion {
    /** The records by key. */
    readonly records = new Map<string, Uint8Array>();
    /** False until the first `fskv.init()` formats the empty region. */
    formatted = false;
    private pairs: Pair[] = [];

    constructor() {
        this.reset();
    }

    /** Empties the region (lfs_format). */
    clear(): void {
        this.records.clear();
        this.reset();
    }

    /** Stores a record; false when the region has no room for it (a new key then stays, empty, when its creation fitted). */
    set(key: string, record: Uint8Array): boolean {
        let saved = this.snapshot();
        try {
            const pair = this.pairFor(key);
            if (!pair.keys.has(key)) {
                // Opening with LFS_O_CREAT commits the new, empty file at once: it stays when the write then fails.
                this.commit(pair, 4 + 4 + key.length + 4, () => pair.keys.set(key, 0));
                this.records.set(key, new Uint8Array(0));
                saved = this.snapshot();
            }
            const holder = this.pairs.find(p => p.keys.has(key)) ?? pair;
            this.commit(holder, 4 + (record.length <= FSKV_INLINE_MAX ? record.length : 8), () => holder.keys.set(key, record.length));
            this.records.set(key, record);
            if (this.usedBlocks() > BLOCKS) throw new NoSpace();
            return true;
        } catch (error) {
            if (!(error instanceof NoSpace)) throw error;
            this.restore(saved);
            return false;
        }
    }

    /** Removes a key (nothing happens for a missing one). */
    delete(key: string): void {
        if (!this.records.delete(key)) return;
        const pair = this.pairs.find(p => p.keys.has(key));
        if (pair === undefined) return;
        this.commit(pair, 4, () => pair.keys.delete(key));
        if (!pair.root && pair.keys.size === 0) this.pairs.splice(this.pairs.indexOf(pair), 1);
    }

    /** Keys in directory order (what fskv.next walks). */
    keys(): string[] {
        return [...this.records.keys()].sort(lfsOrder);
    }

    /** Blocks in use as lfs_fs_size counts them: two per metadata pair, one per record that is not inline. */
    usedBlocks(): number {
        let outside = 0;
        for (const record of this.records.values()) if (record.length > FSKV_INLINE_MAX) outside += 1;
        return 2 * this.pairs.length + outside;
    }

    private reset(): void {
        this.pairs = [{ keys: new Map(), off: 0, root: true }];
        this.compact(this.pairs[0]!);
    }

    private entrySize(key: string, size: number): number {
        return 4 + key.length + 4 + (size <= FSKV_INLINE_MAX ? size : 8);
    }

    private compactedSize(pair: Pair): number {
        let size = 4 + (pair.root ? SUPERBLOCK : 0) + 8;
        for (const [key, n] of pair.keys) size += this.entrySize(key, n);
        if (pair !== this.pairs[this.pairs.length - 1]) size += 12;
        return size;
    }

    private compact(pair: Pair): void {
        pair.off = align(this.compactedSize(pair));
    }

    /** The pair a name goes to: the first whose last name is not before it, else the last pair (lfs_dir_find walks the chain so). */
    private pairFor(key: string): Pair {
        for (const pair of this.pairs) {
            const names = [...pair.keys.keys()].sort(lfsOrder);
            const last = names[names.length - 1];
            if (last !== undefined && lfsOrder(key, last) <= 0) return pair;
        }
        return this.pairs[this.pairs.length - 1]!;
    }

    /**
     * Appends a commit of `size` bytes of tags (plus its CRC) to the pair's log. One that does not fit compacts
     * the pair: while the entries from a split point to the end pass 2 KB the split point moves halfway to the
     * end, and the entries after it go to a new pair (lfs_dir_splittingcompact); with no two blocks free the
     * pair stays whole, and entries that do not fit one block are "no space".
     */
    private commit(pair: Pair, size: number, apply: () => void): void {
        apply();
        const bytes = align(size + 8);
        if (pair.off + bytes <= FSKV_BLOCK) {
            pair.off += bytes;
            return;
        }
        const names = [...pair.keys.keys()].sort(lfsOrder);
        // The superblock entry leads the root pair and never moves.
        const lead = pair.root ? 1 : 0;
        const sizes = [...(pair.root ? [SUPERBLOCK] : []), ...names.map(name => this.entrySize(name, pair.keys.get(name)!))];
        let end = sizes.length;
        for (;;) {
            let split = 0;
            while (end - split > 1 && sizes.slice(split, end).reduce((a, b) => a + b, 0) > SPLIT_AT) split += Math.floor((end - split) / 2);
            if (split === 0 || this.usedBlocks() + 2 > BLOCKS) break;
            const tail: Pair = { keys: new Map(), off: 0, root: false };
            for (const name of names.slice(split - lead, end - lead)) {
                tail.keys.set(name, pair.keys.get(name)!);
                pair.keys.delete(name);
            }
            this.pairs.splice(this.pairs.indexOf(pair) + 1, 0, tail);
            this.compact(tail);
            end = split;
        }
        this.compact(pair);
        if (pair.off > FSKV_BLOCK) throw new NoSpace();
    }

    private snapshot() {
        return { records: new Map(this.records), pairs: this.pairs.map(p => ({ ...p, keys: new Map(p.keys) })) };
    }

    private restore(saved: ReturnType<FskvRegion["snapshot"]>): void {
        this.records.clear();
        for (const [k, v] of saved.records) this.records.set(k, v);
        this.pairs = saved.pairs;
    }
}
