/**
 * The device's file system: the script folder as the module's flash
 * partition (`/main.lua`, `/sys.lua`, ...) with what the firmware writes at
 * run time kept in memory on top of it. The build folder on the host is
 * never written. One instance per simulated device keeps files across
 * reboots, as flash does.
 *
 * Paths are the device's: `/data.txt` and `data.txt` are the same file
 * (the current directory is the root). Nothing can reach outside the
 * partition: a path with `..`, or one that leaves the folder through a
 * link, is a file that does not exist.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FskvRegion } from "./fskv-region.js";

/** Why a path names no file the firmware can open. */
const NO_FILE = "No such file or directory";

/** The device's file system: a read-only base folder and an in-memory layer of changes. */
export class DeviceFiles {
    /** Files written, replaced or removed (undefined) at run time, by normalized path. */
    private readonly changes = new Map<string, Uint8Array | undefined>();

    /** The fskv key-value region: a flash area of its own, not files of the partition; kept across reboots like the files. */
    readonly kv = new FskvRegion();

    /** @param baseDir the script folder (build/lua), the partition's initial content. */
    constructor(readonly baseDir: string) {}

    /**
     * The partition-relative name of a device path (`/lib/a.lua` -> `lib/a.lua`),
     * or undefined for a path that cannot name a file of the partition.
     */
    static normalize(devicePath: string): string | undefined {
        const parts: string[] = [];
        for (const part of devicePath.split("/")) {
            if (part === "" || part === ".") continue;
            if (part === ".." || part.includes("\0") || part.includes("\\")) return undefined;
            parts.push(part);
        }
        return parts.length === 0 ? undefined : parts.join("/");
    }

    /** The host file of a partition-relative name in the base folder, when it is a regular file inside it. */
    private baseFile(name: string): string | undefined {
        const full = path.join(this.baseDir, name);
        try {
            if (!fs.statSync(full).isFile()) return undefined;
            const real = fs.realpathSync(full);
            const root = fs.realpathSync(this.baseDir);
            return real.startsWith(root + path.sep) ? real : undefined;
        } catch {
            return undefined;
        }
    }

    /** The content of a file, or undefined when there is none. */
    read(devicePath: string): Uint8Array | undefined {
        const name = DeviceFiles.normalize(devicePath);
        if (name === undefined) return undefined;
        if (this.changes.has(name)) return this.changes.get(name);
        const file = this.baseFile(name);
        return file === undefined ? undefined : new Uint8Array(fs.readFileSync(file));
    }

    /** Whether a file exists. */
    exists(devicePath: string): boolean {
        return this.read(devicePath) !== undefined;
    }

    /** Whether a file could be created at this path: its folder exists. */
    canCreate(devicePath: string): boolean {
        const name = DeviceFiles.normalize(devicePath);
        if (name === undefined) return false;
        const dir = path.posix.dirname(name);
        if (dir === ".") return !this.isFolder(name);
        return this.isFolder(dir) && !this.isFolder(name);
    }

    /** Whether a device path names a folder: the root (`/`, or `""`), or a folder of the base folder (folders are not created at run time). */
    folderExists(devicePath: string): boolean {
        if (devicePath.split("/").every(part => part === "" || part === ".")) return true;
        const name = DeviceFiles.normalize(devicePath);
        return name !== undefined && this.isFolder(name);
    }

    private isFolder(name: string): boolean {
        const full = path.join(this.baseDir, name);
        try {
            return fs.statSync(full).isDirectory() && fs.realpathSync(full).startsWith(fs.realpathSync(this.baseDir));
        } catch {
            return false;
        }
    }

    /** Replaces a file's content (creates it). The caller checked {@link canCreate}. */
    write(devicePath: string, data: Uint8Array): void {
        const name = DeviceFiles.normalize(devicePath);
        if (name !== undefined) this.changes.set(name, data);
    }

    /** Removes a file; false when there was none. */
    remove(devicePath: string): boolean {
        const name = DeviceFiles.normalize(devicePath);
        if (name === undefined || !this.exists(name)) return false;
        this.changes.set(name, undefined);
        return true;
    }

    /** Renames a file (replacing the target); false when the source does not exist or the target cannot be created. */
    rename(from: string, to: string): boolean {
        const data = this.read(from);
        if (data === undefined || !this.canCreate(to)) return false;
        this.remove(from);
        this.write(to, data);
        return true;
    }

    /** `<path>: No such file or directory`, the message of a failed open or remove. */
    static notFound(devicePath: string): string {
        return `${devicePath}: ${NO_FILE}`;
    }

    /** The bare message (os.rename reports no file name). */
    static readonly NO_FILE = NO_FILE;
}
