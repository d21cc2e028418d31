import * as readline from "node:readline";
import type { Command } from "commander";
import { UserError } from "../../common/user-error.js";
import { checkRepeat, describeFault, parseFaultSchedule, playFaultSchedule, applyFault, type FaultKind } from "../../collector/fault-schedule.js";
import { LoopbackCollector } from "../../collector/loopback.js";
import { parseDuration } from "../../runtime/duration.js";
import { runCommand } from "../run-command.js";

interface CollectorFlags {
    port: string;
    host: string;
    beaconPort?: string;
    faults?: string;
    repeat?: string;
    for?: string;
    quiet?: boolean;
}

/** A port number from the command line; 0 picks a free one. */
function parsePort(text: string, flag: string): number {
    if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UserError(`${flag} "${text}": write a port number from 0 to 65535`);
    return Number(text);
}

/** Commands read from stdin, one a line. */
const STDIN_COMMANDS = "refuse [DURATION], accept, close, reset, silent [DURATION], talk, restart [DURATION], stats, quit";

export function registerCollector(program: Command): void {
    program
        .command("collector")
        .description("run the reference firmware's collector on a real port, with its beacon listener and faults on a schedule or on command")
        .option("--port <n>", "TCP port of the collector (0: any free port)", "9000")
        .option("--host <address>", "address to listen on", "127.0.0.1")
        .option("--beacon-port <n>", "UDP port of the beacon listener (default: the TCP port + 1; 0: any free port)")
        .option("--faults <list>", "faults on a schedule, comma-separated: refuse@30s+20s, close@1m, reset@1m, silent@2m+90s, restart@4m+5s")
        .option("--repeat <duration>", "play the --faults schedule again every this long (e.g. 10m)")
        .option("--for <duration>", "stop after this long (default: until Ctrl-C, SIGTERM or `quit`)")
        .option("-q, --quiet", "print only state changes, beacons and the summary, not every line")
        .addHelpText(
            "after",
            "\nIt prints every line received (`<conn> < S 12 ...`) and sent (`<conn> > ACK 12`), each beacon,\n" +
                "every fault, and a summary when it stops (Ctrl-C, SIGTERM, --for, or `quit`).\n" +
                "Point a device at it: `luatos-ts sim --net host --dns collector.local=127.0.0.1`, or luatos2021 with\n" +
                "`--dns collector.local=127.0.0.1`.\n\n" +
                `Commands on stdin, one a line: ${STDIN_COMMANDS}.\n\n` +
                "Exit codes: 0 stopped; 1 a bad flag value, a bad fault or a port that cannot be bound (one line); 2 a usage error.",
        )
        .action((flags: CollectorFlags) => runCommand(() => runCollector(flags)));
}

async function runCollector(flags: CollectorFlags): Promise<number> {
    const port = parsePort(flags.port, "--port");
    const beaconPort = flags.beaconPort === undefined ? (port === 0 ? 0 : port + 1) : parsePort(flags.beaconPort, "--beacon-port");
    if (beaconPort > 65535) throw new UserError(`--port ${port}: the beacon port would be ${beaconPort}; give --beacon-port`);
    const faults = flags.faults === undefined ? [] : parseFaultSchedule(flags.faults);
    const repeatMs = flags.repeat === undefined ? undefined : parseDuration(flags.repeat);
    if (repeatMs !== undefined) {
        if (faults.length === 0) throw new UserError("--repeat needs --faults");
        if (repeatMs <= 0) throw new UserError("--repeat must be more than 0");
        checkRepeat(faults, repeatMs);
    }
    const forMs = flags.for === undefined ? undefined : parseDuration(flags.for);

    let target: LoopbackCollector | undefined;
    const stamp = (text: string) => console.log(`[${((target?.elapsed() ?? 0) / 1000).toFixed(3).padStart(9)}] ${text}`);
    target = new LoopbackCollector({
        host: flags.host,
        port,
        beaconPort,
        event: stamp,
        trace: flags.quiet === true ? undefined : stamp,
    });
    const collector = target;
    await collector.start();
    if (faults.length > 0) stamp(`faults: ${faults.map(describeFault).join(", ")}${repeatMs === undefined ? "" : `, every ${flags.repeat}`}`);
    const stopSchedule = playFaultSchedule(collector, faults, repeatMs);

    const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>(resolve => {
        if (forMs !== undefined) timer = setTimeout(resolve, forMs);
        const onSignal = (signal: string) => {
            stamp(`${signal}: stopping`);
            resolve();
        };
        process.once("SIGINT", () => onSignal("SIGINT"));
        process.once("SIGTERM", () => onSignal("SIGTERM"));
        const input = readline.createInterface({ input: process.stdin, terminal: false });
        input.on("line", line => {
            const [command = "", arg] = line.trim().split(/\s+/);
            if (command === "") return;
            if (command === "quit") return resolve();
            if (command === "stats") return summary(collector).forEach(l => stamp(l));
            if (command === "accept") return void collector.accept();
            if (command === "talk") return collector.setSilent(false);
            const kinds: Record<string, FaultKind> = { refuse: "refuse", close: "close", reset: "reset", silent: "silent", restart: "restart" };
            const kind = kinds[command];
            if (kind === undefined) return stamp(`unknown command "${line.trim()}" (known: ${STDIN_COMMANDS})`);
            let forFault = 0;
            try {
                // Without a duration refuse and silent last until accept / talk; restart takes 5 s.
                forFault = arg === undefined ? (kind === "restart" ? 5000 : 0) : parseDuration(arg);
            } catch (error) {
                return stamp((error as Error).message);
            }
            if (forFault === 0 && kind === "refuse") return collector.refuse();
            if (forFault === 0 && kind === "silent") return collector.setSilent(true);
            void applyFault(collector, kind, forFault, sleep);
        });
        input.on("close", () => {
            // stdin ended (e.g. </dev/null): keep running until a signal or --for.
        });
    });
    clearTimeout(timer);
    stopSchedule();
    await collector.stop();
    for (const line of summary(collector)) stamp(line);
    // stdin may still hold the event loop.
    process.stdin.destroy();
    return 0;
}

/** The summary lines: what arrived, what is missing, what the faults did. */
export function summary(target: LoopbackCollector): string[] {
    const c = target.collector;
    const missing = c.missing();
    const boots = [...new Set(c.hellos.map(h => h.boot))];
    const f = target.faults;
    return [
        `summary: ${c.connections} connections, ${c.hellos.length} HELLOs from ${boots.length} boot id(s), ${c.bootReports.length} boot reports (${c.bootReports.join("; ") || "none"})`,
        `summary: ${c.samples.length} sample lines, ${c.distinct()} distinct samples, ${c.duplicates()} duplicates, ${missing.length} missing` +
            (missing.length === 0 ? "" : ` (${missing.slice(0, 10).map(m => `boot ${m.boot} seq ${m.seq}`).join(", ")}${missing.length > 10 ? ", ..." : ""})`),
        `summary: ${c.heartbeats} heartbeats, ${c.pongs} pongs, ${c.times} times, ${target.beacons.length} beacons, ${c.unknownLines.length} unknown lines`,
        `summary: faults: refused ${f.refused}, closed ${f.closed}, reset ${f.reset}, silent ${f.silenced}, restarts ${f.restarts}`,
    ];
}
