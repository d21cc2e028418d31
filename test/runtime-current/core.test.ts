import { afterAll, describe, expect, it } from "vitest";
import { BOARDS, bootDevice } from "../../runtime/index.js";
import { current } from "../../runtime/firmware/current/index.js";
import { PC_BOARD, currentDevice, firmwareFolder, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

const texts = (device: { log: { text: string }[] }) => device.log.map(l => l.text);

describe("print, log, rtos and os.exit (current firmware)", () => {
    it("print and log separate values with one space; log's tag rules follow the C code", async () => {
        const device = currentDevice(`
            log.info("tag", 1, "a")
            print(1, 2)
            print("x", nil, true)
            log.info("one")
            log.info()
            log.info(nil, 1)
            log.info(12, 3)
            log.debug("d", 1)
            log.warn("w", 2)
            log.error("e", 3)
            log.setLevel("WARN")
            log.info("hidden", 1)
            log.warn("shown", log.getLevel())
        `);
        await device.run("100ms");
        expect(texts(device)).toEqual([
            "I/user.tag 1 a",
            "1 2",
            "x nil true",
            "I/user.one",
            "I/user.(null) 1",
            "I/user.12 3",
            "D/user.d 1",
            "W/user.w 2",
            "E/user.e 3",
            "W/user.shown 3",
        ]);
        device.dispose();
    });

    it("rtos.meminfo gives three values for the Lua heap and the system heap; the identity comes from the board", async () => {
        const device = currentDevice(`
            local total, used, max = rtos.meminfo()
            log.info("lua", total, math.type(used), used > 0, max >= used)
            log.info("sys", rtos.meminfo("sys"))
            log.info("id", rtos.firmware(), rtos.version(), rtos.bsp(), rtos.buildDate())
            log.info("timer 0", rtos.timer_start(1, 0))
        `);
        await device.run("100ms");
        expect(userLines(texts(device))).toEqual([
            "I/user.lua 4194288 integer true true",
            "I/user.sys 2097136 8776 8776",
            "I/user.id LuatOS-SoC_V2035_PC V2035 PC Nov 27 2026",
            "I/user.timer 0 0",
        ]);
        device.dispose();
    });

    it("a timer with n repeats fires n+1 times on the modules and floor(n/2)+1 on the PC build, whose timer callback counts down too", async () => {
        const body = `
            local c = {}
            for _, r in ipairs({1, 2, 3, 5}) do
                c[r] = 0
                sys.timerAdvStart(function() c[r] = c[r] + 1 end, 10, r, r)
            end
            sys.timerStart(function() log.info("counts", c[1], c[2], c[3], c[5]) end, 300)
        `;
        const counts = async (board: string) => {
            // No generation given: the board's own firmware (runtime/board.ts firmwareOf).
            const device = currentDevice(body, { board: BOARDS[board]!, generation: undefined });
            await device.run("1s");
            device.dispose();
            return userLines(texts(device));
        };
        // luat_timer_pc.c timer_cb decrements the count before l_timer_handler decrements it again (checked on luatos-pc
        // by the corpus case sys/timer-repeat).
        expect(await counts("pc")).toEqual(["I/user.counts 1 2 2 3"]);
        expect(await counts("air780epm")).toEqual(["I/user.counts 2 3 4 6"]);
    });

    it("os.exit stops the firmware at once: no later line, timer or host publish reaches Lua", async () => {
        const device = currentDevice(`
            sys.subscribe("HOST", function() log.info("host", 1) end)
            sys.timerLoopStart(function() log.info("tick", 1) end, 100)
            sys.taskInit(function()
                sys.wait(250)
                log.info("before", 1)
                pcall(os.exit, 3)
                log.info("after", 1)
            end)
        `);
        await device.run("1s");
        device.publish("HOST");
        await device.run("1s");
        expect(texts(device)).toEqual(["I/user.tick 1", "I/user.tick 1", "I/user.before 1", "[sim] os.exit(3): the firmware stopped"]);
        expect(device.errors).toEqual([]);
        device.dispose();
    });

    it("os.exit inside a socket callback stops there too", async () => {
        const device = currentDevice(`
            local ctrl = socket.create(nil, function(_, ev, p)
                os.exit(0)
                log.info("after exit", ev)
            end)
            socket.connect(ctrl, "10.0.0.1", 9)
            sys.timerStart(function() log.info("timer", 1) end, 2000)
        `);
        await device.run("5s");
        expect(texts(device)).toEqual(["[sim] os.exit(0): the firmware stopped"]);
        device.dispose();
    });

    it("os.exit in the main chunk stops before the next statement", async () => {
        const device = currentDevice(`log.info("a", 1) os.exit(0) log.info("b", 2)`);
        await device.run("1s");
        expect(texts(device)).toEqual(["I/user.a 1", "[sim] os.exit(0): the firmware stopped"]);
        device.dispose();
    });

    it("a socket callback runs on the main thread: sys.wait in it raises and the error ends the VM", async () => {
        const device = currentDevice(`
            local ctrl = socket.create(nil, function() log.info("in callback", coroutine.isyieldable()) sys.wait(10) end)
            socket.connect(ctrl, "10.0.0.1", 9)
        `);
        await device.run("2s");
        expect(userLines(texts(device))).toEqual(["I/user.in callback false"]);
        expect(device.errors.map(e => e.kind)).toEqual(["crash"]);
        expect(device.errors[0]!.message).toContain("attempt to yield from outside a coroutine");
        device.dispose();
    });
});

describe("sys and sysplus (embedded in the current firmware)", () => {
    it("is there without a sys.lua in the build: require, the globals and sys_send/sys_wait/sys_pub", async () => {
        const device = currentDevice(`
            log.info("same", sys == require("sys"), sysplus == sys, require("sysplus") == sys)
            log.info("globals", type(sys_send), type(sys_wait), sys_pub == sys.publish, SCRIPT_LIB_VER)
        `);
        await device.run("100ms");
        expect(userLines(texts(device))).toEqual(["I/user.same true true true", "I/user.globals function function true 2.3.2"]);
        device.dispose();
    });

    it("a build's own sys.lua is found first, as the firmware's require searches the script image before its built-in libraries", async () => {
        const device = bootDevice({
            buildDir: firmwareFolder(`local s = require("sys")\nlog.info("mine", s.mine, s == sys, sysplus == sys)\n`, {
                "sys.lua": `print("user sys loaded")\nreturn { mine = true }\n`,
            }),
            generation: current,
            board: PC_BOARD,
            firmwareLogs: false,
            rebootOnCrash: false,
        });
        await device.run("100ms");
        expect(texts(device)).toEqual(["user sys loaded", "I/user.mine true true true"]);
        device.dispose();
    });

    it("wait returns nothing, waitUntil returns false on timeout and true plus the arguments when published", async () => {
        const device = currentDevice(`
            sys.taskInit(function(a, b)
                log.info("args", a, b)
                local r = { sys.wait(10) }
                log.info("wait", #r)
                r = { sys.waitUntil("NOPE", 20) }
                log.info("timeout", #r, r[1])
                sys.timerStart(sys.publish, 10, "T", 1, 2)
                r = { sys.waitUntil("T", 200) }
                log.info("published", #r, r[1], r[2], r[3])
                sys.timerStart(sys.publish, 10, "X", "v")
                log.info("ext", sys.waitUntilExt("X", 200))
                log.info("ext timeout", sys.waitUntilExt("X", 20))
                sys.publish("NOBODY", 1)
                log.info("wait 0", select("#", sys.wait(0)))
            end, "a", "b")
            log.info("outside", pcall(sys.wait, 10))
        `);
        await device.run("1s");
        const lines = userLines(texts(device));
        expect(lines[0]).toBe("I/user.args a b");
        expect(lines[1]).toMatch(/^I\/user\.outside false .*attempt to yield from outside a coroutine/);
        expect(lines.slice(2, 9)).toEqual([
            "I/user.wait 0",
            "I/user.timeout 1 false",
            "I/user.published 3 true 1 2",
            "I/user.ext X v",
            "I/user.ext timeout false",
            "I/user.wait 0 0",
        ]);
        device.dispose();
    });

    it("subscribers run in subscription order; timers stop by function and arguments; loop timers repeat", async () => {
        const device = currentDevice(`
            local function a(x) log.info("a", x) end
            local function b(x) log.info("b", x) end
            sys.subscribe("T", b)
            sys.subscribe("T", a)
            sys.subscribe("T", b)
            sys.publish("T", 1)
            local n = 0
            local id = sys.timerLoopStart(function() n = n + 1 log.info("loop", n) end, 100)
            sys.timerStart(function() sys.timerStop(id) log.info("active", sys.timerIsActive(id)) end, 350)
            sys.timerStart(log.info, 50, "one", 1)
            sys.timerStart(log.info, 60, "two", 2)
            sys.timerStop(log.info, "one", 1)
            sys.timerStart(function() sys.unsubscribe("T", b) sys.publish("T", 2) end, 400)
        `);
        await device.run("1s");
        expect(userLines(texts(device))).toEqual([
            "I/user.b 1",
            "I/user.a 1",
            "I/user.two 2",
            "I/user.loop 1",
            "I/user.loop 2",
            "I/user.loop 3",
            "I/user.active nil",
            "I/user.a 2",
        ]);
        device.dispose();
    });

    it("taskInitEx and waitMsg: target messages, the callback for others, nil on timeout, false for unknown tasks", async () => {
        const device = currentDevice(`
            sys.taskInitEx(function()
                local m = sys.waitMsg("worker", "GO", 1000)
                log.info("got", m[1], m[2], m[3])
                log.info("timeout", sys.waitMsg("worker", "GO", 50))
                sys.sendMsg("worker", "A", 1)
                log.info("any", sys.waitMsg("worker")[1])
                log.info("clean", sys.cleanMsg("worker"), sys.cleanMsg("nobody"))
                sys.taskDel("worker")
                log.info("deleted", sys_send("worker", 1), sys_wait("worker"))
            end, "worker", function(msg) log.info("other", msg[1], msg[2]) end)
            sys.timerStart(function()
                sys_send("worker", "NOISE", 7)
                sys_send("worker", "GO", 1, 2)
            end, 100)
            log.info("no name", sys.taskInitEx(function() end))
        `);
        await device.run("1s");
        const lines = texts(device);
        expect(lines.filter(l => l.startsWith("E/user.sys")).length).toBe(2);
        expect(userLines(lines)).toEqual([
            "I/user.no name",
            "I/user.other NOISE 7",
            "I/user.got GO 1 2",
            "I/user.timeout nil",
            "I/user.any A",
            "I/user.clean true false",
            "I/user.deleted false false",
        ]);
        device.dispose();
    });

    it("a task error is logged with its traceback and raised 500 ms later: the VM exits", async () => {
        const device = bootDevice({
            buildDir: firmwareFolder(`sys.taskInit(function() sys.wait(100) error("boom") end)\nsys.run()\n`),
            generation: current,
            board: PC_BOARD,
            firmwareLogs: false,
            rebootOnCrash: false,
        });
        await device.run("1s");
        const at = device.log.findIndex(l => l.text.startsWith("E/user.coroutine.resume"));
        const failing = device.log[at]!;
        expect(failing.text).toBe("E/user.coroutine.resume /luadb/main.lua:1: boom");
        expect(device.log[at + 1]!.text).toBe("stack traceback:");
        expect(failing.timeMs).toBe(100);
        expect(device.errors.map(e => [e.kind, e.timeMs])).toEqual([["crash", 600]]);
        device.dispose();
    });
});

describe("zbuff", () => {
    it("write/read/seek share one cursor that used() reports; toStr, query, del, copy, resize and indexing", async () => {
        const device = currentDevice(`
            local b = zbuff.create(8)
            log.info("new", #b, b:len(), b:used(), b[0], b[8], tostring(b):sub(1, 7))
            log.info("write", b:write(1, 2, 3), b:write("ab"), b:used(), b:toStr(0, b:used()):byte(1, -1))
            log.info("over", b:write("xyzw"), b:used(), b:write(9))
            b[0] = 0x41
            log.info("index", b[0], b:get(1))
            log.info("seek", b:seek(2), b:seek(1, zbuff.SEEK_CUR), b:seek(-2, zbuff.SEEK_END), b:seek(-100))
            log.info("read", b:read(2):byte(1, -1))
            log.info("read past", #b:read(100), b:used(), #b:read(1))
            local c = zbuff.create(16, "hello world")
            log.info("prefill", c:used(), c:query(), c:query(-5), c:query(6, 100))
            c:del(0, 6)
            log.info("del", c:used(), c:query())
            c:del(-2)
            log.info("del tail", c:used(), c:query())
            log.info("copy", c:copy(nil, "!"), c:copy(0, 0x77, 0x6f), c:query(), c:len())
            log.info("copy grows", c:copy(nil, string.rep("x", 20)), c:len(), c:used())
            c:resize(4)
            log.info("resize", c:len(), c:used(), c:toStr())
            local f = zbuff.create(4, 0x31)
            log.info("fill", f:toStr(), f:used())
            log.info("used", f:used(10), f:used(2))
            f:clear(0x32)
            log.info("clear", f:toStr())
            f:set(1, 0x33, 2)
            log.info("set", f:toStr(), f:isEqual(0, zbuff.create(4, "2332"), 0, 4))
            log.info("create 0", zbuff.create(0))
        `);
        await device.run("100ms");
        expect(userLines(texts(device))).toEqual([
            "I/user.new 8 8 0 0 nil ZBUFF*:",
            "I/user.write 3 2 5 1 2 3 97 98",
            "I/user.over 3 8 0",
            "I/user.index 65 2",
            "I/user.seek 2 3 6 0",
            "I/user.read 65 2",
            "I/user.read past 6 8 0",
            "I/user.prefill 11 hello world world world",
            "I/user.del 5 world",
            "I/user.del tail 3 wor",
            "I/user.copy 1 2 wor! 16",
            "I/user.copy grows 20 40 24",
            "I/user.resize 4 4 wor!",
            "I/user.fill 1111 0",
            "I/user.used 4 2",
            "I/user.clear 2222",
            "I/user.set 2332 true 0",
            "I/user.create 0",
        ]);
        device.dispose();
    });

    it("pack/unpack with endianness and counts, and the typed readers and writers", async () => {
        const device = currentDevice(`
            local b = zbuff.create(32)
            log.info("pack", b:pack(">IHbA", 0x01020304, 0xfffe, 7, "xy"), b:used())
            log.info("bytes", b:toStr(0, 9):byte(1, -1))
            log.info("query", b:query(0, 4, true), b:query(4, 2, true, true), b:query(4, 2, true), b:query(0, 2, false))
            b:seek(0)
            log.info("unpack", b:unpack(">IHbA2"))
            log.info("unpack past end", b:unpack("A40"))
            b:seek(0)
            log.info("little", b:pack("<hi", -2, -3), b:toStr(0, 6):byte(1, -1))
            b:seek(0)
            log.info("unpack little", b:unpack("<hi"))
            b:seek(0)
            log.info("writeU16", b:writeU16(0x1234), b:writeI8(-1), b:writeU32(0xffffffff), b:used())
            b:seek(0)
            log.info("readers", b:readU16(), b:readI8(), b:readU32(), b:readU8())
            b:seek(30)
            log.info("no room", b:writeU32(1), b:readU32())
        `);
        await device.run("100ms");
        expect(userLines(texts(device))).toEqual([
            "I/user.pack 9 9",
            "I/user.bytes 1 2 3 4 255 254 7 120 121",
            "I/user.query 16909060 -2 65534 513",
            "I/user.unpack 9 16909060 65534 7 xy",
            "I/user.unpack past end 0",
            "I/user.little 6 254 255 253 255 255 255",
            "I/user.unpack little 6 -2 -3",
            "I/user.writeU16 2 1 4 7",
            "I/user.readers 4660 -1 -1 120",
            "I/user.no room 0",
        ]);
        device.dispose();
    });
});
