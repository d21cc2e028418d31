/** Randomized fault schedules, part 4 of 4 (one device hour per seed; see random-schedule.ts to replay a seed). */
import { describe } from "vitest";
import { randomScheduleTests } from "./random-schedule.js";

describe("reference firmware under seeded random fault schedules (part 4/4)", () => {
    randomScheduleTests(4);
});
