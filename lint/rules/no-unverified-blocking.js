/**
 * ESLint rule: a function that blocks (calls sys.wait and friends, maybe
 * through helpers) used as a value where its caller cannot be known —
 * passed to another function, stored in a table, returned — so whether it
 * runs inside a task cannot be verified. Meant as a warning. Same analysis
 * as the build's check; needs type information. See docs/blocking-calls.md.
 */
import { findingsForFile } from "./program-findings.js";

/** @type {import("eslint").Rule.RuleModule} */
export const noUnverifiedBlocking = {
    meta: {
        type: "suggestion",
        docs: {
            description: "Report blocking functions used as values where the analysis cannot tell whether they run inside a task",
        },
        schema: [],
        messages: { unverified: "{{message}}" },
    },
    create(context) {
        return {
            Program() {
                for (const finding of findingsForFile(context, "warning")) {
                    context.report({ loc: finding.loc, messageId: "unverified", data: { message: finding.message } });
                }
            },
        };
    },
};

export default noUnverifiedBlocking;
