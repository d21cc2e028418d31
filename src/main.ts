/**
 * The reference firmware: a telemetry node. It waits for the network, syncs
 * the clock over NTP, sends a boot report, keeps a TCP session to a collector
 * (numbered samples resent until acknowledged, heartbeats, commands) and a
 * UDP beacon. Every decision that waits runs in a task.
 */
import { beaconTask } from "./app/beacon";
import { clockTask, sendBootReport } from "./app/clock-sync";
import { startTelemetry } from "./app/telemetry";

PROJECT = "telemetry-node";
VERSION = "1.0.0";

log.info("main", PROJECT, VERSION, rtos.firmware());
sys.taskInit(clockTask);
startTelemetry();
sys.taskInit(beaconTask);
sys.taskInit(sendBootReport);
sys.run();
