/**
 * `mqtt2`: the Air640W firmware's asynchronous MQTT client, a Lua library
 * (`bsp/air640w/lib/mqtt2.lua`) over the netclient `socket.tcp()` and
 * `mqttcore`. It reconnects by itself; QoS 2 and unsubscribing are not
 * supported. Its one function, `new`, is not annotated in the sources: it is
 * declared here from the Lua code.
 */
declare module "mqtt2" {
    /** A received PUBLISH packet, as `mqttcore.unpack` decodes it (`luat_lib_mqttcore.c:436`). */
    export interface Publish {
        /** Packet type: 3 for PUBLISH. */
        id: number;
        dup: number;
        qos: number;
        retain: number;
        topic: string;
        payload: string;
        /** Only when `qos` > 0. */
        packetId?: number;
    }

    /** What {@link new} returns: a client, run by {@link Client.run} in a task. */
    export interface Client {
        clientId: string;
        keepAlive: number;
        host: string;
        port: number;
        /** 1 once the broker accepted the connection, 0 otherwise. */
        stat: number;
        /** Topic → QoS, subscribed again on every connection. */
        topics: LuaTable<string, number>;
        /** The `sys` topic the client's loop waits on (`"mqtt_" .. tostring(client)` unless given). */
        ckey: string;
        /**
         * The client's loop (`mqtt2.lua:134`): connect when the network is up,
         * exchange packets, reconnect 5 s after a connection ends. Blocks until
         * {@link Client.shutdown}: run it in a task (`sys.taskInit(() => c.run())`).
         */
        run(): void;
        /**
         * Subscribe (topic → QoS) and wait up to 30 s for the SUBACK (`mqtt2.lua:208`). Call in a task.
         * @returns what `sys.waitUntil` returns: `true` when the SUBACK came, `false` on timeout.
         */
        sub(topics: LuaTable<string, number> | Record<string, number>): boolean;
        /**
         * Publish; with `qos` > 0, wait up to 30 s for the PUBACK (`mqtt2.lua:215`). Call in a task.
         * @returns with `qos` > 0, `true` when the PUBACK came and `false` on timeout; with QoS 0, nothing.
         */
        pub(topic: string, qos: number, payload: string): boolean | undefined;
        /** Stop the loop: {@link Client.run} closes the connection and returns (`mqtt2.lua:224`). */
        shutdown(): void;
    }

    /**
     * Make a client (`mqtt2.lua:31`); nothing connects until {@link Client.run}.
     * @param keepAlive seconds, default 300.
     * @param username default `""`.
     * @param password default `""`.
     * @param cleanSession as the Lua code reads it: omitted (`undefined`) asks for
     *   a clean session; any value given, even `true`, asks for none.
     * @param topics topic → QoS, subscribed on every connection.
     * @param cb called with each received PUBLISH packet.
     * @param ckey the `sys` topic of the client's loop; default `"mqtt_" .. tostring(client)`.
     */
    function _new(this: void, clientId: string, keepAlive: number | undefined, username: string | undefined, password: string | undefined,
        cleanSession: unknown, host: string, port: number, topics?: LuaTable<string, number> | Record<string, number>,
        cb?: (this: void, packet: Publish) => void, ckey?: string): Client;
    export { _new as new };
}
