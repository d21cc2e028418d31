/**
 * src/app/protocol.ts on native Lua 5.3: the line protocol's encoders and
 * the collector-command parser, which must never throw.
 */
import { heartbeatLine, helloLine, parseCommand, sampleLine } from "../../src/app/protocol";

/** parseCommand's two results as a list, to compare with assert.are.same. */
function parsed(line: string): unknown[] {
    return [...parseCommand(line)];
}

describe("protocol", () => {
    describe("encoding", () => {
        it("encodes HELLO with id, version and boot time", () => {
            assert.are.equal("HELLO node-1 1.0.0 1700000000\n", helloLine("node-1", "1.0.0", 1_700_000_000));
        });

        it("encodes a sample with two decimals", () => {
            assert.are.equal("S 3 100 20.46\n", sampleLine(3, 100, 20.456));
            assert.are.equal("S 1 0 20.00\n", sampleLine(1, 0, 20));
            assert.are.equal("S 7 5 -3.50\n", sampleLine(7, 5, -3.5));
        });

        it("prints integer fields without a decimal point", () => {
            assert.are.equal("HB 12\n", heartbeatLine(12));
            assert.are.equal("S 2 9 1.00\n", sampleLine(2, 9, 1));
        });
    });

    describe("parsing", () => {
        it("parses ACK with a sequence number as an integer", () => {
            const [kind, seq] = parseCommand("ACK 12");
            assert.are.same(["ack", 12], [kind, seq]);
            assert.are.equal("integer", math.type(seq as number));
            assert.are.same(["ack", 0], parsed("ACK 0"));
            assert.are.same(["ack", 1], parsed("ACK 000000001"));
            assert.are.same(["ack", 999_999_999], parsed("ACK 999999999"));
        });

        it("rejects ACK numbers of more than 9 digits (32-bit devices)", () => {
            assert.are.same(["invalid", "ACK 1234567890"], parsed("ACK 1234567890"));
            assert.are.equal("invalid", parsed("ACK " + string.rep("9", 40))[0]);
        });

        it("rejects malformed ACKs", () => {
            for (const line of ["ACK", "ACK ", "ACK -1", "ACK 1.5", "ACK 1e3", "ACK 0x10", "ACK 12 ", "ACK  12", "ACK 12x", "ack 12", " ACK 12"]) {
                assert.are.same(["invalid", line], parsed(line), line);
            }
        });

        it("parses HB and TIME only without arguments", () => {
            assert.are.same(["hb"], parsed("HB"));
            assert.are.same(["time"], parsed("TIME"));
            assert.are.equal("invalid", parsed("HB 1")[0]);
            assert.are.equal("invalid", parsed("TIME now")[0]);
            assert.are.equal("invalid", parsed("HB  ")[0]);
        });

        it("tolerates the one separator space after a bare verb", () => {
            // "^(%u+) ?(.*)$": the space is optional, so "HB " has an empty argument like "HB".
            assert.are.same(["hb"], parsed("HB "));
            assert.are.same(["time"], parsed("TIME "));
        });

        it("parses PING with a printable token of at most 32 bytes", () => {
            assert.are.same(["ping", "abc-1_2.x"], parsed("PING abc-1_2.x"));
            const longest = string.rep("t", 32);
            assert.are.same(["ping", longest], parsed("PING " + longest));
            assert.are.equal("invalid", parsed("PING " + longest + "t")[0]);
            assert.are.equal("invalid", parsed("PING")[0]);
            assert.are.equal("invalid", parsed("PING a b")[0]);
            assert.are.equal("invalid", parsed("PING a/b")[0]);
            assert.are.equal("invalid", parsed("PING \0")[0]);
        });

        it("calls unknown verbs and empty lines invalid, keeping the line", () => {
            assert.are.same(["invalid", ""], parsed(""));
            assert.are.same(["invalid", "HELLO x"], parsed("HELLO x"));
            assert.are.same(["invalid", "123"], parsed("123"));
        });

        it("never throws on binary garbage", () => {
            math.randomseed(42);
            const kinds: Record<string, boolean> = { ack: true, hb: true, ping: true, time: true, invalid: true };
            for (let n = 0; n < 500; n++) {
                const bytes: number[] = [];
                const length = math.random(0, 64);
                for (let i = 0; i < length; i++) bytes.push(math.random(0, 255));
                const line = n % 2 === 0 ? string.char(...bytes) : "ACK " + string.char(...bytes);
                const [ok, kind] = pcall(parseCommand, line);
                assert.is_true(ok, "parseCommand raised on input " + n);
                assert.is_true(kinds[kind as string] === true);
            }
        });

        it("never throws on every single byte and on long lines", () => {
            for (let b = 0; b <= 255; b++) {
                assert.has_no_error(() => parseCommand(string.char(b)));
                assert.has_no_error(() => parseCommand("ACK " + string.char(b)));
            }
            assert.are.equal("invalid", parsed(string.rep("A", 10_000))[0]);
        });
    });
});
