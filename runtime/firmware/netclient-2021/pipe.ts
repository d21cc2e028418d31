/**
 * The RT-Thread pipe device between `so:send` (the Lua thread writes) and
 * the connection thread (reads up to one receive buffer and sends it). It
 * holds {@link PIPE_SIZE} bytes; a write that does not fit blocks the writer
 * until the reader makes room. Pipes are devices with a name ("p" + the
 * object id in hex): creating one whose name exists fails.
 */
import { concatBytes } from "../../lua.js";

/** RT_PIPE_BUFSZ of the Air640W configuration. */
export const PIPE_SIZE = 512;

export class Pipe {
    private chunks: Uint8Array[] = [];
    private size = 0;

    get bytes(): number {
        return this.size;
    }

    /** Whether `n` more bytes fit without blocking. */
    fits(n: number): boolean {
        return this.size + n <= PIPE_SIZE;
    }

    /** Appends bytes (the caller decided the write may proceed). */
    write(data: Uint8Array): void {
        this.chunks.push(data.slice());
        this.size += data.length;
    }

    /** Takes at most `max` bytes, oldest first. */
    read(max: number): Uint8Array {
        const all = concatBytes(this.chunks);
        const out = all.slice(0, max);
        const rest = all.slice(max);
        this.chunks = rest.length > 0 ? [rest] : [];
        this.size = rest.length;
        return out;
    }
}

/** The registered pipe devices by name (rt_pipe_create refuses an existing name). */
export class PipeDevices {
    private readonly names = new Set<string>();

    /** "p" + six upper-case hex digits of the object id (pipe_init). */
    static nameFor(id: number): string {
        return `p${id.toString(16).toUpperCase().padStart(6, "0")}`;
    }

    create(name: string): boolean {
        if (this.names.has(name)) return false;
        this.names.add(name);
        return true;
    }

    delete(name: string): void {
        this.names.delete(name);
    }
}
