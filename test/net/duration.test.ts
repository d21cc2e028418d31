import { describe, expect, it } from "vitest";
import { parseDurationMs } from "../../runtime/net/duration.js";

describe("parseDurationMs", () => {
    it.each([
        ["1500ms", 1500],
        ["10s", 10_000],
        ["5m", 300_000],
        ["24h", 86_400_000],
        ["1d", 86_400_000],
        ["1m30s", 90_000],
        ["1.5s", 1500],
        ["250", 250],
        [42, 42],
    ])("reads %j as %d ms", (text, ms) => {
        expect(parseDurationMs(text)).toBe(ms);
    });

    it.each(["", "5x", "m5", "10 s", "-1s", "1s2", true, null, -5, Number.NaN])("rejects %j", (text) => {
        expect(parseDurationMs(text)).toBeUndefined();
    });
});
