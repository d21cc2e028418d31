/** Addresses in the virtual network. */

/** An IPv4 address and a port. */
export interface Endpoint {
    readonly ip: string;
    readonly port: number;
}

/** Whether `text` is a dotted-quad IPv4 address ("10.0.0.1"). */
export function isDottedQuad(text: string): boolean {
    const parts = text.split(".");
    if (parts.length !== 4) return false;
    return parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

/** Whether `port` is a TCP/UDP port number (1..65535). */
export function isPort(port: number): boolean {
    return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** "ip:port". */
export function formatEndpoint(endpoint: Endpoint): string {
    return `${endpoint.ip}:${endpoint.port}`;
}
