import { isDottedQuad } from "./address.js";
import { UserError } from "../../common/user-error.js";

/**
 * The virtual network's name table: host name -> IPv4 address. Names are
 * case-insensitive, as in DNS; dotted quads resolve to themselves. Failures
 * for a period are faults (see faults.ts), not entries here.
 */
export class DnsTable {
    private readonly entries = new Map<string, string>();
    private nextAuto = 0;

    /** Map `name` to `ip` (replacing an earlier entry). */
    set(name: string, ip: string): void {
        if (!isDottedQuad(ip)) throw new RangeError(`DNS entry for ${name}: ${JSON.stringify(ip)} is not an IPv4 address`);
        if (name === "" || isDottedQuad(name)) throw new RangeError(`DNS entry name ${JSON.stringify(name)} must be a host name`);
        this.entries.set(name.toLowerCase(), ip);
    }

    /** Remove `name`; later lookups fail. */
    delete(name: string): void {
        this.entries.delete(name.toLowerCase());
    }

    /** The address of `host` (a dotted quad passes through), or undefined. */
    lookup(host: string): string | undefined {
        if (isDottedQuad(host)) return host;
        return this.entries.get(host.toLowerCase());
    }

    /**
     * The address of `name`, giving it the next free 10.0.0.x address when
     * it has none (so a server can listen on a name without a DNS entry).
     */
    ensure(name: string): string {
        const known = this.lookup(name);
        if (known !== undefined) return known;
        const used = new Set(this.entries.values());
        let ip: string;
        do {
            ip = `10.0.${Math.floor(this.nextAuto / 254)}.${(this.nextAuto % 254) + 1}`;
            this.nextAuto++;
        } while (used.has(ip));
        this.set(name, ip);
        return ip;
    }

    /** All entries, name -> address. */
    toRecord(): Record<string, string> {
        return Object.fromEntries(this.entries);
    }
}

/**
 * `NAME=IP` overrides (the CLI's `--dns`) as a record; a malformed entry
 * throws UserError naming it.
 */
export function parseDnsOverrides(entries: readonly string[]): Record<string, string> {
    const table: Record<string, string> = {};
    for (const entry of entries) {
        const eq = entry.indexOf("=");
        const name = eq > 0 ? entry.slice(0, eq).trim() : "";
        const ip = eq > 0 ? entry.slice(eq + 1).trim() : "";
        if (name === "" || isDottedQuad(name)) throw new UserError(`--dns ${entry}: expected NAME=IP with a host name, e.g. --dns example.com=127.0.0.1`);
        if (!isDottedQuad(ip)) throw new UserError(`--dns ${entry}: ${JSON.stringify(ip)} is not an IPv4 address`);
        table[name.toLowerCase()] = ip;
    }
    return table;
}
