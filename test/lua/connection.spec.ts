/**
 * src/lib/connection.ts on native Lua 5.3 against the fake netclient: every
 * outcome of openLink, line reading on split data, and closeLink always
 * releasing the object and its NETC_END subscription.
 */
import { closeLink, isOpen, openLink, sendData, takeLine, waitActivity, wakeLink, type Link, type LinkOptions } from "../../src/lib/connection";
import { readLine } from "../../src/lib/read-line";
import { createFakeDevice, installFakeSocket, type FakeDevice, type FakeNet, type SysModule } from "../../compiler/native/luatos-2021-fake";

let device: FakeDevice;
let s: SysModule;
let net: FakeNet;
/** Function subscribers per topic, counted through sys.subscribe/unsubscribe. */
let subscribers: Record<string, number>;

const OPTIONS: LinkOptions = { host: "collector.local", port: 9000, timeoutMs: 1000 };

/** Wraps sys.subscribe/unsubscribe to count live subscriptions per topic. */
function trackSubscriptions(this: void): void {
    subscribers = {};
    const subscribe = s.subscribe;
    const unsubscribe = s.unsubscribe;
    const live: Record<string, LuaTable<AnyNotNil, boolean>> = {};
    s.subscribe = (topic: string, fn: (this: void, ...args: any[]) => void) => {
        live[topic] ??= new LuaTable();
        if (live[topic]!.get(fn) !== true) subscribers[topic] = (subscribers[topic] ?? 0) + 1;
        live[topic]!.set(fn, true);
        subscribe(topic, fn);
    };
    s.unsubscribe = (topic: string, fn: (this: void, ...args: any[]) => void) => {
        if (live[topic]?.get(fn) === true) {
            live[topic]!.delete(fn);
            subscribers[topic] = subscribers[topic]! - 1;
        }
        unsubscribe(topic, fn);
    };
}

/** Live subscriptions to NETC_END_* topics. */
function netcEndSubscriptions(this: void): number {
    let n = 0;
    for (const [topic, count] of pairs(subscribers as unknown as LuaTable<string, number>)) {
        if (string.find(topic, "^NETC_END_")[0] !== undefined) n += count;
    }
    return n;
}

/** Runs `fn` in a task and the device for `ms`; returns what the task returned (as a packed list) and when it finished. */
function inTask(this: void, ms: number, fn: (this: void) => unknown[]): LuaMultiReturn<[unknown[], number | undefined]> {
    let result: unknown[] = [];
    let finished: number | undefined;
    s.taskInit(() => {
        result = fn();
        finished = device.now();
    });
    const err = device.runFor(ms);
    assert.is_nil(err);
    return $multi(result, finished);
}

function open(this: void, options: LinkOptions = OPTIONS): unknown[] {
    const [link, failure] = openLink(options);
    return [link, failure];
}

describe("connection helper", () => {
    before_each(() => {
        device = createFakeDevice();
        s = device.loadSys();
        net = installFakeSocket(device);
        trackSubscriptions();
    });

    describe("openLink", () => {
        it("connects: the link is open, the object configured and subscribed to its NETC_END", () => {
            net.plan("collector.local", { result: "accept", delayMs: 50 });
            const [[link, failure], at] = inTask(500, () => open());
            assert.is_nil(failure);
            assert.are.equal(50, at);
            const l = link as Link;
            assert.is_true(isOpen(l));
            assert.are.equal("open", l.state);
            const so = net.last()!;
            assert.are.equal(so.id, l.id);
            assert.are.equal("collector.local", so.host);
            assert.are.equal(9000, so.port);
            assert.is_false(so.udp);
            assert.is_function(so.callbacks.connect);
            assert.is_function(so.callbacks.recv);
            assert.is_function(so.callbacks.error);
            assert.are.equal(1, subscribers["NETC_END_" + so.id]);
        });

        it("uses a hex id per object, as the firmware does", () => {
            for (let i = 1; i <= 11; i++) inTask(100, () => open());
            assert.are.equal("a", net.sockets[9]!.id);
            assert.are.equal("b", net.sockets[10]!.id);
        });

        it("opens connected UDP when asked", () => {
            const [[link]] = inTask(100, () => open({ ...OPTIONS, udp: true }));
            assert.is_not_nil(link);
            assert.is_true(net.last()!.udp);
        });

        it("fails on connect result 0 (which is truthy in Lua), and cleans up", () => {
            net.plan("collector.local", { result: "refuse", delayMs: 30 });
            const [[link, failure], at] = inTask(500, () => open());
            assert.is_nil(link);
            assert.are.equal("failed", failure);
            assert.are.equal(30, at);
            const so = net.last()!;
            assert.is_true(so.closed);
            assert.is_true(so.cleaned);
            assert.is_nil(so.callbacks.connect);
            assert.are.equal(0, netcEndSubscriptions());
            assert.are.equal(1, so.ends);
        });

        it("times out when no connect result comes, closes the object and ignores a late result", () => {
            net.plan("collector.local", { result: "silent" });
            const [[link, failure], at] = inTask(5000, () => open({ ...OPTIONS, timeoutMs: 800 }));
            assert.is_nil(link);
            assert.are.equal("timeout", failure);
            assert.are.equal(800, at);
            const so = net.last()!;
            assert.is_true(so.closed);
            assert.is_true(so.cleaned);
            assert.are.equal(0, netcEndSubscriptions());
        });

        it("refuses an empty host and a host name of 32 bytes or more without making an object", () => {
            const [[, empty]] = inTask(100, () => open({ ...OPTIONS, host: "" }));
            assert.are.equal("bad-address", empty);
            const [[, long]] = inTask(100, () => open({ ...OPTIONS, host: string.rep("h", 32) }));
            assert.are.equal("bad-address", long);
            assert.are.equal(0, net.sockets.length);
            const [[link]] = inTask(100, () => open({ ...OPTIONS, host: string.rep("h", 31) }));
            assert.is_not_nil(link);
        });

        it("reports bad-address when start() refuses, and cleans the object", () => {
            net.plan("collector.local", { result: "accept", startResult: 1 });
            const [[link, failure], at] = inTask(100, () => open());
            assert.is_nil(link);
            assert.are.equal("bad-address", failure);
            assert.are.equal(0, at);
            assert.is_true(net.last()!.cleaned);
            assert.are.equal(0, netcEndSubscriptions());
        });

        it("reports no-network without making an object", () => {
            net.ready = false;
            const [[link, failure]] = inTask(100, () => open());
            assert.is_nil(link);
            assert.are.equal("no-network", failure);
            assert.are.equal(0, net.sockets.length);
        });

        it("reports no-memory when the firmware cannot make an object", () => {
            net.outOfMemory = true;
            const [[, failure]] = inTask(100, () => open());
            assert.are.equal("no-memory", failure);
            assert.are.equal(0, netcEndSubscriptions());
        });

        it("rebinds before starting when given a sockid, and logs when the firmware refuses", () => {
            inTask(100, () => open({ ...OPTIONS, rebindSockid: 5 }));
            assert.are.equal(5, net.last()!.rebound);
            assert.are.same(["W/user.link\trebind refused\t5"], device.logs);
        });
    });

    describe("reading", () => {
        it("joins lines split over several recv events", () => {
            const [[a, b, c]] = inTask(1000, () => {
                const [link] = openLink(OPTIONS);
                const so = net.last()!;
                so.deliver("HEL", 10);
                so.deliver("LO\nWO", 20);
                so.deliver("RLD\r\nTHIRD\n", 30);
                const [first] = readLine(link!, 500);
                const [second] = readLine(link!, 500);
                const [third] = readLine(link!, 500);
                return [first, second, third];
            });
            assert.are.same(["HELLO", "WORLD", "THIRD"], [a, b, c]);
        });

        it("receives more than 1024 bytes in several events and counts the bytes", () => {
            const big = string.rep("x", 3000) + "\nOK\n";
            const [[line, received, overlong]] = inTask(1000, () => {
                const [link] = openLink({ ...OPTIONS, maxLine: 64 });
                net.last()!.deliver(big, 10);
                const [got] = readLine(link!, 500);
                return [got, link!.received, link!.lines.overlong];
            });
            assert.are.equal("OK", line);
            assert.are.equal(big.length, received);
            assert.are.equal(1, overlong);
        });

        it("times out after a silence, restarting the timeout when data arrives", () => {
            const [[line, why], at] = inTask(5000, () => {
                const [link] = openLink(OPTIONS);
                const start = device.now();
                net.last()!.deliver("partial", 80);
                const [got, failure] = readLine(link!, 100);
                return [got, failure, device.now() - start];
            });
            assert.is_nil(line);
            assert.are.equal("timeout", why);
            assert.are.equal(20 + 180, at);
        });

        it("returns the buffered lines, then 'closed' when the peer closed", () => {
            const [[first, second, why, state]] = inTask(1000, () => {
                const [link] = openLink(OPTIONS);
                const so = net.last()!;
                so.deliver("A\nB\n", 10);
                so.peerClose(20);
                waitActivity(link!, 500);
                waitActivity(link!, 500);
                const [a] = readLine(link!, 500);
                const [b] = readLine(link!, 500);
                const [none, failure] = readLine(link!, 500);
                assert.is_nil(none);
                return [a, b, failure, link!.state];
            });
            assert.are.same(["A", "B", "closed", "ended"], [first, second, why, state]);
        });

        it("sees NETC_END without an error callback as the end of the link", () => {
            const [[why, at]] = inTask(5000, () => {
                const [link] = openLink(OPTIONS);
                net.last()!.drop(100);
                const start = device.now();
                const [, failure] = readLine(link!, 3000);
                return [failure, device.now() - start];
            });
            assert.are.equal("closed", why);
            assert.are.equal(100, at);
        });

        it("takeLine does not wait", () => {
            const [[none]] = inTask(100, () => {
                const [link] = openLink(OPTIONS);
                return [takeLine(link!) ?? "none"];
            });
            assert.are.equal("none", none);
        });
    });

    describe("activity and sending", () => {
        it("waitActivity returns false on timeout and true when woken by wakeLink from a timer", () => {
            const [[timedOut, woken, at]] = inTask(5000, () => {
                const [link] = openLink(OPTIONS);
                const idle = waitActivity(link!, 200);
                s.timerStart(() => wakeLink(link!), 50);
                const start = device.now();
                const wake = waitActivity(link!, 1000);
                return [idle, wake, device.now() - start];
            });
            assert.is_false(timedOut);
            assert.is_true(woken);
            assert.are.equal(50, at);
        });

        it("sends with the link's flags or the per-call flags, and refuses once closed", () => {
            const [[ok, late]] = inTask(1000, () => {
                const [link] = openLink({ ...OPTIONS, sendFlags: 2 });
                const sent = sendData(link!, "one\n") && sendData(link!, "two\n", 0);
                closeLink(link!);
                return [sent, sendData(link!, "three\n")];
            });
            assert.is_true(ok);
            assert.is_false(late);
            const so = net.last()!;
            assert.are.same(["one\n", "two\n"], so.sent);
            assert.are.equal(2, so.sendFlags[0]);
            assert.are.equal(0, so.sendFlags[1]);
        });

        it("does not send empty data (the firmware returns false)", () => {
            const [[ok]] = inTask(1000, () => {
                const [link] = openLink(OPTIONS);
                return [sendData(link!, "")];
            });
            assert.is_false(ok);
        });
    });

    describe("closeLink", () => {
        it("closes, cleans and unsubscribes, once, however often it is called", () => {
            inTask(1000, () => {
                const [link] = openLink(OPTIONS);
                closeLink(link!);
                closeLink(link!);
                assert.are.equal("ended", link!.state);
                assert.is_true(link!.cleaned);
                return [];
            });
            const so = net.last()!;
            assert.are.equal(1, so.closeCalls);
            assert.is_true(so.cleaned);
            assert.is_nil(so.callbacks.recv);
            assert.are.equal(0, netcEndSubscriptions());
            // The firmware still publishes NETC_END for the local close; nobody listens.
            assert.are.equal(1, so.ends);
        });

        it("cleans a link that the peer already ended", () => {
            inTask(1000, () => {
                const [link] = openLink(OPTIONS);
                net.last()!.peerClose(10);
                waitActivity(link!, 500);
                assert.is_false(isOpen(link!));
                closeLink(link!);
                return [];
            });
            const so = net.last()!;
            assert.is_true(so.cleaned);
            assert.are.equal(1, so.ends);
            assert.are.equal(0, netcEndSubscriptions());
        });

        it("leaves no subscriptions after many connect, fail and close cycles", () => {
            net.plan("bad.local", { result: "refuse" });
            net.plan("slow.local", { result: "silent" });
            inTask(60_000, () => {
                for (let i = 0; i < 20; i++) {
                    const host = i % 3 === 0 ? "bad.local" : i % 3 === 1 ? "slow.local" : "collector.local";
                    const [link] = openLink({ ...OPTIONS, host, timeoutMs: 100 });
                    if (link !== undefined) closeLink(link);
                }
                return [];
            });
            assert.are.equal(0, netcEndSubscriptions());
            for (const so of net.sockets) assert.is_true(so.cleaned);
        });
    });
});
