/**
 * `dnsproxy` (`script/libs/dnsproxy.lua`): the socket callbacks and the
 * restart hook its sources leave unannotated. `dnsproxy.setup` installs the
 * two callbacks itself; they are exported because the library keeps them on
 * its table.
 */
declare module "dnsproxy" {
    /**
     * Socket callback of the listening UDP socket on port 53 of `adapter`: on
     * `socket.EVENT`, reads every pending query, renumbers it and forwards it
     * to the upstream server (`dnsproxy.server`, port 53). Returns nothing.
     * Source: `script/libs/dnsproxy.lua:33`
     */
    export function on_request(this: void, sc: socket.CtrlRef, event: number, adapter: number): void;

    /**
     * Socket callback of the upstream UDP socket: on `socket.EVENT`, reads
     * every pending answer and sends it back to the client whose query it
     * answers. Returns nothing.
     * Source: `script/libs/dnsproxy.lua:62`
     */
    export function on_response(this: void, sc: socket.CtrlRef, event: number): void;

    /**
     * (Re)start listening: closes and reopens the client-side sockets and
     * the upstream one. Call it when an adapter gets a new IP address; does
     * nothing before `dnsproxy.setup`. Takes no argument, returns nothing.
     * Source: `script/libs/dnsproxy.lua:122`
     */
    export function on_ip_ready(this: void): void;
}
