/**
 * The reference firmware: a telemetry node. It waits for the network, syncs
 * the clock over NTP, keeps a TCP session to a collector (a boot report on
 * its first connection, numbered samples resent until acknowledged,
 * heartbeats, commands, a rare UDP beacon). Every netclient object it
 * starts stays in the heap until reboot: the heap guard (openLink's start budget, lib/connection.ts)
 * plans a reboot, queue saved, before the heap runs out (docs/leak.md). Every decision that waits runs in a task.
 *
 * Each app module starts its own tasks and timers when it is loaded: code
 * that runs once at the top level of a module is freed afterwards, while a
 * start function would stay in the device's small Lua heap.
 */
import "./app/clock-sync"; // the clock task
import "./app/telemetry"; // sampling, heartbeats, the collector session and the beacon
import "./app/string-table"; // last: grows the string table once the firmware's names are in it

PROJECT = "telemetry-node";
VERSION = "1.0.0";

log.info("main", PROJECT, VERSION, rtos.firmware());
sys.run();
