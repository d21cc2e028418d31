/**
 * Seeded random fault schedules for one device hour of the reference
 * firmware. Everything is drawn from the seed, so a failing seed replays
 * exactly:
 *
 *   FIRMWARE_SEED=42 npx vitest run test/firmware/random-1.test.ts
 *   npx vitest run test/firmware -t "seed 42$"
 */
import { it } from "vitest";
import { COLLECTOR_HOST, COLLECTOR_PORT } from "../../collector/rig.js";
import type { Fault } from "../../runtime/net/faults.js";
import { Prng } from "../../runtime/net/prng.js";
import { assertInvariants } from "./invariants.js";
import { HOUR, invariantInput, MINUTE, runFirmware, type FirmwareRunOptions } from "./run-firmware.js";

const SESSION = { host: COLLECTOR_HOST, port: COLLECTOR_PORT };
const SECOND = 1000;

/** Seeds of the randomized run: 1..100, in this many parts (one test file each). */
export const RANDOM_SEEDS = 100;
export const RANDOM_PARTS = 4;

export interface Schedule {
    faults: Fault[];
    actions: NonNullable<FirmwareRunOptions["actions"]>;
    /** One line per fault or action, for failure messages. */
    description: string[];
}

/** The fault schedule of `seed`: 1 to 4 faults or host actions at random times of the hour. */
export function randomSchedule(seed: number): Schedule {
    const random = new Prng(seed, "firmware-schedule");
    const between = (low: number, high: number) => low + random.int(high - low + 1);
    const faults: Fault[] = [];
    const actions: Schedule["actions"] = [];
    const description: string[] = [];
    const fault = (f: Fault) => {
        faults.push(f);
        description.push(JSON.stringify(f));
    };
    const count = between(1, 4);
    for (let i = 0; i < count; i++) {
        const from = between(0, 55 * MINUTE);
        const window = (longest: number) => ({ from, until: from + between(SECOND, longest) });
        const direction = random.chance(0.5) ? {} : { direction: random.chance(0.5) ? ("to-server" as const) : ("to-device" as const) };
        switch (random.int(14)) {
            case 0:
                fault({ kind: "reset", at: from, ...SESSION });
                fault({ kind: "refuse", ...window(20 * MINUTE), ...SESSION });
                break;
            case 1:
                fault({ kind: "peer-close", at: from, ...SESSION });
                fault({ kind: "dns-fail", name: COLLECTOR_HOST, ...window(10 * MINUTE) });
                break;
            case 2:
                fault({ kind: "peer-close", at: from, ...SESSION });
                break;
            case 3:
                fault({ kind: "reset", at: from, ...SESSION });
                break;
            case 4:
                fault({ kind: "reset", ...window(10 * MINUTE), probability: between(1, 10) / 100, ...SESSION });
                break;
            case 5:
                fault({ kind: "split", bytes: between(1, 8), ...window(30 * MINUTE), ...direction, ...SESSION });
                break;
            case 6:
                fault({ kind: "coalesce", hold: between(100, 5000), ...window(30 * MINUTE), ...direction, ...SESSION });
                break;
            case 7:
                fault({ kind: "latency", delay: between(20, 3000), jitter: between(0, 500), ...window(30 * MINUTE), ...direction, ...SESSION });
                break;
            case 8:
                fault({ kind: "interface-down", ...window(15 * MINUTE) });
                break;
            case 9:
                fault({ kind: "half-open", ...window(5 * MINUTE), ...SESSION });
                break;
            case 10:
                fault(random.chance(0.5) ? { kind: "ntp-never", ...window(60 * MINUTE) } : { kind: "ntp-late", delay: between(SECOND, 30 * SECOND), ...window(60 * MINUTE) });
                fault({ kind: "udp-loss", rate: between(0, 100) / 100, ...window(60 * MINUTE) });
                break;
            case 11: {
                const until = from + between(SECOND, 10 * MINUTE);
                actions.push({ atMs: from, run: (_device, rig) => void (rig.collector.muted = true) });
                actions.push({ atMs: until, run: (_device, rig) => void (rig.collector.muted = false) });
                description.push(`collector mute from ${from} until ${until}`);
                break;
            }
            case 12:
                actions.push({ atMs: from, run: "crash" });
                description.push(`crash at ${from}`);
                break;
            default:
                actions.push({ atMs: from, run: "reset" });
                description.push(`reset at ${from}`);
                break;
        }
    }
    return { faults, actions, description };
}

/** One device hour under the schedule of `seed`, checked against the invariants. */
export async function runRandomSchedule(seed: number): Promise<void> {
    const schedule = randomSchedule(seed);
    const run = await runFirmware({
        seed,
        durationMs: HOUR,
        faults: schedule.faults,
        actions: schedule.actions,
        label: `random schedule (replay: FIRMWARE_SEED=${seed} npx vitest run test/firmware/random-1.test.ts):\n    ${schedule.description.join("\n    ")}`,
    });
    try {
        assertInvariants(invariantInput(run));
    } finally {
        run.device.dispose();
    }
}

/**
 * The seeds of part `part` (1-based) of the randomized run; with
 * FIRMWARE_SEED=a,b,... part 1 runs just those and the other parts nothing.
 */
export function seedsOfPart(part: number): number[] {
    const chosen = process.env.FIRMWARE_SEED;
    if (chosen !== undefined && chosen.trim() !== "") {
        return part === 1 ? chosen.split(",").map(s => Number(s.trim())).filter(n => Number.isInteger(n)) : [];
    }
    const size = Math.ceil(RANDOM_SEEDS / RANDOM_PARTS);
    const seeds: number[] = [];
    for (let seed = (part - 1) * size + 1; seed <= Math.min(RANDOM_SEEDS, part * size); seed++) seeds.push(seed);
    return seeds;
}

/** Registers one test per seed of `part`, named "seed N" so `-t "seed N$"` picks it. */
export function randomScheduleTests(part: number): void {
    const seeds = seedsOfPart(part);
    if (seeds.length === 0) it.skip("no seeds in this part (FIRMWARE_SEED picks part 1)", () => undefined);
    for (const seed of seeds) it(`seed ${seed}`, () => runRandomSchedule(seed));
}
