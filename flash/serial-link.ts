import * as fs from "node:fs";
import { SerialPort } from "serialport";
import { UserError } from "../common/user-error.js";
import type { ByteLink } from "./byte-link.js";

/** An open serial port as the flasher uses it. */
export interface SerialLink extends ByteLink {
    /** Asserts RTS for `ms`, then releases it (the module's reset line on the usual adapters). */
    pulseReset(ms: number): Promise<void>;
    close(): Promise<void>;
}

/** Callback-style call to a promise. */
function call(fn: (done: (error: Error | null | undefined) => void) => void): Promise<void> {
    return new Promise((resolve, reject) => fn(error => (error ? reject(error) : resolve())));
}

/**
 * Opens `path` at `baudRate`, 8N1, as a {@link SerialLink}. A missing device
 * or one that cannot be opened is a UserError with one clear line.
 */
export async function openSerialLink(path: string, baudRate: number): Promise<SerialLink> {
    if (!fs.existsSync(path)) throw new UserError(`serial port ${path} does not exist (is the module plugged in? list ports with \`ls /dev/tty*\`)`);
    const port = new SerialPort({ path, baudRate, dataBits: 8, parity: "none", stopBits: 1, autoOpen: false });
    try {
        await call(done => port.open(done));
    } catch (error) {
        const message = (error as Error).message;
        const hint = /permission denied|EACCES/i.test(message) ? " (on Linux, add yourself to the dialout group)" : "";
        throw new UserError(`cannot open serial port ${path}: ${message}${hint}`);
    }
    // Without a listener an 'error' event would crash the process; failures surface as timeouts instead.
    port.on("error", () => undefined);
    return {
        write: data =>
            call(done => {
                port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
                port.drain(done);
            }),
        onData(listener) {
            port.on("data", listener);
            return () => port.off("data", listener);
        },
        async pulseReset(ms) {
            await call(done => port.set({ rts: true }, done));
            await new Promise(resolve => setTimeout(resolve, ms));
            await call(done => port.set({ rts: false }, done));
        },
        close: () => (port.isOpen ? call(done => port.close(done)) : Promise.resolve()),
    };
}
