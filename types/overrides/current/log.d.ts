/**
 * `log` of the current generation (`luat/modules/luat_lib_log.c`): the
 * values after the tag are optional (the C functions log whatever number
 * of arguments they get, `log.info("done")` logs the tag alone), which the
 * annotations' required `val` does not say.
 */
declare namespace log {
    /**
     * 输出日志,级别debug — Log the tag and the values at debug level.
     * Source: `luat_lib_log.c:166`.
     */
    function debug(this: void, tag: string, ...values: any[]): void;
    /**
     * 输出日志,级别info — Log the tag and the values at info level.
     * Source: `luat_lib_log.c:181`.
     * @example log.info("onenet", "connect ok") // I/user.onenet connect ok
     */
    function info(this: void, tag: string, ...values: any[]): void;
    /**
     * 输出日志,级别warn — Log the tag and the values at warn level.
     * Source: `luat_lib_log.c:196`.
     */
    function warn(this: void, tag: string, ...values: any[]): void;
    /**
     * 输出日志,级别error — Log the tag and the values at error level.
     * Source: `luat_lib_log.c:211`.
     */
    function error(this: void, tag: string, ...values: any[]): void;
    /**
     * Alias of `log.error` (same C function `l_log_error`).
     * Source: `luat_lib_log.c:211`.
     */
    function fatal(this: void, tag: string, ...values: any[]): void;
}
