/**
 * uart (luat_lib_uart.c, luat_uart_rtt.c) on the virtual UARTs: the
 * Air640W has uart0 (the console) and uart1 (rtconfig.h). `uart.write`
 * records the bytes (`device.peripherals.uartWritten(id)`) and returns the
 * count as the C code's uint8_t (so -1 for a closed or missing port reads
 * 255); `uart.read(id, len)` takes bytes the host queued
 * (`peripherals.uartSend`), "" when none. Bytes arriving on an open port
 * call its "receive" callback with (id, length) through the message bus.
 */
import { lauxlib, lua, textOf, type LuaState } from "../../lua.js";
import type { FirmwareContext } from "../context.js";
import { peripheralsOf } from "../../peripherals.js";
import { defineFlashRotable } from "../flash-rotable.js";

/** UART ids of the Air640W build (BSP_USING_UART0/1). */
const PORTS = [0, 1];

/** uart. */
export function installUart(ctx: FirmwareContext): void {
    const hardware = peripheralsOf(ctx.clock);
    const open = new Set<number>();
    const received = new Map<number, number>();
    const sent = new Map<number, number>();

    const callback = (ref: number | undefined, ...args: number[]) => {
        if (ref === undefined) return;
        ctx.post((L: LuaState) => {
            if (lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref) === lua.LUA_TFUNCTION) {
                for (const arg of args) lua.lua_pushinteger(L, arg);
                lua.lua_call(L, args.length, 0);
            } else lua.lua_pop(L, 1);
            return 0;
        });
    };
    ctx.onEnd(
        hardware.listen({
            uartReceived(id, bytes) {
                if (open.has(id)) callback(received.get(id), id, bytes.length);
            },
        }),
    );

    defineFlashRotable(
        ctx.L,
        "uart",
        {
            setup: L => {
                const id = lauxlib.luaL_checkinteger(L, 1) as number;
                for (let i = 2; i <= 7; i++) lauxlib.luaL_optinteger(L, i, 0);
                const ok = PORTS.includes(id);
                if (ok) open.add(id);
                lua.lua_pushinteger(L, ok ? 0 : -1);
                return 1;
            },
            close: L => {
                const id = lauxlib.luaL_checkinteger(L, 1) as number;
                open.delete(id);
                lua.lua_pushinteger(L, 0);
                return 1;
            },
            write: L => {
                const id = lauxlib.luaL_checkinteger(L, 1) as number;
                const data = (lua.lua_tolstring(L, 2) as Uint8Array | null) ?? new Uint8Array(0);
                let result = -1;
                if (PORTS.includes(id) && open.has(id)) {
                    hardware.uartRecord(id, data);
                    if (id === 0) ctx.write(textOf(data));
                    result = data.length;
                    callback(sent.get(id), id);
                }
                lua.lua_pushinteger(L, result & 0xff);
                return 1;
            },
            read: L => {
                const id = lauxlib.luaL_checkinteger(L, 1) as number;
                const length = Math.min(4096, lauxlib.luaL_optinteger(L, 2, 1024) as number);
                const bytes = PORTS.includes(id) && open.has(id) ? hardware.uartTake(id, length) : new Uint8Array(0);
                lua.lua_pushlstring(L, bytes, bytes.length);
                return 1;
            },
            on: L => {
                const id = lauxlib.luaL_checkinteger(L, 1) as number;
                if (!PORTS.includes(id)) {
                    lua.lua_pushstring(L, "no such uart id");
                    return 1;
                }
                const event = textOf(lauxlib.luaL_checkstring(L, 2) as Uint8Array);
                const table = event === "receive" || event === "recv" ? received : event === "sent" ? sent : undefined;
                if (table === undefined) return 0;
                const old = table.get(id);
                if (old !== undefined) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, old);
                table.delete(id);
                if (lua.lua_isfunction(L, 3)) {
                    lua.lua_pushvalue(L, 3);
                    table.set(id, lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) as number);
                }
                return 0;
            },
        },
        { Odd: 1, Even: 2, None: 0, ODD: 1, EVEN: 2, NONE: 0, LSB: 0, MSB: 1 },
    );
}
