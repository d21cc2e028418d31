/**
 * `wlan` members whose annotated return types in `luat/rtt/luat_lib_wlan.c`
 * do not match what the C code pushes.
 */
declare namespace wlan {
    /**
     * Start joining the access point `ssid` (with `password`, or none): the C
     * code (`l_wlan_connect`, `luat_lib_wlan.c:118`) starts a join thread and
     * returns nothing, so a started join is not yet a connection; wait for
     * `WLAN_STA_CONNECTED` and `WLAN_READY`/`NET_READY`. Only when the thread
     * cannot be created or started does it return an error code (1 or 2) and a
     * message.
     * @example
     * wlan.connect("uiot", "1234567890")
     * sys.waitUntil("NET_READY", 30000)
     */
    function connect(this: void, ssid: string, password?: string): LuaMultiReturn<[] | [code: number, message: string]>;

    /**
     * Query, or set with 1 or 0, whether the station rejoins by itself
     * (`l_wlan_autoreconnect`, `luat_lib_wlan.c:194`).
     * @returns whether automatic reconnection is on (a boolean, whatever the
     *   annotation of the C source says).
     * @example
     * wlan.autoreconnect(1)
     */
    function autoreconnect(this: void, enable?: number): boolean;

    /** One access point of a scan result (`l_wlan_scan_get_result`, `luat_lib_wlan.c:234`). */
    interface ScanInfo {
        ssid: string;
        /** Signal strength in dBm. */
        rssi: number;
        security: number;
        channel: number;
        band: number;
        /** The 6 raw bytes of the BSSID. */
        bssid: string;
        hidden: number;
    }

    /**
     * The access points found by the last `wlan.scan()` (wait for
     * `WLAN_SCAN_DONE` first), at most `num` (default 20), as an array.
     * @example
     * wlan.scan()
     * sys.waitUntil("WLAN_SCAN_DONE", 30000)
     * for (const ap of wlan.scanResult()) log.info("wlan", ap.ssid, ap.rssi)
     */
    function scanResult(this: void, num?: number): ScanInfo[];

    /** Alias of `wlan.scanResult` (the same C function). */
    function scan_get_info(this: void, num?: number): ScanInfo[];
}
