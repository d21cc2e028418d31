import { LUALIB_FILE, type EmittedFile } from "./emit.js";

/** What a build costs in bytes: written to build/size.json and printed. */
export interface SizeReport {
    /** Bytes of each emitted Lua file, by name relative to the Lua folder. */
    files: Record<string, number>;
    /** Bytes of the TSTL runtime library in the output (0 when none is needed). */
    lualib: number;
    /** Bytes of the toolkit's own Lua library (sys) in the output. */
    stdlib: number;
    /** Bytes of the application's own modules. */
    app: number;
    /** Bytes of all Lua files. */
    total: number;
    /** The script image (build/script.bin) against the board's script area. */
    image?: { board: string; bytes: number; limit: number };
}

/** Builds the size report from the Lua files of a build (source maps are not counted). */
export function sizeReport(files: readonly EmittedFile[], stdlibNames: ReadonlySet<string>): SizeReport {
    const report: SizeReport = { files: {}, lualib: 0, stdlib: 0, app: 0, total: 0 };
    for (const file of files) {
        if (!file.name.endsWith(".lua")) continue;
        const bytes = file.data.length;
        report.files[file.name] = bytes;
        report.total += bytes;
        if (file.name === LUALIB_FILE) report.lualib += bytes;
        else if (stdlibNames.has(file.name)) report.stdlib += bytes;
        else report.app += bytes;
    }
    return report;
}

/** The report as a table for the terminal. */
export function formatSizeReport(report: SizeReport): string {
    const names = Object.keys(report.files);
    const width = Math.max(12, ...names.map(n => n.length));
    const line = (label: string, bytes: number) => `  ${label.padEnd(width)}  ${String(bytes).padStart(8)} B`;
    return [
        "size report (bytes of Lua):",
        ...names.map(n => line(n, report.files[n] ?? 0)),
        `  ${"-".repeat(width + 12)}`,
        line("app", report.app),
        line("stdlib (sys)", report.stdlib),
        line("lualib", report.lualib),
        line("total", report.total),
        ...(report.image ? [`  script image ${report.image.bytes} of ${report.image.limit} B (${report.image.board} script area)`] : []),
    ].join("\n");
}
