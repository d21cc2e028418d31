/**
 * The RT-Thread file descriptor table (DFS) the netclient draws from: every
 * started object opens its pipe twice (read and write end) and a socket.
 * The Air640W configuration has 16 entries (DFS_FD_MAX) numbered from 3
 * (DFS_FD_OFFSET skips stdin/stdout/stderr); a full table makes `open` and
 * `socket` fail.
 */

/** DFS_FD_MAX of the Air640W's rtconfig.h. */
export const FD_MAX = 16;
/** DFS_FD_OFFSET: the first descriptor number. */
export const FD_OFFSET = 3;

export class DescriptorTable {
    private readonly used = new Set<number>();

    /** The lowest free descriptor, or -1 when all are in use. */
    open(): number {
        for (let fd = FD_OFFSET; fd < FD_OFFSET + FD_MAX; fd += 1) {
            if (!this.used.has(fd)) {
                this.used.add(fd);
                return fd;
            }
        }
        return -1;
    }

    /** Releases `fd`; false when it was not open. */
    close(fd: number): boolean {
        return this.used.delete(fd);
    }

    get inUse(): number {
        return this.used.size;
    }
}
