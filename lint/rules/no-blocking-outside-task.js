/**
 * ESLint rule: sys.wait, sys.waitUntil, sys.waitUntilExt (and functions
 * that call them) used where no task runs — module top level, socket,
 * sys.subscribe and timer callbacks, async functions, generators. The same
 * analysis as the build's check (compiler/blocking-calls.ts); needs type
 * information. See docs/blocking-calls.md.
 */
import { findingsForFile } from "./program-findings.js";

/** @type {import("eslint").Rule.RuleModule} */
export const noBlockingOutsideTask = {
    meta: {
        type: "problem",
        docs: {
            description: "Disallow sys.wait, sys.waitUntil and sys.waitUntilExt where no task is running (top level, socket/subscribe/timer callbacks, async functions)",
        },
        schema: [],
        messages: { blocking: "{{message}}" },
    },
    create(context) {
        return {
            Program() {
                for (const finding of findingsForFile(context, "error")) {
                    context.report({ loc: finding.loc, messageId: "blocking", data: { message: finding.message } });
                }
            },
        };
    },
};

export default noBlockingOutsideTask;
