/**
 * `io` of the current generation (`lua/src/liolib.c`) beside Lua's own, and
 * `fs`, which is the same library: today's `luaopen_fs`
 * (`luat/modules/luat_lib_fs.c:9`) returns `io`, which took over fs's
 * functions. The sources' extract does not see them (the Lua core is not
 * in its folders, and luat_lib_fs.c registers no table of its own).
 *
 * Of Lua's io the firmware keeps `open`, `type` and `lines` (the others are
 * built on Windows only); every failed open logs `D/vfs fopen <path> <mode>
 * not found`.
 */
declare namespace io {
    /** Whether the file exists (it is opened for reading). Source: `liolib.c:904`. */
    function exists(this: void, path: string): boolean;
    /** The file's size in bytes; 0 when it does not exist. Source: `liolib.c:924`. */
    function fileSize(this: void, path: string): number;
    /** Same C function as {@link fileSize} (moved from the fs library). Source: `liolib.c:1143`. */
    function fsize(this: void, path: string): number;
    /**
     * The file's content (mind the memory), or nothing when it cannot be
     * opened: `len` bytes (default all) from `offset` (default 0; a
     * negative offset reads from the start). `mode` defaults to "rb".
     * Source: `liolib.c:945`.
     * @example const data = io.readFile("/abc.txt", "rb", 128, 512);
     */
    function readFile(this: void, path: string, mode?: string, offset?: number, len?: number): string | undefined;
    /**
     * Writes `data` to the file and closes it: `mode` "wb+" (default) replaces
     * the content, "ab+" appends. True when written; nothing when the file
     * cannot be opened (its folder does not exist). Source: `liolib.c:988`.
     */
    function writeFile(this: void, path: string, data: string, mode?: string): boolean | undefined;
    /** Whether the folder exists (a mount point such as "/luadb/" does). Source: `liolib.c:1099`. */
    function dexist(this: void, path: string): boolean;
    /**
     * The file system holding `path` (default "/"): true, its total and used
     * blocks, the block size in bytes and its type ("lfs", "posix", ...);
     * false when it is not known. Source: `liolib.c:1073`.
     * @example const [ok, total, used, blockSize, type] = io.fsstat("/");
     */
    function fsstat(this: void, path?: string): LuaMultiReturn<[true, number, number, number, string] | [false]>;
    /** Makes a folder: success and the file system's return code. Source: `liolib.c:1270`. */
    function mkdir(this: void, path: string): LuaMultiReturn<[boolean, number]>;
    /** Removes an empty folder: success and the file system's return code. Source: `liolib.c:1288`. */
    function rmdir(this: void, path: string): LuaMultiReturn<[boolean, number]>;
    /**
     * Lists a folder: true and up to `len` entries (default 10, at most 100)
     * from `offset` (default 0), or false and the file system's return code.
     * An entry's `type` is {@link FILE} or {@link DIR}. Source: `liolib.c:1312`.
     */
    function lsdir(this: void, path: string, len?: number, offset?: number): LuaMultiReturn<[true, DirEntry[]] | [false, number]>;
    /** Formats the file system mounted at `path`: success and its return code. Source: `liolib.c:1251`. */
    function mkfs(this: void, path: string): LuaMultiReturn<[boolean, number]>;
    /** The mount points: their path prefix and file system name. Source: `liolib.c:1377`. */
    function lsmount(this: void): { path: string; fs: string }[];
    /** An entry's type in {@link lsdir}: a file. */
    const FILE: 0;
    /** An entry's type in {@link lsdir}: a folder. */
    const DIR: 1;

    /** One entry of {@link lsdir}. */
    interface DirEntry {
        name: string;
        /** {@link FILE} or {@link DIR}. */
        type: number;
        size: number;
    }
}

/** The io library itself (`luaopen_fs` returns it): `fs.fsstat`, `fs.fsize` and every io function. */
declare var fs: typeof io;
