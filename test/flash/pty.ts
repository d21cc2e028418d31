import { spawn, type ChildProcess } from "node:child_process";
import { RB, requireTools, SOCAT, type SkipContext } from "../support/tools.js";

/** A connected pair of pseudo-terminals made by socat; bytes written to one end come out of the other. */
export interface PtyPair {
    /** The end the flasher opens. */
    host: string;
    /** The end the simulated module opens. */
    device: string;
    /** Stops socat (both ptys disappear with it). */
    close(): Promise<void>;
}

/** For a test on a pty pair with rb receiving: skips it (or fails it under CI=true) naming the packages when socat or rb is missing. */
export function requirePtyTools(ctx: SkipContext): void {
    requireTools(ctx, [SOCAT, RB]);
}

/**
 * Starts `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and reads the two
 * /dev/pts paths from its log. With `links`, socat also makes symbolic links
 * at those two paths (host end first), removed when it stops: a port that
 * can vanish and come back at the same path.
 */
export function openPtyPair(links?: { host: string; device: string }): Promise<PtyPair> {
    const end = (link: string | undefined) => (link === undefined ? "pty,raw,echo=0" : `pty,raw,echo=0,link=${link}`);
    const socat: ChildProcess = spawn("socat", ["-d", "-d", end(links?.host), end(links?.device)], { stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise<void>(resolve => socat.once("exit", () => resolve()));
    const close = async () => {
        if (socat.exitCode === null && socat.signalCode === null) socat.kill("SIGTERM");
        await exited;
    };
    return new Promise((resolve, reject) => {
        let log = "";
        const timer = setTimeout(() => {
            void close();
            reject(new Error(`socat did not report two ptys within 30 s:\n${log}`));
        }, 30_000);
        socat.stderr!.on("data", (chunk: Buffer) => {
            log += chunk.toString();
            const paths = [...log.matchAll(/PTY is (\/dev\/\S+)/g)].map(match => match[1]!);
            // Both ptys exist once socat starts its transfer loop.
            if (paths.length === 2 && log.includes("starting data transfer loop")) {
                clearTimeout(timer);
                resolve({ host: links?.host ?? paths[0]!, device: links?.device ?? paths[1]!, close });
            }
        });
        socat.once("error", error => {
            clearTimeout(timer);
            reject(error);
        });
    });
}
