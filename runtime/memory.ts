/**
 * An estimate of a Lua state's heap use. fengari keeps Lua values as
 * JavaScript objects and has no allocator to ask (collectgarbage("count")
 * is always 0), so the simulator walks everything reachable from the
 * registry and charges each object what a 32-bit Lua 5.3 build spends on it.
 * The figure follows the firmware's growth (a leaking table shows), not the
 * exact bytes of the device.
 */
import type { LuaState } from "./lua.js";

// Type tags of fengari's TValue (lua.h, with variant bits).
const T = { STRING_SHORT: 4, STRING_LONG: 20, TABLE: 5, LCL: 6, LCF: 22, CCL: 38, USERDATA: 7, THREAD: 8 };

interface TV {
    type: number;
    value: unknown;
}

/** Bytes a 32-bit Lua 5.3 build would use for what `L` can reach. */
export function estimateHeap(L: LuaState): number {
    const seen = new Set<unknown>();
    const stack: TV[] = [];
    let bytes = 0;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const state = L as any;
    const push = (tv: TV | undefined | null) => {
        if (tv !== undefined && tv !== null && typeof tv === "object" && tv.value !== null && typeof tv.value === "object") stack.push(tv);
    };
    const visitProto = (p: {
        code: unknown[];
        k: TV[];
        p: unknown[];
        lineinfo: unknown[];
        locvars: unknown[];
        upvalues: unknown[];
    }) => {
        if (seen.has(p)) return;
        seen.add(p);
        bytes += 64 + p.code.length * 4 + p.k.length * 8 + p.lineinfo.length * 4 + p.locvars.length * 12 + p.upvalues.length * 8 + p.p.length * 4;
        for (const k of p.k) push(k);
        for (const child of p.p) visitProto(child as never);
    };
    push(state.l_G.l_registry);
    for (const mt of state.l_G.mt as unknown[]) if (mt) stack.push({ type: T.TABLE, value: mt });
    while (stack.length > 0) {
        const tv = stack.pop()!;
        const v = tv.value as Record<string, unknown>;
        if (seen.has(v)) continue;
        seen.add(v);
        switch (tv.type) {
            case T.STRING_SHORT:
            case T.STRING_LONG:
                bytes += 17 + ((v.realstring as Uint8Array | undefined)?.length ?? 0);
                break;
            case T.TABLE: {
                const strong = v.strong as Map<unknown, { key: TV; value: TV }>;
                bytes += 32 + strong.size * 20;
                for (const entry of strong.values()) {
                    push(entry.key);
                    push(entry.value);
                }
                if (v.metatable) stack.push({ type: T.TABLE, value: v.metatable });
                break;
            }
            case T.LCL: {
                const upvals = v.upvals as (TV | null)[];
                bytes += 16 + upvals.length * 4 + upvals.length * 16;
                for (const up of upvals) push(up);
                if (v.p) visitProto(v.p as never);
                break;
            }
            case T.CCL: {
                const upvalue = v.upvalue as TV[];
                bytes += 16 + upvalue.length * 8;
                for (const up of upvalue) push(up);
                break;
            }
            case T.USERDATA:
                bytes += 24 + ((v.len as number) || 0);
                if (v.metatable) stack.push({ type: T.TABLE, value: v.metatable });
                push(v.uservalue as TV);
                break;
            case T.THREAD: {
                const top = (v.top as number) || 0;
                const slots = v.stack as TV[] | null;
                bytes += 112 + (slots?.length ?? 0) * 8;
                if (slots) for (let i = 0; i < top; i += 1) push(slots[i]);
                break;
            }
            default:
                break;
        }
    }
    return bytes;
}
