/**
 * The reference firmware: a telemetry node. It waits for the network, syncs
 * the clock over NTP, sends a boot report, keeps a TCP session to a collector
 * (numbered samples resent until acknowledged, heartbeats, commands) and a
 * UDP beacon. Every decision that waits runs in a task.
 *
 * Each app module starts its own tasks and timers when it is loaded: code
 * that runs once at the top level of a module is freed afterwards, while a
 * start function would stay in the device's small Lua heap.
 */
import "./app/clock-sync"; // the clock task and the boot report
import "./app/telemetry"; // sampling, heartbeats and the collector session
import "./app/beacon"; // the UDP beacon

PROJECT = "telemetry-node";
VERSION = "1.0.0";

log.info("main", PROJECT, VERSION, rtos.firmware());
sys.run();
