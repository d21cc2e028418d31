/**
 * wlan of the Air640W (luat/rtt/luat_lib_wlan.c over RT-Thread's wlan
 * manager) against the access points of `device.peripherals.wifi`.
 *
 * `wlan.connect(ssid, passwd)` only starts a join thread and returns
 * nothing; `associationMs` later the station is associated
 * (WLAN_STA_CONNECTED 1) if that SSID is in range with that password, else
 * the join fails (WLAN_STA_CONNECTED 0); `dhcpMs` after association the
 * station has an address (WLAN_READY, then NET_READY, from one message).
 * Taking the access point out of range, or `wlan.disconnect()`, publishes
 * WLAN_STA_DISCONNECTED. `wlan.scan()` publishes WLAN_SCAN_DONE and
 * `wlan.scanResult()` lists the access points in range. The topics go
 * through `sys_pub` as the C handler calls it. Once the firmware has called
 * `wlan.connect`, the virtual network's interface follows the station
 * (`socket.isReady()`, connections): up from WLAN_READY, down while joining
 * and after a loss; before that the device is taken to be on the network
 * its saved configuration joined. Not modelled: RT-Thread's automatic
 * reconnection after a loss, AP mode, airkiss/oneshot provisioning.
 */
import { lauxlib, lua, S, textOf, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { peripheralsOf } from "../../peripherals.js";
import { defineFlashRotable } from "../flash-rotable.js";
import { notSimulated } from "./not-simulated.js";
import { postSysPub } from "./sys-pub.js";

/** RT-Thread rt_wlan_mode. */
const MODE = { NONE: 0, STATION: 1, AP: 2 } as const;
/** Device ms a scan takes before WLAN_SCAN_DONE. */
const SCAN_MS = 1500;

/** wlan. */
export function installWlan(ctx: FirmwareContext): void {
    const wifi = peripheralsOf(ctx.clock).wifi;
    let mode: number = MODE.STATION;
    let autoreconnect = 0;
    let joinSsid = "";
    let joinPasswd = "";
    /** The associated access point, if any. */
    let associated: string | undefined;
    let ready = false;
    /** Cancels the pending steps of the current join. */
    let cancelJoin: () => void = () => {};

    /**
     * Once the firmware joins a network itself, the socket layer's interface follows the station: down
     * until the address is configured, down again when the association ends. Before any wlan.connect
     * the device is taken to be on the network it joined from its saved configuration (the interface as
     * the network has it). Host networks (real sockets) cannot be taken down and are left alone.
     */
    let managesNetwork = false;
    const network = ctx.network as Partial<{ setInterfaceUp(up: boolean): void }>;
    const setInterface = (up: boolean) => {
        if (managesNetwork && typeof network.setInterfaceUp === "function") network.setInterfaceUp(up);
    };

    const drop = () => {
        cancelJoin();
        cancelJoin = () => {};
        const was = associated;
        associated = undefined;
        ready = false;
        setInterface(false);
        if (was !== undefined) postSysPub(ctx, ["WLAN_STA_DISCONNECTED"]);
        return was !== undefined;
    };

    ctx.onEnd(
        peripheralsOf(ctx.clock).listen({
            accessPointLost(ssid) {
                if (associated === ssid) drop();
            },
        }),
    );
    ctx.onEnd(() => cancelJoin());

    const join = (ssid: string, passwd: string) => {
        drop();
        const cancelAssociation = ctx.clock.after(wifi.associationMs, () => {
            if (!ctx.alive()) return;
            const point = wifi.find(ssid);
            if (point === undefined || point.password !== passwd) {
                postSysPub(ctx, ["WLAN_STA_CONNECTED", 0]);
                return;
            }
            associated = ssid;
            postSysPub(ctx, ["WLAN_STA_CONNECTED", 1]);
            cancelJoin = ctx.clock.after(wifi.dhcpMs, () => {
                if (!ctx.alive() || associated !== ssid) return;
                ready = true;
                setInterface(true);
                postSysPub(ctx, ["WLAN_READY"], ["NET_READY"]);
            });
        });
        cancelJoin = cancelAssociation;
    };

    const pushMac = (L: LuaState) => {
        lua.lua_pushstring(L, S(wifi.mac.toUpperCase()));
        return 1;
    };

    defineFlashRotable(
        ctx.L,
        "wlan",
        {
            getMode: L => {
                lua.lua_pushinteger(L, mode);
                return 1;
            },
            setMode: L => {
                // The device is named by its first argument ("wlan0", or 1 for "wlan1", which the Air640W lacks).
                const second = lua.lua_isinteger(L, 1) && lua.lua_tointeger(L, 1) === 1;
                const named = lua.lua_type(L, 1) === lua.LUA_TSTRING ? textOf(lua.lua_tolstring(L, 1) as Uint8Array) : "wlan0";
                if (second || (named !== "wlan0" && lua.lua_type(L, 1) === lua.LUA_TSTRING)) return 0;
                mode = lauxlib.luaL_checkinteger(L, 2) as number;
                lua.lua_pushinteger(L, 0);
                return 1;
            },
            connect: L => {
                const ssid = textOf(lauxlib.luaL_checklstring(L, 1) as Uint8Array);
                const passwd = lua.lua_isstring(L, 2) ? textOf(lauxlib.luaL_checklstring(L, 2) as Uint8Array) : "";
                joinSsid = ssid;
                joinPasswd = passwd;
                autoreconnect = 1;
                managesNetwork = true;
                join(ssid, passwd);
                return 0;
            },
            disconnect: L => {
                lua.lua_pushboolean(L, drop());
                return 1;
            },
            connected: L => {
                lua.lua_pushboolean(L, associated !== undefined);
                return 1;
            },
            ready: L => {
                lua.lua_pushboolean(L, ready);
                return 1;
            },
            autoreconnect: L => {
                if (lua.lua_gettop(L) > 0) autoreconnect = lauxlib.luaL_checkinteger(L, 1) as number;
                lua.lua_pushboolean(L, autoreconnect !== 0);
                return 1;
            },
            scan: L => {
                ctx.clock.after(SCAN_MS, () => postSysPub(ctx, ["WLAN_SCAN_DONE"]));
                lua.lua_pushboolean(L, true);
                return 1;
            },
            scan_get_info: L => scanResult(L),
            scanResult: L => scanResult(L),
            getMac: pushMac,
            get_mac: pushMac,
            get_mac_raw: L => {
                const raw = Buffer.from(wifi.mac, "hex");
                lua.lua_pushlstring(L, raw, raw.length);
                return 1;
            },
            rssi: L => {
                lua.lua_pushinteger(L, associated === undefined ? 0 : (wifi.find(associated)?.rssi ?? 0));
                return 1;
            },
            lastInfo: L => {
                if (joinSsid === "") return 0;
                lua.lua_pushstring(L, S(joinSsid));
                if (joinPasswd === "") return 1;
                lua.lua_pushstring(L, S(joinPasswd));
                return 2;
            },
            airkiss_start: notSimulated("wlan.airkiss_start"),
        },
        MODE,
    );

    function scanResult(L: LuaState): number {
        const max = lauxlib.luaL_optinteger(L, 1, 20) as number;
        const points = wifi.list().slice(0, Math.max(0, max));
        lua.lua_createtable(L, points.length, 0);
        points.forEach((point, index) => {
            lua.lua_createtable(L, 0, 7);
            lua.lua_pushstring(L, S(point.ssid));
            lua.lua_setfield(L, -2, S("ssid"));
            lua.lua_pushinteger(L, point.rssi ?? -50);
            lua.lua_setfield(L, -2, S("rssi"));
            lua.lua_pushinteger(L, point.password === "" ? 0 : 4);
            lua.lua_setfield(L, -2, S("security"));
            lua.lua_pushinteger(L, point.channel ?? 6);
            lua.lua_setfield(L, -2, S("channel"));
            lua.lua_pushinteger(L, 0);
            lua.lua_setfield(L, -2, S("band"));
            const bssid = Buffer.from([0x02, 0, 0, 0, 0, index + 1]);
            lua.lua_pushlstring(L, bssid, 6);
            lua.lua_setfield(L, -2, S("bssid"));
            lua.lua_pushinteger(L, 0);
            lua.lua_setfield(L, -2, S("hidden"));
            lua.lua_rawseti(L, -2, index + 1);
        });
        return 1;
    }
}
