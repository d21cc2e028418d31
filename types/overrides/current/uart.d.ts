/**
 * `uart` members the sources register without annotations
 * (`luat/modules/luat_lib_uart.c`).
 */
declare namespace uart {
    /**
     * Hand up to six integers (each 0 when left out) to the port's
     * `luat_uart_patch` hook, which a chip's firmware may define to adjust
     * its UART driver; the sources' default (a weak definition) does
     * nothing. Returns nothing.
     * Source: `luat_lib_uart.c:1392` (registered at `luat_lib_uart.c:1427`).
     */
    function patch(this: void, p1?: number, p2?: number, p3?: number, p4?: number, p5?: number, p6?: number): void;
}
