/**
 * The device's serial port: text written by print, log.* and the
 * firmware's C log calls, split into lines stamped with device time.
 */
import { LOG_LEVEL } from "./firmware/context.js";
import type { LineSource, LogLine } from "./device-options.js";

const LEVEL_LETTER: Record<number, string> = { [LOG_LEVEL.DEBUG]: "D", [LOG_LEVEL.INFO]: "I", [LOG_LEVEL.WARN]: "W", [LOG_LEVEL.ERROR]: "E" };

export interface SerialPortOptions {
    /** Device time now. */
    now: () => number;
    /** Boot number of the running VM. */
    boot: () => number;
    /** Whether C log lines are printed (`firmwareLogs`). */
    firmwareLogs: boolean;
    /** Whether lines are kept in {@link SerialPort.lines}. */
    keep: boolean;
    /** Called for every complete line. */
    onLine: (line: LogLine) => void;
}

/** Splits what the firmware writes into {@link LogLine}s. */
export class SerialPort {
    /** Every line so far (when kept). */
    readonly lines: LogLine[] = [];
    /** Lines printed so far, kept or not. */
    count = 0;
    private partial = "";
    private partialSource: LineSource = "lua";

    constructor(private readonly options: SerialPortOptions) {}

    /** A firmware C log line `L/tag text`, when C logs are shown and `level` passes `logLevel`. */
    clog(logLevel: number, level: number, tag: string, text: string): void {
        if (!this.options.firmwareLogs || logLevel > level) return;
        this.write(`${LEVEL_LETTER[level] ?? "?"}/${tag} ${text}\n`, "c");
    }

    /** Writes text; a line belongs to whoever started it. */
    write(text: string, source: LineSource = "lua"): void {
        // fengari names JavaScript frames "[JS]"; the firmware's are C functions.
        if (this.partial === "") this.partialSource = source;
        const parts = (this.partial + text.replaceAll("[JS]:", "[C]:")).split("\n");
        this.partial = parts.pop()!;
        if (parts.length === 0) return;
        let lineSource = this.partialSource;
        const timeMs = this.options.now();
        const boot = this.options.boot();
        for (const raw of parts) {
            const line: LogLine = { timeMs, boot, text: raw.endsWith("\r") ? raw.slice(0, -1) : raw, source: lineSource };
            lineSource = source;
            this.count += 1;
            if (this.options.keep) this.lines.push(line);
            this.options.onLine(line);
        }
        this.partialSource = source;
    }
}
