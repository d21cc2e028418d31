import type { CloseReason } from "../../net/network.js";
import type { Connection } from "../../traffic.js";

/** Numbers of the current socket module and its network_ctrl state machine (luat_network_adapter.h, luat_lib_socket.c). */

/** The ctrl userdata's metatable name (LUAT_NW_CTRL_TYPE). */
export const NWCTRL = "NWCTRL*";

/** Lua-visible results: EV_NW_RESULT_* & 0x0fffffff (luat_lib_socket.c:1508-1516). */
export const EVENT_ID = { LINK: 0x2000010, ON_LINE: 0x2000011, TX_OK: 0x2000012, CLOSED: 0x2000013, EVENT: 0x2000014 } as const;
/** The Lua-visible event of a wait target: RESULT_BASE + NW_WAIT_*. */
export const RESULT_BASE = EVENT_ID.LINK - 1;

/** What the ctrl waits for (NW_WAIT_*). */
export const WAIT = { NONE: 0, LINK_UP: 1, ON_LINE: 2, TX_OK: 3, OFF_LINE: 4, EVENT: 5 } as const;

/** Ctrl states (NW_STATE_*) and their names from network_ctrl_state_string. */
export const STATE = { LINK_OFF: 0, OFF_LINE: 1, WAIT_DNS: 2, CONNECTING: 3, SHAKEHAND: 4, ONLINE: 5, LISTEN: 6, DISCONNECTING: 7 } as const;
export const STATE_NAMES = ["硬件离线", "离线", "等待DNS", "正在连接", "正在TLS握手", "在线", "在监听", "正在离线", "未知"];

/** Adapter indexes (luat_network_adapter.h:92-113). */
export const ADAPTER = {
    LWIP_GP: 1,
    LWIP_STA: 2,
    LWIP_AP: 3,
    LWIP_ETH: 4,
    LWIP_SPI: 5,
    LWIP_USER0: 7,
    LWIP_USER1: 8,
    LWIP_USER2: 9,
    LWIP_USER3: 10,
    LWIP_USER4: 11,
    LWIP_USER5: 12,
    LWIP_USER6: 13,
    LWIP_USER7: 14,
    LWIP_GP_GW: 15,
    LWIP_USB: 16,
    ETH0: 17,
} as const;
/** NW_ADAPTER_QTY */
export const ADAPTER_COUNT = 19;
/** Ctrls and sockets of the PC adapter (MAX_SOCK_NUM). */
export const MAX_SOCKETS = 32;

/** Whether a host is a dotted IPv4 address (connected as it is; anything else is resolved first). */
export function isIpv4(host: string): boolean {
    return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) && host.split(".").every(p => Number(p) <= 255);
}

/** The errno the PC adapter logs for a connect that failed (`connect failed err=N`). */
export function connectErrno(reason: CloseReason): number {
    return reason === "timeout" ? 110 : reason === "unreachable" ? 101 : reason === "reset" ? 104 : 111;
}

/** Notes the first end of a connection in the traffic log. */
export function recordClose(connection: Connection, reason: CloseReason, now: number): void {
    if (connection.closedAt === undefined) {
        connection.closedAt = now;
        connection.closeReason = reason;
    }
}
