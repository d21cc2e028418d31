/**
 * The collector's line protocol. One line per message, "\n" terminated,
 * fields separated by single spaces.
 *
 * device -> collector
 *   HELLO <device-id> <version> <boot>   after connecting
 *   BOOT <device-id> <firmware> <why>    after the first HELLO of a device boot (the
 *                                        boot report); why: "planned" (a heap guard
 *                                        reboot) or "start"; built where it is sent
 *   S <seq> <time> <value>               a sample (seq counts from 1 per boot)
 *   HB <n>                               heartbeat
 *   PONG <token>                         answer to PING
 *   TIME <epoch-seconds>                 answer to TIME
 *
 * collector -> device
 *   ACK <seq>                            every sample up to seq arrived
 *   HB                                   heartbeat answer
 *   PING <token>                         asks for PONG
 *   TIME                                 asks for the device time
 */
export function helloLine(deviceId: string, version: string, boot: number): string {
    return "HELLO " + deviceId + " " + version + " " + boot + "\n";
}

export function sampleLine(seq: number, time: number, value: number): string {
    return "S " + seq + " " + time + " " + string.format("%.2f", value) + "\n";
}

export function heartbeatLine(n: number): string {
    return "HB " + n + "\n";
}

/**
 * A message from the collector as its kind and argument, or "invalid" and
 * the line. Two return values rather than a table: nothing is allocated per
 * received line. Destructure it with `const [kind, arg] = parseCommand(line)`;
 * TypeScript narrows `arg` by `kind`.
 */
export type Command = LuaMultiReturn<
    | [kind: "ack", seq: number]
    | [kind: "hb"]
    | [kind: "ping", token: string]
    | [kind: "time"]
    | [kind: "invalid", line: string]
>;

/** Tokens are short and printable; anything else is rejected. */
const TOKEN = "^[%w%-_%.]+$";

/** Parses one line from the collector. Never throws: malformed input is "invalid". */
export function parseCommand(line: string): Command {
    const [verb, rest] = string.match(line, "^(%u+) ?(.*)$");
    if (verb === "ACK") {
        // At most 9 digits: sequence numbers stay within 32-bit integers (Air640W).
        const digits = rest !== undefined && rest.length <= 9 ? string.match(rest, "^%d+$")[0] : undefined;
        const seq = digits !== undefined ? math.tointeger(tonumber(digits) ?? -1) : undefined;
        if (seq !== undefined && seq >= 0) return $multi("ack", seq);
    } else if (verb === "HB" && rest === "") {
        return $multi("hb");
    } else if (verb === "PING" && rest !== undefined && rest.length <= 32 && string.match(rest, TOKEN)[0] !== undefined) {
        return $multi("ping", rest);
    } else if (verb === "TIME" && rest === "") {
        return $multi("time");
    }
    return $multi("invalid", line);
}
