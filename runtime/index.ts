/**
 * The simulated LuatOS device, for tests and tools: boot a build folder,
 * run it on device time against a virtual or host network, read its log,
 * traffic and errors.
 */
export { SimulatedDevice, bootDevice, VM_EXIT_REBOOT_MS } from "./device.js";
export type { DeviceOptions, LineSource, LogLine, NetworkChoice, Publication, RunOptions, RunResult } from "./device.js";
export { parseDuration, formatDuration } from "./duration.js";
export { DeviceClock } from "./clock.js";
export { BOARDS, DEFAULT_BOARD, type BoardProfile } from "./board.js";
export { formatFirmwareError, type FirmwareError, type FirmwareErrorKind } from "./errors.js";
export type { Connection } from "./traffic.js";
export type { SocketRecord, FirmwareGeneration, FirmwareContext, BusMessage } from "./firmware/context.js";
export { netclient2021 } from "./firmware/netclient-2021/index.js";
export { validateBuildFolder, moduleFiles } from "./modules.js";
export { VirtualNetwork } from "./net/virtual-network.js";
export { HostNetwork } from "./net/host-network.js";
export type { Network, Scheduler, Stream, StreamHandlers, CloseReason } from "./net/network.js";
export { runFleet, type FleetOptions, type FleetResult, type DeviceSummary } from "./fleet.js";
export { VirtualPeripherals, WifiAccessPoints, type AccessPoint } from "./peripherals.js";
