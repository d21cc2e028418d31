/**
 * The `wifi` section of a scenario file: the access points in range at boot
 * and changes at given device times, applied to a device's
 * {@link VirtualPeripherals}. A firmware that joins with `wlan.connect` sees
 * its association, and with it the network, follow them
 * (docs/simulated-modules.md).
 *
 * ```json
 * "wifi": {
 *   "accessPoints": [{ "ssid": "office", "password": "secret", "rssi": -60 }],
 *   "events": [
 *     { "at": "10m", "remove": "office" },
 *     { "at": "12m", "add": { "ssid": "office", "password": "secret" } }
 *   ]
 * }
 * ```
 */
import type { DeviceClock } from "./clock.js";
import type { AccessPoint, VirtualPeripherals } from "./peripherals.js";

/** One change of the access points in range at a device time. */
export type WifiEvent = { atMs: number; add: AccessPoint } | { atMs: number; remove: string };

/** A validated `wifi` section. */
export interface WifiScenario {
    accessPoints: AccessPoint[];
    events: WifiEvent[];
}

type Fail = (where: string, message: string) => never;

const ACCESS_POINT_KEYS = ["ssid", "password", "rssi", "channel"];

function record(value: unknown, where: string, fail: Fail): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) fail(where, "must be an object");
    return value as Record<string, unknown>;
}

function keys(value: Record<string, unknown>, allowed: string[], where: string, fail: Fail): void {
    for (const key of Object.keys(value)) {
        if (!key.startsWith("//") && !allowed.includes(key)) fail(where, `unknown option "${key}" (expected ${allowed.map(k => `"${k}"`).join(", ")})`);
    }
}

function accessPoint(entry: unknown, where: string, fail: Fail): AccessPoint {
    const value = record(entry, where, fail);
    keys(value, ACCESS_POINT_KEYS, where, fail);
    if (typeof value.ssid !== "string" || value.ssid === "" || value.ssid.length > 32) fail(`${where}.ssid`, "must be a name of 1 to 32 characters");
    const password = value.password ?? "";
    if (typeof password !== "string") fail(`${where}.password`, 'must be a string ("" for an open network)');
    const point: AccessPoint = { ssid: value.ssid as string, password: password as string };
    if (value.rssi !== undefined) {
        if (!Number.isInteger(value.rssi) || (value.rssi as number) > 0 || (value.rssi as number) < -120) fail(`${where}.rssi`, "must be a whole number of dBm from -120 to 0");
        point.rssi = value.rssi as number;
    }
    if (value.channel !== undefined) {
        if (!Number.isInteger(value.channel) || (value.channel as number) < 1 || (value.channel as number) > 14) fail(`${where}.channel`, "must be a channel from 1 to 14");
        point.channel = value.channel as number;
    }
    return point;
}

/**
 * Validates a scenario's `wifi` section. `duration` reads times as the rest
 * of the scenario does ("10s", "5m", or ms); `fail` throws the scenario's
 * UserError naming the field.
 */
export function parseWifiScenario(data: unknown, duration: (value: unknown, where: string) => number, fail: Fail): WifiScenario {
    const value = record(data, "wifi", fail);
    keys(value, ["accessPoints", "events"], "wifi", fail);
    const scenario: WifiScenario = { accessPoints: [], events: [] };
    if (value.accessPoints !== undefined) {
        if (!Array.isArray(value.accessPoints)) fail("wifi.accessPoints", "must be a list");
        (value.accessPoints as unknown[]).forEach((entry, i) => scenario.accessPoints.push(accessPoint(entry, `wifi.accessPoints[${i}]`, fail)));
    }
    if (value.events !== undefined) {
        if (!Array.isArray(value.events)) fail("wifi.events", "must be a list");
        (value.events as unknown[]).forEach((entry, i) => {
            const where = `wifi.events[${i}]`;
            const event = record(entry, where, fail);
            keys(event, ["at", "add", "remove"], where, fail);
            if (event.at === undefined) fail(`${where}.at`, 'is required (a device time like "10m")');
            const atMs = duration(event.at, `${where}.at`);
            if ((event.add === undefined) === (event.remove === undefined)) fail(where, 'give "add" (an access point) or "remove" (an SSID)');
            if (event.add !== undefined) scenario.events.push({ atMs, add: accessPoint(event.add, `${where}.add`, fail) });
            else {
                if (typeof event.remove !== "string" || event.remove === "") fail(`${where}.remove`, "must be an SSID");
                scenario.events.push({ atMs, remove: event.remove as string });
            }
        });
    }
    return scenario;
}

/** Puts the access points in range and schedules the changes on the device's clock. */
export function applyWifiScenario(wifi: WifiScenario, peripherals: VirtualPeripherals, clock: DeviceClock): void {
    for (const point of wifi.accessPoints) peripherals.wifi.add(point);
    for (const event of wifi.events) {
        clock.at(event.atMs, () => {
            if ("add" in event) peripherals.wifi.add(event.add);
            else peripherals.wifi.remove(event.remove);
        });
    }
}
