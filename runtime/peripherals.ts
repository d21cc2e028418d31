/**
 * Virtual hardware around a simulated device: the Wi-Fi access points in
 * range, GPIO pin levels, bytes on the UARTs and 1-Wire temperature
 * sensors, PWM outputs. By default nothing is connected: no access point,
 * pins read low, UARTs receive nothing, `sensor.ds18b20` finds no sensor. Tests
 * drive it through `device.peripherals`; the emulated C modules
 * (wlan, gpio, uart, sensor) read it and report changes to the firmware
 * through the message bus, as the C interrupt handlers do.
 */
import type { DeviceClock } from "./clock.js";

/** A Wi-Fi access point in range of the device. */
export interface AccessPoint {
    ssid: string;
    /** WPA passphrase; "" for an open network. */
    password: string;
    /** Signal strength in dBm (`wlan.rssi()`), default -50. */
    rssi?: number;
    channel?: number;
}

/** A PWM output the firmware started (`pwm.open`). */
export interface PwmOutput {
    frequencyHz: number;
    /** Duty cycle, 0..100. */
    dutyPercent: number;
}

/** What a C module listens to: the peripherals tell it when the host changes something. */
export interface PeripheralListener {
    /** A pin's input level changed (host side). */
    pinChanged?(pin: number, level: 0 | 1): void;
    /** Bytes arrived on a UART (host side). */
    uartReceived?(id: number, bytes: Uint8Array): void;
    /** The associated access point went away (out of range or removed). */
    accessPointLost?(ssid: string): void;
}

/** The Wi-Fi side: access points in range and how long association takes. */
export class WifiAccessPoints {
    private readonly points = new Map<string, AccessPoint>();
    /** Device ms from `wlan.connect` to WLAN_STA_CONNECTED (association). */
    associationMs = 800;
    /** Device ms from association to WLAN_READY / NET_READY (DHCP). */
    dhcpMs = 400;
    /** The station MAC address, 12 uppercase hex digits. */
    mac = "0CCF89A1B2C3";

    constructor(private readonly notify: (fn: (l: PeripheralListener) => void) => void) {}

    /** Puts an access point in range (replaces one of the same SSID). */
    add(point: AccessPoint): void {
        this.points.set(point.ssid, { rssi: -50, channel: 6, ...point });
    }

    /** Takes an access point out of range; a device associated with it is disconnected. */
    remove(ssid: string): void {
        if (this.points.delete(ssid)) this.notify(l => l.accessPointLost?.(ssid));
    }

    /** The access point of that SSID, if in range. */
    find(ssid: string): AccessPoint | undefined {
        return this.points.get(ssid);
    }

    /** Every access point in range. */
    list(): AccessPoint[] {
        return [...this.points.values()];
    }
}

/** Virtual hardware of one device (see the module comment). */
export class VirtualPeripherals {
    private readonly listeners = new Set<PeripheralListener>();
    private readonly inputs = new Map<number, 0 | 1>();
    private readonly outputs = new Map<number, 0 | 1>();
    private readonly uartIn = new Map<number, number[]>();
    private readonly uartOut = new Map<number, number[]>();
    private readonly temperatures = new Map<number, number>();
    private readonly pwms = new Map<number, PwmOutput>();
    /** Access points in range. */
    readonly wifi = new WifiAccessPoints(fn => this.each(fn));

    private each(fn: (l: PeripheralListener) => void): void {
        for (const listener of [...this.listeners]) fn(listener);
    }

    /** For the C modules of a booted VM; returns the function that detaches it. */
    listen(listener: PeripheralListener): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /** Drives an input pin (what a button or sensor line does); interrupts follow on an IRQ pin. */
    setPin(pin: number, level: 0 | 1): void {
        if (this.pinInput(pin) === level) return;
        this.inputs.set(pin, level);
        this.each(l => l.pinChanged?.(pin, level));
    }

    /** The level the outside world puts on a pin (0 when nothing is connected). */
    pinInput(pin: number): 0 | 1 {
        return this.inputs.get(pin) ?? 0;
    }

    /** The level the firmware last drove on an output pin, or undefined if never driven. */
    pinOutput(pin: number): 0 | 1 | undefined {
        return this.outputs.get(pin);
    }

    /** Records a level the firmware drives (gpio.set or the setup function). */
    drivePin(pin: number, level: 0 | 1): void {
        this.outputs.set(pin, level);
    }

    /** Queues bytes for the firmware to read from UART `id`. */
    uartSend(id: number, data: string | Uint8Array): void {
        const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
        const queue = this.uartIn.get(id) ?? [];
        queue.push(...bytes);
        this.uartIn.set(id, queue);
        this.each(l => l.uartReceived?.(id, bytes));
    }

    /** Takes up to `max` queued bytes of UART `id` (the firmware's uart.read). */
    uartTake(id: number, max: number): Uint8Array {
        const queue = this.uartIn.get(id) ?? [];
        return Uint8Array.from(queue.splice(0, Math.max(0, max)));
    }

    /** Bytes queued for UART `id` not read yet. */
    uartPending(id: number): number {
        return this.uartIn.get(id)?.length ?? 0;
    }

    /** Records bytes the firmware wrote to UART `id`. */
    uartRecord(id: number, bytes: Uint8Array): void {
        const out = this.uartOut.get(id) ?? [];
        out.push(...bytes);
        this.uartOut.set(id, out);
    }

    /** Everything the firmware wrote to UART `id` so far. */
    uartWritten(id: number): Uint8Array {
        return Uint8Array.from(this.uartOut.get(id) ?? []);
    }

    /** Records a PWM channel the firmware started, or stopped (undefined). */
    drivePwm(channel: number, output: PwmOutput | undefined): void {
        if (output === undefined) this.pwms.delete(channel);
        else this.pwms.set(channel, { ...output });
    }

    /** What PWM channel `channel` outputs, or undefined when it is stopped. */
    pwmOutput(channel: number): PwmOutput | undefined {
        const output = this.pwms.get(channel);
        return output === undefined ? undefined : { ...output };
    }

    /** Connects a DS18B20 on pin `pin` reading `celsius`; undefined disconnects it. */
    setTemperature(pin: number, celsius: number | undefined): void {
        if (celsius === undefined) this.temperatures.delete(pin);
        else this.temperatures.set(pin, celsius);
    }

    /** The DS18B20 reading on `pin`, if a sensor is connected. */
    temperature(pin: number): number | undefined {
        return this.temperatures.get(pin);
    }
}

// The emulated C modules reach a device's peripherals through its clock
// (one per device, and in every firmware context) so that firmware
// generations need no extra context field.
const byClock = new WeakMap<DeviceClock, VirtualPeripherals>();

/** Ties a device's peripherals to its clock (the device does this once). */
export function attachPeripherals(clock: DeviceClock, peripherals: VirtualPeripherals): void {
    byClock.set(clock, peripherals);
}

/** The peripherals of the device that owns `clock` (a fresh, unconnected set if none was attached). */
export function peripheralsOf(clock: DeviceClock): VirtualPeripherals {
    let found = byClock.get(clock);
    if (found === undefined) {
        found = new VirtualPeripherals();
        byClock.set(clock, found);
    }
    return found;
}
