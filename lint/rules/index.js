/**
 * The luatos-ts ESLint plugin: rules for firmware code. Register it as
 * `plugins: { "luatos-ts": plugin }`; the rules need the typescript-eslint
 * parser with type information (parserOptions.projectService).
 *
 * - `luatos-ts/no-blocking-outside-task` (use as "error"): waiting calls
 *   where no task runs.
 * - `luatos-ts/no-unverified-blocking` (use as "warn"): blocking functions
 *   passed around where the analysis cannot follow them.
 *
 * `configs.recommended` is a flat-config fragment enabling both for
 * firmware sources; it sets no parser.
 */
import { noBlockingOutsideTask } from "./no-blocking-outside-task.js";
import { noUnverifiedBlocking } from "./no-unverified-blocking.js";

/** The plugin object. */
const plugin = {
    meta: { name: "luatos-ts", version: "0.1.0" },
    rules: {
        "no-blocking-outside-task": noBlockingOutsideTask,
        "no-unverified-blocking": noUnverifiedBlocking,
    },
    configs: {},
};

plugin.configs.recommended = {
    plugins: { "luatos-ts": plugin },
    rules: {
        "luatos-ts/no-blocking-outside-task": "error",
        "luatos-ts/no-unverified-blocking": "warn",
    },
};

export default plugin;
export { plugin };
