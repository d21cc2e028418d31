/** The corpus's one tolerance on a loaded machine (harness.ts sameUpToInterleaving): only the merge of Lua's and C's lines may differ. */
import { describe, expect, it } from "vitest";
import { sameUpToInterleaving } from "./harness.js";

const FIRMWARE = ["D/socket connect to localhost,1", "I/posix_net dns result ip 127.0.0.1", "I/user.connect true false", "I/user.ev true ON_LINE 0"];

describe("sameUpToInterleaving", () => {
    it("accepts the same Lua lines and the same C lines merged in another order", () => {
        const simulator = ["D/socket connect to localhost,1", "I/user.connect true false", "I/posix_net dns result ip 127.0.0.1", "I/user.ev true ON_LINE 0"];
        expect(sameUpToInterleaving(FIRMWARE, simulator)).toBe(true);
    });

    it("refuses Lua lines in another order, a changed line, a missing or an extra line", () => {
        expect(sameUpToInterleaving(FIRMWARE, [FIRMWARE[0]!, FIRMWARE[1]!, FIRMWARE[3]!, FIRMWARE[2]!])).toBe(false);
        expect(sameUpToInterleaving(FIRMWARE, [FIRMWARE[1]!, FIRMWARE[0]!, FIRMWARE[2]!, FIRMWARE[3]!])).toBe(false);
        expect(sameUpToInterleaving(FIRMWARE, [...FIRMWARE.slice(0, 3), "I/user.ev true ON_LINE -1"])).toBe(false);
        expect(sameUpToInterleaving(FIRMWARE, FIRMWARE.slice(1))).toBe(false);
        expect(sameUpToInterleaving(FIRMWARE, [...FIRMWARE, "I/posix_net socket[0] closed"])).toBe(false);
    });
});
