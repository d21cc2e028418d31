/**
 * Settings of the reference firmware runs on the real runtimes, shared by
 * the soak scripts and test/real-firmware/.
 */
import type { FirmwareVariant } from "../firmware/firmware-build.js";

/**
 * The Lua heap luatos2021 runs the reference firmware with: the Air640W's
 * 64 KB pool (luatos2021's default). The firmware loads there because its
 * image carries stripped 32-bit bytecode (docs/heap.md); as source it would
 * need about 72 KB.
 */
export const LUATOS2021_LUA_HEAP = 65_536;

/**
 * What the heap guard keeps free below the pool for saving the queue
 * before a planned reboot (docs/leak.md: 65,536 − 61,440).
 */
export const SAVE_RESERVE_BYTES = 4096;

/**
 * The firmware variant for a Lua heap of `heap` bytes: the guard's byte
 * limit moves with the pool, keeping {@link SAVE_RESERVE_BYTES} free.
 * At 65,536 this is the firmware's own setting (60 KB).
 */
export function luatos2021Variant(heap: number, settings: FirmwareVariant = {}): FirmwareVariant {
    return { HEAP_GUARD_BYTES: heap - SAVE_RESERVE_BYTES, ...settings };
}

/**
 * Settings that compress the firmware's periods for a run of a few minutes
 * of real time: a sample a second, heartbeats every 3 s, a beacon every
 * third heartbeat, short backoff. Every other behaviour is the firmware's.
 */
export const COMPRESSED_PERIODS: FirmwareVariant = {
    SAMPLE_PERIOD_MS: 1000,
    HEARTBEAT_MS: 3000,
    SILENCE_LIMIT_MS: 7500,
    BEACON_EVERY_HEARTBEATS: 3,
    CONNECT_TIMEOUT_MS: 3000,
    BACKOFF_BASE_MS: 500,
    BACKOFF_CAP_MS: 4000,
    NTP_TIMEOUT_MS: 1000,
};

/**
 * The Lua heap of luatos-pc as `rtos.meminfo()` reports it (4 MiB less its
 * header). Today's firmware frees netclient-compat's objects, so there the
 * heap guard's byte limit only guards against a real shortage.
 */
export const LUATOS_PC_LUA_HEAP = 4_194_288;

/** The firmware variant for luatos-pc: the collector's host as an address (luatos-pc resolves names through the host's DNS only), the guard scaled to its heap. */
export function luatosPcVariant(collectorAddress: string, settings: FirmwareVariant = {}): FirmwareVariant {
    return { COLLECTOR_HOST: collectorAddress, HEAP_GUARD_BYTES: LUATOS_PC_LUA_HEAP - SAVE_RESERVE_BYTES, ...settings };
}
