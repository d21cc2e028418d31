/**
 * `excloud` (`script/libs/excloud.lua`): the AirCloud client's main
 * functions, which its sources list in the file header but do not annotate.
 * Declared here from the Lua code. Failures return `false` and a message
 * rather than raising.
 */
declare module "excloud" {
    /** What `setup` accepts: it copies every key into the library's configuration (`excloud.lua:64`). */
    export interface Config {
        /** Transport to the server. */
        transport?: "tcp" | "udp" | "mqtt";
        /** Server address and port; needed only with `use_getip: false`. */
        host?: string;
        port?: number;
        /** Ask the getip service for the server and the project key (default `true`). */
        use_getip?: boolean;
        /** MQTT keepalive in seconds (default 300). */
        keepalive?: number;
        /** Reconnect by itself (default `true`), every `reconnect_interval` seconds (default 10). */
        auto_reconnect?: boolean;
        reconnect_interval?: number;
        /** Reconnections before asking getip again (default 3). */
        max_reconnect?: number;
        /** Connection timeout in seconds (default 30). */
        timeout?: number;
        /** MQTT QoS and retain flag of published messages (default 0). */
        qos?: number;
        retain?: number;
        clean_session?: boolean;
        /** TLS: `true`, or a table of settings for the socket or MQTT client. */
        ssl?: boolean | Record<string, any>;
        /** Key that authenticates UDP messages. */
        udp_auth_key?: string;
        local_port?: number;
        keep_idle?: number;
        keep_interval?: number;
        keep_cnt?: number;
        server_cert?: string;
        client_cert?: string;
        client_key?: string;
        client_password?: string;
        /** Prefer IPv6. */
        ipv6?: boolean;
        /** Operation logs (`exmtn`) and their upload to AirCloud. */
        mtn_log_enabled?: boolean;
        aircloud_mtn_log_enabled?: boolean;
        mtn_log_blocks?: number;
        debug?: boolean;
        [key: string]: any;
    }

    /** One field of a message for {@link send}: encoded as a TLV by `build_tlv`. */
    export interface Field {
        /** A value of `excloud.FIELD_MEANINGS`. */
        field_meaning: number;
        /** A value of `excloud.DATA_TYPES`. */
        data_type: number;
        value: any;
    }

    /**
     * The callback given to {@link on}: called with an event name and its data.
     * Events the library raises: `"connect_result"`, `"auth_result"`,
     * `"auth_key_error"`, `"message"`, `"send_result"` (`{success, error_msg,
     * sequence_num}`), `"disconnect"`, `"reconnect_failed"`, `"file_upload"`,
     * `"mtn_log_upload_start"`, `"mtn_log_upload_progress"`, `"mtn_log_upload_complete"`.
     */
    export type Callback = (this: void, event: string, data: any) => void;

    /** What {@link status} returns. */
    export interface Status {
        is_open: boolean;
        is_connected: boolean;
        is_authenticated: boolean;
        /** Sequence number of the last message built. */
        sequence_num: number;
        reconnect_count: number;
        /** Always 0. */
        pending_messages: number;
    }

    /**
     * Configure the client before {@link open}: each key of `params` replaces
     * the default (`auth_key`, `use_getip` and `device_type` are ignored with a
     * warning: the device type comes from the module's model). Works out the
     * device id. Fails while the service is open.
     * Source: `script/libs/excloud.lua:1732`
     * @returns `true`; or `false` and a message.
     */
    export function setup(this: void, params: Config): LuaMultiReturn<[ok: boolean, error?: string]>;

    /**
     * Set the callback that receives the library's events.
     * Source: `script/libs/excloud.lua:1768`
     * @returns `true`; or `false` and a message when `cbfunc` is not a function.
     */
    export function on(this: void, cbfunc: Callback): LuaMultiReturn<[ok: boolean, error?: string]>;

    /**
     * Start the service: ask the getip service for the server (retrying with
     * `sys.wait`, so call it in a task), then connect over the configured
     * transport. Reconnects by itself when the network comes back (`IP_READY`).
     * Source: `script/libs/excloud.lua:1819`
     * @returns `true` once connecting has started; or `false` and a message.
     */
    export function open(this: void): LuaMultiReturn<[ok: boolean, error?: string]>;

    /**
     * Send fields to the server, each encoded as a TLV, behind the
     * protocol's header; the callback then gets `"send_result"`.
     * Source: `script/libs/excloud.lua:1976`
     * @param data the fields, in order.
     * @param need_reply ask the server to answer (default `false`).
     * @param is_auth_msg with MQTT, publish on the `auth` topic rather than `all` (default `false`).
     * @returns `true`; or `false` and a message.
     */
    export function send(this: void, data: Field[], need_reply?: boolean, is_auth_msg?: boolean): LuaMultiReturn<[ok: boolean, error?: string]>;

    /**
     * Stop the service: the reconnection timer, the heartbeat and the
     * connection. The callback stays set, for a later {@link open}.
     * Source: `script/libs/excloud.lua:2107`
     * @returns `true`; or `false` and a message when it was not open.
     */
    export function close(this: void): LuaMultiReturn<[ok: boolean, error?: string]>;

    /** The state of the service. Source: `script/libs/excloud.lua:2139` */
    export function status(this: void): Status;

    /**
     * Send one heartbeat now: {@link send} of `custom_data`, else of the data
     * given to {@link start_heartbeat}.
     * Source: `script/libs/excloud.lua:2150`
     * @param need_reply default `false`.
     * @returns what {@link send} returns.
     */
    export function heartbeat(this: void, custom_data?: Field[], need_reply?: boolean): LuaMultiReturn<[ok: boolean, error?: string]>;

    /**
     * Send a heartbeat every `interval` seconds (default 300) while
     * connected, replacing a running one.
     * Source: `script/libs/excloud.lua:2160`
     * @param custom_data the fields each heartbeat sends (default none).
     * @returns `true`.
     */
    export function start_heartbeat(this: void, interval?: number, custom_data?: Field[]): true;

    /**
     * Stop the automatic heartbeat.
     * Source: `script/libs/excloud.lua:2185`
     * @returns `true` when one was running, else `false`.
     */
    export function stop_heartbeat(this: void): boolean;

    /**
     * What the getip service answered: the connection, image, audio,
     * operation-log and QR code settings (tables; each may be absent).
     * Source: `script/libs/excloud.lua:2196`
     */
    export function get_server_info(this: void): { conninfo?: LuatTable; imginfo?: LuatTable; audinfo?: LuatTable; mtninfo?: LuatTable; qrinfo?: LuatTable };
}
