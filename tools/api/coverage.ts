/**
 * `npm run api:coverage [-- --generation <g>] [--below <percent>] [--min <percent>]`:
 * for each module of each committed extract, the registered members, how
 * many are typed and how (annotation, alias of an annotated twin, constant,
 * override), and how many are declared only loosely ("untyped") or not at
 * all. Exits non-zero when a module types less than `--min` percent (95 by
 * default) of its members.
 */
import { UserError } from "../../common/user-error.js";
import { parseOptions, runIfMain } from "./cli.js";
import { committedGenerations, emitGeneration, readExtract, type MemberStatus, type ModuleReport } from "./emit.js";
import type { ApiExtract } from "./model.js";
import { readOverrides } from "./overrides.js";

export interface ModuleCoverage {
    module: string;
    registered: number;
    typed: number;
    untyped: number;
    inexpressible: number;
    byStatus: Record<MemberStatus, number>;
}

const TYPED: ReadonlySet<MemberStatus> = new Set(["annotated", "alias", "constant", "override", "standard", "inferred"]);

export function moduleCoverage(module: string, report: ModuleReport): ModuleCoverage {
    const byStatus = { annotated: 0, alias: 0, constant: 0, override: 0, standard: 0, inferred: 0, untyped: 0, inexpressible: 0 } satisfies Record<MemberStatus, number>;
    for (const s of report.members.values()) byStatus[s]++;
    const registered = report.members.size;
    const typed = [...report.members.values()].filter(s => TYPED.has(s)).length;
    return { module, registered, typed, untyped: byStatus.untyped, inexpressible: byStatus.inexpressible, byStatus };
}

/** Coverage of every module of a generation. */
export function generationCoverage(generation: string): ModuleCoverage[] {
    const result = emitGeneration(readExtract(generation), readOverrides(generation));
    return [...result.modules].map(([name, report]) => moduleCoverage(name, report));
}

/** How many constants of a generation have their value in the extract (the declarations type those as literals). */
export function constantValueCounts(extract: ApiExtract): { total: number; valued: number; pointers: number; unknown: number } {
    const counts = { total: 0, valued: 0, pointers: 0, unknown: 0 };
    for (const mod of Object.values(extract.modules)) {
        for (const m of Object.values(mod.members)) {
            if (m.kind !== "constant") continue;
            counts.total++;
            if (m.value !== undefined) counts.valued++;
            else if (m.valueType === "userdata") counts.pointers++;
            else counts.unknown++;
        }
    }
    return counts;
}

/** The percentage every module must reach unless `--min` says otherwise. */
export const MODULE_MINIMUM = 95;

/** Percentage of a module's registered members that are typed (100 for a module with none). */
export function percentTyped(c: ModuleCoverage): number {
    return c.registered === 0 ? 100 : (100 * c.typed) / c.registered;
}

/** The modules typing less than `min` percent of their members. */
export function modulesBelow(rows: ModuleCoverage[], min: number = MODULE_MINIMUM): ModuleCoverage[] {
    return rows.filter(r => percentTyped(r) < min);
}

function pct(typed: number, registered: number): string {
    return registered === 0 ? "  -  " : `${((100 * typed) / registered).toFixed(1).padStart(5)}%`;
}

function percentOption(value: string | undefined, name: string, fallback: number): number {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (value.trim() === "" || Number.isNaN(n)) throw new UserError(`--${name} needs a percentage, got "${value}"`, 2);
    return n;
}

function main(argv: string[]): void {
    const { values } = parseOptions(argv, { generation: { type: "string" }, below: { type: "string" }, min: { type: "string" } });
    const generations = values.generation !== undefined ? [values.generation] : committedGenerations();
    const below = percentOption(values.below, "below", 101);
    const min = percentOption(values.min, "min", MODULE_MINIMUM);
    const failing: string[] = [];
    for (const generation of generations) {
        const extract = readExtract(generation);
        const rows = generationCoverage(generation);
        const boards = Object.entries(extract.boards);
        process.stdout.write(`\nLuatOS ${generation} (${extract.source.commit.slice(0, 9)}): ${rows.length} modules\n`);
        process.stdout.write(`${"module".padEnd(22)} ${"registered".padStart(10)} ${"typed".padStart(6)} ${"percent".padStart(7)}  ${"untyped".padStart(7)} ${"no-decl".padStart(7)}  annotated/alias/const/override/std/inferred  boards\n`);
        let reg = 0, typed = 0, untyped = 0, inexpressible = 0;
        for (const r of rows) {
            reg += r.registered; typed += r.typed; untyped += r.untyped; inexpressible += r.inexpressible;
            if (percentTyped(r) >= below) continue;
            const b = boards.filter(([, x]) => x.modules.includes(r.module)).map(([n]) => n).join(",") || "-";
            const s = r.byStatus;
            process.stdout.write(`${r.module.padEnd(22)} ${String(r.registered).padStart(10)} ${String(r.typed).padStart(6)} ${pct(r.typed, r.registered).padStart(7)}  ${String(r.untyped).padStart(7)} ${String(r.inexpressible).padStart(7)}  ${`${s.annotated}/${s.alias}/${s.constant}/${s.override}/${s.standard}/${s.inferred}`.padEnd(43)} ${b}\n`);
        }
        const low = modulesBelow(rows, min);
        process.stdout.write(`${"total".padEnd(22)} ${String(reg).padStart(10)} ${String(typed).padStart(6)} ${pct(typed, reg).padStart(7)}  ${String(untyped).padStart(7)} ${String(inexpressible).padStart(7)}\n`);
        process.stdout.write(`modules at ${min}% or more: ${rows.length - low.length} of ${rows.length}\n`);
        const constants = constantValueCounts(extract);
        process.stdout.write(`constants: ${constants.total}, with the value the sources give: ${constants.valued} (the others are light userdata: ${constants.pointers}, or their value is not in the sources: ${constants.unknown})\n`);
        failing.push(...low.map(r => `${generation}/${r.module} (${pct(r.typed, r.registered).trim()})`));
    }
    if (failing.length > 0) throw new UserError(`${failing.length} module(s) below ${min}% typed: ${failing.join(", ")}`);
}

runIfMain(import.meta.url, "api:coverage", main);
