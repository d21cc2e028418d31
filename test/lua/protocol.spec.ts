/**
 * src/app/protocol.ts on native Lua 5.3: the line protocol's encoders and
 * the collector-command parser, which must never throw.
 */
import { heartbeatLine, helloLine, parseCommand, sampleLine, type Command } from "../../src/app/protocol";

describe("protocol", () => {
    describe("encoding", () => {
        it("encodes HELLO with id, version and boot time", () => {
            assert.are.equal("HELLO node-1 1.0.0 1700000000\n", helloLine("node-1", "1.0.0", 1_700_000_000));
        });

        it("encodes a sample with two decimals", () => {
            assert.are.equal("S 3 100 20.46\n", sampleLine({ seq: 3, time: 100, value: 20.456 }));
            assert.are.equal("S 1 0 20.00\n", sampleLine({ seq: 1, time: 0, value: 20 }));
            assert.are.equal("S 7 5 -3.50\n", sampleLine({ seq: 7, time: 5, value: -3.5 }));
        });

        it("prints integer fields without a decimal point", () => {
            assert.are.equal("HB 12\n", heartbeatLine(12));
            assert.are.equal("S 2 9 1.00\n", sampleLine({ seq: 2, time: 9, value: 1 }));
        });
    });

    describe("parsing", () => {
        it("parses ACK with a sequence number as an integer", () => {
            const c = parseCommand("ACK 12");
            assert.are.same({ kind: "ack", seq: 12 }, c);
            assert.are.equal("integer", math.type((c as { seq: number }).seq));
            assert.are.same({ kind: "ack", seq: 0 }, parseCommand("ACK 0"));
            assert.are.same({ kind: "ack", seq: 1 }, parseCommand("ACK 000000001"));
            assert.are.same({ kind: "ack", seq: 999_999_999 }, parseCommand("ACK 999999999"));
        });

        it("rejects ACK numbers of more than 9 digits (32-bit devices)", () => {
            assert.are.same({ kind: "invalid", line: "ACK 1234567890" }, parseCommand("ACK 1234567890"));
            assert.are.equal("invalid", parseCommand("ACK " + string.rep("9", 40)).kind);
        });

        it("rejects malformed ACKs", () => {
            for (const line of ["ACK", "ACK ", "ACK -1", "ACK 1.5", "ACK 1e3", "ACK 0x10", "ACK 12 ", "ACK  12", "ACK 12x", "ack 12", " ACK 12"]) {
                assert.are.same({ kind: "invalid", line }, parseCommand(line), line);
            }
        });

        it("parses HB and TIME only without arguments", () => {
            assert.are.same({ kind: "hb" }, parseCommand("HB"));
            assert.are.same({ kind: "time" }, parseCommand("TIME"));
            assert.are.equal("invalid", parseCommand("HB 1").kind);
            assert.are.equal("invalid", parseCommand("TIME now").kind);
            assert.are.equal("invalid", parseCommand("HB  ").kind);
        });

        it("tolerates the one separator space after a bare verb", () => {
            // "^(%u+) ?(.*)$": the space is optional, so "HB " has an empty argument like "HB".
            assert.are.same({ kind: "hb" }, parseCommand("HB "));
            assert.are.same({ kind: "time" }, parseCommand("TIME "));
        });

        it("parses PING with a printable token of at most 32 bytes", () => {
            assert.are.same({ kind: "ping", token: "abc-1_2.x" }, parseCommand("PING abc-1_2.x"));
            const longest = string.rep("t", 32);
            assert.are.same({ kind: "ping", token: longest }, parseCommand("PING " + longest));
            assert.are.equal("invalid", parseCommand("PING " + longest + "t").kind);
            assert.are.equal("invalid", parseCommand("PING").kind);
            assert.are.equal("invalid", parseCommand("PING a b").kind);
            assert.are.equal("invalid", parseCommand("PING a/b").kind);
            assert.are.equal("invalid", parseCommand("PING \0").kind);
        });

        it("calls unknown verbs and empty lines invalid, keeping the line", () => {
            assert.are.same({ kind: "invalid", line: "" }, parseCommand(""));
            assert.are.same({ kind: "invalid", line: "HELLO x" }, parseCommand("HELLO x"));
            assert.are.same({ kind: "invalid", line: "123" }, parseCommand("123"));
        });

        it("never throws on binary garbage", () => {
            math.randomseed(42);
            const kinds: Record<string, boolean> = { ack: true, hb: true, ping: true, time: true, invalid: true };
            for (let n = 0; n < 500; n++) {
                const bytes: number[] = [];
                const length = math.random(0, 64);
                for (let i = 0; i < length; i++) bytes.push(math.random(0, 255));
                const line = n % 2 === 0 ? string.char(...bytes) : "ACK " + string.char(...bytes);
                const [ok, result] = pcall(parseCommand, line);
                assert.is_true(ok, "parseCommand raised on input " + n);
                assert.is_true(kinds[(result as Command).kind] === true);
            }
        });

        it("never throws on every single byte and on long lines", () => {
            for (let b = 0; b <= 255; b++) {
                assert.has_no_error(() => parseCommand(string.char(b)));
                assert.has_no_error(() => parseCommand("ACK " + string.char(b)));
            }
            assert.are.equal("invalid", parseCommand(string.rep("A", 10_000)).kind);
        });
    });
});
