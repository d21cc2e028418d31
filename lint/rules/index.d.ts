import type { ESLint, Linter, Rule } from "eslint";

/** The luatos-ts ESLint plugin (see index.js). */
declare const plugin: ESLint.Plugin & {
    rules: {
        "no-blocking-outside-task": Rule.RuleModule;
        "no-unverified-blocking": Rule.RuleModule;
    };
    configs: { recommended: Linter.Config };
};
export default plugin;
export { plugin };
