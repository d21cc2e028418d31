/**
 * `airlink` members the sources register without annotations: the
 * step-by-step firmware upgrade of the slave chip
 * (`components/airlink/binding/luat_lib_airlink_fota.c`). Each sends one
 * command with no payload to the slave. {@link airlink.sfota} does the whole
 * upgrade from a file; these are for feeding it yourself with
 * `airlink.sfota_write`.
 */
declare namespace airlink {
    /**
     * Start a slave firmware upgrade (command 0x04 to the slave), before the
     * first `airlink.sfota_write`. Takes no argument.
     * Source: `luat_lib_airlink_fota.c:30` (registered at `luat_lib_airlink.c:615`).
     * @returns `true` once the command is sent; nothing when it could not be allocated.
     */
    function sfota_init(this: void): true | undefined;

    /**
     * Tell the slave every block has been written (command 0x06). Takes no argument.
     * Source: `luat_lib_airlink_fota.c:35` (registered at `luat_lib_airlink.c:616`).
     * @returns `true` once the command is sent; nothing when it could not be allocated.
     */
    function sfota_done(this: void): true | undefined;

    /**
     * End the upgrade session on the slave (command 0x07). Takes no argument.
     * Source: `luat_lib_airlink_fota.c:40` (registered at `luat_lib_airlink.c:617`).
     * @returns `true` once the command is sent; nothing when it could not be allocated.
     */
    function sfota_end(this: void): true | undefined;
}
