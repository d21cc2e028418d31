/**
 * `log`: the firmware's log library (C).
 *
 * Each call prints one line: `"<L>/user.<tag>"` followed by the values, joined
 * by a tab, where `<L>` is `D`, `I`, `W` or `E`.
 *
 * 日志库
 */
declare namespace log {
    /** A level name accepted by {@link log.setLevel}. */
    type LevelName = "SILENT" | "DEBUG" | "INFO" | "WARN" | "ERROR";
    /**
     * A numeric log level: DEBUG 1, INFO 2, WARN 3, ERROR 4, SILENT 7
     * (`LUAT_LOG_CLOSE`). `setLevel(0)` also silences everything: the C code
     * turns 0 into 7, so `getLevel()` then reads 7.
     */
    type Level = 0 | 1 | 2 | 3 | 4 | 7;

    /** Level constant: log nothing. It is 7 on the firmware (the document's table says 0). */
    const LOG_SILENT: 7;
    /** Level constant: debug and above. */
    const LOG_DEBUG: 1;
    /** Level constant: info and above. */
    const LOG_INFO: 2;
    /** Level constant: warnings and errors. */
    const LOG_WARN: 3;
    /** Level constant: errors only. */
    const LOG_ERROR: 4;

    /**
     * 设置日志级别 — Set the log level. Lines below it are not printed.
     *
     * The document also lists `"FATAL"` (5); the 2021 firmware has no such
     * level, so it is not accepted here. The C code (luat_lib_log.c) compares
     * the name with exactly `SILENT DEBUG INFO WARN ERROR`: any other string,
     * `"FATAL"` or `"info"` included, silences all logs (level 7).
     * @param level a level name (`"INFO"`) or a `log.LOG_*` constant.
     * @example log.setLevel("INFO")
     */
    function setLevel(this: void, level: LevelName | Level): void;

    /**
     * 获取日志级别 — Get the current log level as a number (`log.LOG_*`).
     */
    function getLevel(this: void): Exclude<Level, 0>;

    /**
     * 输出日志,级别debug — Log at debug level: `D/user.<tag>\t<values...>`.
     *
     * With only a tag it prints the prefix alone. Earlier notes on the firmware said
     * fewer than two arguments print nothing, but the C check counts the
     * level letter it inserts, so only a call without a tag prints nothing;
     * the tag is therefore required.
     * @param tag 日志标识,必须是字符串 — the log tag; must be a string.
     * @param values 需打印的参数 — what to print; numbers, booleans and nil are
     *   printed with `tostring`, joined by tabs.
     * @example log.debug("onenet", "connect ok") // D/user.onenet	connect ok
     */
    function debug(this: void, tag: string, ...values: unknown[]): void;

    /**
     * 输出日志,级别info — Log at info level: `I/user.<tag>\t<values...>`.
     *
     * With only a tag it prints the prefix alone. Earlier notes on the firmware said
     * fewer than two arguments print nothing, but the C check counts the
     * level letter it inserts, so only a call without a tag prints nothing;
     * the tag is therefore required.
     * @param tag 日志标识,必须是字符串 — the log tag; must be a string.
     * @param values 需打印的参数 — what to print, joined by tabs.
     * @example log.info("onenet", "connect ok") // I/user.onenet	connect ok
     */
    function info(this: void, tag: string, ...values: unknown[]): void;

    /**
     * 输出日志,级别warn — Log at warn level: `W/user.<tag>\t<values...>`.
     *
     * With only a tag it prints the prefix alone. Earlier notes on the firmware said
     * fewer than two arguments print nothing, but the C check counts the
     * level letter it inserts, so only a call without a tag prints nothing;
     * the tag is therefore required.
     * @param tag 日志标识,必须是字符串 — the log tag; must be a string.
     * @param values 需打印的参数 — what to print, joined by tabs.
     * @example log.warn("onenet", "connect ok") // W/user.onenet	connect ok
     */
    function warn(this: void, tag: string, ...values: unknown[]): void;

    /**
     * 输出日志,级别error — Log at error level: `E/user.<tag>\t<values...>`.
     *
     * With only a tag it prints the prefix alone. Earlier notes on the firmware said
     * fewer than two arguments print nothing, but the C check counts the
     * level letter it inserts, so only a call without a tag prints nothing;
     * the tag is therefore required.
     * @param tag 日志标识,必须是字符串 — the log tag; must be a string.
     * @param values 需打印的参数 — what to print, joined by tabs.
     * @example log.error("onenet", "connect ok") // E/user.onenet	connect ok
     */
    function error(this: void, tag: string, ...values: unknown[]): void;
    /**
     * Log at error level, like {@link log.error}: the firmware has no fatal
     * level and maps `fatal` to the error function (luat_lib_log.c).
     * @param tag the log tag; must be a string.
     * @param values what to print, joined by tabs.
     */
    function fatal(this: void, tag: string, ...values: unknown[]): void;
    /**
     * The function every level uses: prints `"<level>/user.<tag>"` and the
     * values through the global `print`. Fewer than two arguments print
     * nothing; a level or tag that is not a string or number prints as
     * `(null)` (a NULL `%s` of the C formatter).
     * @param level the prefix letter, e.g. `"I"`.
     * @param tag the log tag.
     * @param values what to print, joined by tabs.
     * @example log._log("I", "app", 1) // I/user.app	1
     */
    function _log(this: void, level: string, tag: string, ...values: unknown[]): void;
}
