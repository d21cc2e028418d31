/**
 * Official demos of today's LuatOS sources (module/<board>/demo at LuatOS
 * f9601cc12) that use emulated modules, ported to TypeScript as a user
 * would write them (fixtures/current-demos/<demo>/): each builds for a
 * current board against that board's declarations with zero diagnostics,
 * runs on the simulated board, and prints the demo's log lines. Where
 * luatos-pc (today's LuatOS PC build) is there, the same build run on it
 * prints the same `I/user.` lines as the simulated pc board; without it
 * that comparison skips (and fails under CI=true). The TCP client talks to
 * the address written in the demo, so it runs on the virtual network only.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildWithoutHeap } from "../../compiler/pipeline.js";
import { formatDiagnostic } from "../../compiler/diagnostics.js";
import { bootDevice, type SimulatedDevice } from "../../runtime/index.js";
import { removeTempProjects, REPO_ROOT, writeFirmwareProject } from "../harness/tstl.js";
import { requireReferenceBinary, runLuatosPc } from "../support/reference-programs.js";

afterAll(removeTempProjects);

const DEMOS = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "current-demos");
/** What a project for one of today's boards extends: the build puts the board's own entry in its place. */
const CURRENT_CONFIG = path.join(REPO_ROOT, "types", "current", "tstl.json");

/** The demo's sources as a project's `src/` files; `exitAfterMs` adds an os.exit timer before main.ts's sys.run(). */
function demoFiles(demo: string, exitAfterMs?: number): Record<string, string> {
    const files: Record<string, string> = {};
    for (const name of fs.readdirSync(path.join(DEMOS, demo))) {
        let text = fs.readFileSync(path.join(DEMOS, demo, name), "utf8");
        if (name === "main.ts" && exitAfterMs !== undefined) {
            text = text.replace("\nsys.run();", `\nsys.timerStart(() => os.exit(0), ${exitAfterMs});\nsys.run();`);
        }
        files[`src/${name}`] = text;
    }
    return files;
}

/** Builds demo `demo` for `board`, which must give no diagnostics; the folder of its Lua. */
function buildDemo(demo: string, board: string, exitAfterMs?: number): string {
    const dir = writeFirmwareProject(demoFiles(demo, exitAfterMs), { tsconfig: { extends: CURRENT_CONFIG } });
    const result = buildWithoutHeap({ cwd: dir, board });
    expect(result.diagnostics.map(d => formatDiagnostic(d, dir))).toEqual([]);
    return path.join(dir, "build", "lua");
}

/** Boots demo `demo` on the simulated `board` and runs it for `duration`. */
async function runDemo(demo: string, board: string, duration: string): Promise<SimulatedDevice> {
    const device = bootDevice({ buildDir: buildDemo(demo, board), board, firmwareLogs: false, rebootOnCrash: false });
    await device.run(duration, { stopOnCrash: true });
    device.dispose();
    expect(device.errors.map(e => e.message)).toEqual([]);
    return device;
}

/** The firmware's `I/user.` lines, table and userdata addresses written as ADDR. */
const userLines = (lines: readonly string[]) =>
    lines.filter(l => l.startsWith("I/user.")).map(l => l.replace(/(table|userdata): (0x)?[0-9A-Fa-f]+/g, "$1: ADDR"));

/**
 * A JSON object in a line with its keys sorted: the simulator's tables
 * iterate in insertion order, the firmware's in Lua's hash order, so the
 * keys of an encoded table come out in another order (a known gap).
 */
function sortedKeys(line: string): string {
    const start = line.indexOf("{");
    if (start < 0) return line;
    const sort = (v: unknown): unknown =>
        v !== null && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sort(x)]))
            : v;
    try {
        return line.slice(0, start) + JSON.stringify(sort(JSON.parse(line.slice(start))));
    } catch {
        return line;
    }
}

/** The demo built for the pc board with an os.exit after `exitAfterMs`: its `I/user.` lines on luatos-pc and on the simulated pc board. */
async function onBothPcs(binary: string, demo: string, exitAfterMs: number): Promise<{ real: string[]; simulated: string[] }> {
    const buildDir = buildDemo(demo, "pc", exitAfterMs);
    const real = userLines((await runLuatosPc(binary, { folder: buildDir }, { limitMs: 20_000 })).lines);
    const device = bootDevice({ buildDir, board: "pc", firmwareLogs: true, rebootOnCrash: false });
    try {
        const result = await device.run("10s", { until: { log: "[sim] os.exit" } });
        expect(result.reason).toBe("log");
        return { real, simulated: userLines(device.log.map(l => l.text)) };
    } finally {
        device.dispose();
    }
}

const JSON_ROUND = [
    "I/user.string_string_test1 序列化成功： \"test\"",
    "I/user.number_string_test1 序列化成功： 123456789",
    "I/user.boolean_string_test1 序列化成功： true",
    "I/user.table_string_test1 序列化成功： {\"abc\":123,\"def\":\"123\",\"ttt\":true}",
    "I/user.nil_string_test1 序列化成功： ",
    "I/user.table_string_test2 序列化失败： Cannot serialise function: type not supported",
    "I/user.table_string_test3 序列化成功： {\"abc\":1234.568}",
    "I/user.string_string_test1 反序列化成功： test",
    "I/user.string_number_test1 反序列化成功： 123456789",
    "I/user.string_boolean_test1 反序列化成功： true",
    "I/user.string_table_test1.2 反序列化成功： table: ADDR",
    "I/user.string_table_test1.2 反序列化成功： 1234545",
    "I/user.string_table_test2 反序列化失败： Expected value but found T_OBJ_END at character 8",
    "I/user.table_string_test3 序列化成功： {\"abc\":{}}",
    "I/user.json 序列化成功： {\"str\":\"ABC\\r\\nDEF\\r\\n\"}",
    // The decoded string's line breaks split the log line; the rest is not an I/user. line.
    "I/user.json 反序列化成功： ABC",
    "I/user.json.null {\"name\":null}",
    "I/user.json.null true",
    "I/user.json.null false",
];

describe("official demos of today's modules in TypeScript", () => {
    it("json (Air8000): every second, values to JSON and back", async () => {
        const device = await runDemo("json", "air8000", "2500ms");
        expect(userLines(device.log.map(l => l.text))).toEqual(["I/user.main json 001.999.000", ...JSON_ROUND, ...JSON_ROUND]);
    });

    it("json: luatos-pc and the simulated pc board print the same lines", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc", "the json demo on luatos-pc");
        const { real, simulated } = await onBothPcs(binary, "json", 1500);
        expect(simulated.map(sortedKeys)).toEqual(real.map(sortedKeys));
        expect(real.length).toBe(1 + JSON_ROUND.length);
    });

    it("fskv (Air780EPM): stores, reads back, walks, deletes and clears", async () => {
        const device = await runDemo("fskv", "air780epm", "1s");
        const walk = ["my_bool", "my_int", "my_number", "my_str", "my_table", "mytable"];
        const values = ["true", "5", "1.230000", "goodgoodstudy", "table: ADDR", "table: ADDR"];
        expect(userLines(device.log.map(l => l.text))).toEqual([
            "I/user.main fskvdemo 001.000.000",
            "I/user.fskv init complete true",
            "I/user.获取kv数据库状态 fskv kv 8192 65536 0",
            "I/user.fskv设置用户数据是字符串 true",
            "I/user.fskv设置用户数据是布尔值 true",
            "I/user.fskv设置用户数据是数值 true",
            "I/user.fskv设置用户数据是整数 true",
            "I/user.fskv用户数据是table类型 true",
            "I/user.mytable设置用户数据是字符串 true",
            "I/user.mytable设置用户数据是布尔值 true",
            "I/user.mytable设置用户数据是数值 true",
            "I/user.mytable设置用户数据是table true",
            "I/user.获取my_str的类型和值 string goodgoodstudy",
            "I/user.获取upgrade的类型和值 boolean true",
            "I/user.获取my_number的类型和值 number 1.230000",
            "I/user.获取my_int的类型和值 number 5",
            'I/user.获取my_table的类型和值 table: ADDR {"name":"wendal","age":18}',
            'I/user.获取mytable的类型和值 table: ADDR {"wendal":"goodgoodstudy","upgrade":true,"timer":1,"bigd":{"name":"wendal","age":123}}',
            "I/user.kv数据库迭代器 userdata: ADDR",
            ...walk.flatMap((key, i) => [`I/user.kv迭代器获取下一个key ${key}`, `I/user.fskv ${key} value ${values[i]}`]),
            "I/user.kv迭代器获取下一个key nil",
            "I/user.kv数据库遍历完成",
            "I/user.fskv my_bool删除结果 true",
            "I/user.fskv 删除后查询my_bool nil nil",
            "I/user.设置新的table，key是mytable2 true",
            'I/user.mytable2的值 table: ADDR {"age":18,"name":"wendal"}',
            "I/user.mytable2删除name测试 true",
            'I/user.mytable2删除结果 table: ADDR {"age":18}',
            "I/user.清空整个kv数据库 true",
            "I/user.获取kv数据库状态 fskv kv 8192 65536 0",
        ]);
    });

    it("fskv: luatos-pc and the simulated pc board print the same lines", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc", "the fskv demo on luatos-pc");
        const { real, simulated } = await onBothPcs(binary, "fskv", 500);
        expect(simulated.map(sortedKeys)).toEqual(real.map(sortedKeys));
        expect(real.length).toBeGreaterThan(40);
    });

    it("zbuff (Air8000): buffers, cursor, pack, typed access, memory operations", async () => {
        const device = await runDemo("zbuff", "air8000", "1s");
        const nul = (l: string) => l.replace(/\0+/g, z => `<NUL*${z.length}>`);
        expect(userLines(device.log.map(l => l.text)).map(nul)).toEqual([
            "I/user.main 项目启动 zbuff 003.999.000",
            "I/user.zbuff_core 启动核心功能演示",
            "I/user.zbuff_core 缓冲区创建 长度: 1024",
            "I/user.zbuff_core === 缓冲区创建与初始化演示 ===",
            "I/user.zbuff_core 索引访问示例 buff[0] = 174",
            "I/user.zbuff_core === 基础IO操作演示 ===",
            "I/user.zbuff_core 写入字符串 123",
            "I/user.zbuff_core 写入数值 0x12, 0x13, 0x13, 0x33",
            "I/user.zbuff_core 指针当前位置 向后移动5字节 当前位置: 12",
            "I/user.zbuff_core 指针移动 重置到开头",
            "I/user.zbuff_core 读取数据 长度3: 123",
            "I/user.zbuff_core === 缓冲区清除操作 ===",
            "I/user.zbuff_core 清除操作 全部清零",
            "I/user.zbuff_core 清除操作 填充0xA5",
            "I/user.zbuff_core === 元信息查询 ===",
            "I/user.zbuff_core 元信息 总长度: 1024",
            "I/user.zbuff_core 元信息 已使用: 3",
            "I/user.zbuff_core === 高效数据查询 ===",
            "I/user.zbuff_core query查询 全部数据: 123456789ABC 12",
            "I/user.zbuff_core query查询 大端序格式: 305419896",
            "I/user.zbuff_core 核心功能演示完成",
            "I/user.zbuff_advanced 启动高级功能演示",
            "I/user.zbuff_advanced === 数据打包与解包演示 ===",
            "I/user.zbuff_advanced 数据打包 格式: >IIHA 值: 0x1234, 0x4567, 0x12, 'abcdefg'",
            "I/user.zbuff_advanced 打包后数据 0000123400004567001261626364656667 34",
            "I/user.zbuff_advanced 数据解包 数量: 20 值: 4660 17767 18 abcdefg<NUL*3>",
            "I/user.zbuff_advanced 解包输出内容 cnt: 20 a(32位): 0x1234 b(32位): 0x4567 c(16位): 0x12 s(字符串): abcdefg<NUL*3>",
            "I/user.zbuff_advanced === 类型化读写演示 ===",
            "I/user.zbuff_advanced 类型化写入 I8: 10",
            "I/user.zbuff_advanced 类型化写入 U32: 1024",
            "I/user.zbuff_advanced 类型化读取 I8: 10",
            "I/user.zbuff_advanced 类型化读取 U32: 1024",
            "I/user.zbuff_advanced === 浮点数操作演示 ===",
            "I/user.zbuff_advanced 浮点数操作 写入F32: 1.200000",
            "I/user.zbuff_advanced 浮点数操作 读取F32: 1.200000",
            "I/user.zbuff_advanced 高级功能演示完成",
            "I/user.zbuff_memory 启动内存管理功能演示",
            "I/user.zbuff_memory 大小调整 原始大小: 1024 新大小: 2048",
            "I/user.zbuff_memory 内存设置 位置10-14设置为0xaa",
            "I/user.zbuff_memory 验证结果 位置10: 170 应为0xaa",
            "I/user.zbuff_memory 删除前数据 ABCDEFGH<NUL*2040>",
            "I/user.zbuff_memory 删除操作 删除位置2-4 结果: ABFGHFGH<NUL*2040>",
            "I/user.zbuff_memory 内存比较 结果: false 差异位置: 0",
            "I/user.zbuff_memory Base64编码 长度: 8 结果: QUJGR0g=",
            "I/user.zbuff_memory 内存管理功能演示完成",
        ]);
    });

    it("zbuff: luatos-pc and the simulated pc board print the same lines", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc", "the zbuff demo on luatos-pc");
        const { real, simulated } = await onBothPcs(binary, "zbuff", 500);
        // luatos-pc's console ends a string at a NUL byte and writes the rest of the line after
        // another time prefix, joining the next lines to it: the lines holding NUL bytes (unpack's
        // "abcdefg\0\0\0" and toStr's 2048 bytes) are compared as far as the prefixes allow.
        const spliced = real.filter(l => / ?\[[^\]]*\]\[[^\]]*\] /.test(l));
        expect(spliced.length).toBe(3);
        const inSpliced = (l: string) => spliced.some(s => s.includes(l.split("\0")[0]!.replace(/^I\/user\.[^ ]* /, "")));
        expect(simulated.filter(l => !l.includes("\0") && !inSpliced(l))).toEqual(real.filter(l => !spliced.includes(l)));
        expect(simulated.filter(l => l.includes("\0") || inSpliced(l))).toHaveLength(5);
    });

    it("string (Air780EPM): the string additions", async () => {
        const device = await runDemo("string", "air780epm", "1s");
        expect(userLines(device.log.map(l => l.text))).toEqual([
            "I/user.main VOICE_CALL_DEMO 001.999.000",
            "I/user.string_demo 开始运行字符串操作演示",
            "I/user.string_demo 开始执行所有字符串操作演示",
            "I/user.string_demo 字符串操作演示脚本初始化",
            "I/user.=== 十六进制转换示例 ===",
            "I/user.toHex 原始字符串: 123abc HEX结果: 313233616263 长度: 12",
            "I/user.toHex 带空格分隔: 31 32 33 61 62 63 ",
            "I/user.fromHex HEX字符串解码: 123abc",
            "I/user.toHex 二进制数据转HEX: 0102030405",
            "I/user.=== 字符串分割示例 ===",
            'I/user.split CSV分割结果: 3 ["123","456","789"]',
            // split takes a plain separator: "%." does not occur in the address.
            'I/user.split IP地址分割: 1 ["192.168.1.1"]',
            'I/user.split 多字符分隔符: 4 ["a","b","c","d"]',
            "I/user.=== 数值转换示例 ===",
            "I/user.toValue 原始字符串: 123456 转换字符数: 6",
            "I/user.toValue 二进制结果HEX: 010203040506 12",
            "I/user.toValue 混合字符串转换: 123abc 字符数: 6",
            "I/user.toValue 混合结果HEX: 0102030A0B0C 12",
            "I/user.=== Base64编码示例 ===",
            "I/user.toBase64 原文: Hello LuaOS! 编码后: SGVsbG8gTHVhT1Mh",
            "I/user.fromBase64 解码结果: Hello LuaOS!",
            "I/user.toBase64 中文原文: 你好世界 编码后: 5L2g5aW95LiW55WM",
            "I/user.=== Base32编码解码示例 ===",
            "I/user.toBase32 原文: Hello World 编码后: JBSWY3DPEBLW64TMMQ",
            "I/user.fromBase32 解码结果: Hello World",
            "I/user.toBase32 短字符串编码: test => ORSXG5A",
            "I/user.fromBase32 短字符串解码: test",
            "I/user.toBase32 中文原文: 你好世界 编码后: 4S62BZNFXXSLRFXHSWGA",
            "I/user.fromBase32 中文解码: 你好世界",
            "I/user.toBase32 二进制数据HEX: 0102030405 Base32: AEBAGBAF",
            "I/user.toBase32 空字符串编码: '' => ",
            "I/user.fromBase32 空字符串解码: ''",
            "I/user.=== 字符串判断示例 ===",
            "I/user.startsWith 字符串: hello world",
            "I/user.startsWith 以'hello'开头: true",
            "I/user.startsWith 以'world'开头: false",
            "I/user.endsWith 以'world'结尾: true",
            "I/user.endsWith 以'hello'结尾: false",
            "I/user.=== 字符串裁剪示例 ===",
            "I/user.trim 原始字符串长度: 23",
            "I/user.trim 裁剪后字符串: 'hello world' 长度: 11",
            "I/user.trim 用户输入清理: '   admin   ' => 'admin'",
            "I/user.string_demo 所有演示执行完成",
            "I/user.string_demo 演示运行完毕",
        ]);
    });

    it("string: luatos-pc and the simulated pc board print the same lines", async ctx => {
        const binary = requireReferenceBinary(ctx, "luatos-pc", "the string demo on luatos-pc");
        const { real, simulated } = await onBothPcs(binary, "string", 500);
        expect(simulated).toEqual(real);
        expect(real.length).toBeGreaterThan(40);
    });

    it("socket long_connection TCP client (Air780EPM): sends timer data to an echo server and receives it back", async () => {
        const device = bootDevice({ buildDir: buildDemo("tcp-client", "air780epm"), board: "air780epm", firmwareLogs: false, rebootOnCrash: false });
        // The demo's server address is written in its code: the virtual network answers there.
        const received: string[] = [];
        device.virtualNetwork!.listenTcp("115.120.239.161", 25345, conn => {
            conn.onData(data => {
                received.push(Buffer.from(data).toString());
                conn.send(data);
            });
        });
        await device.run("12s", { stopOnCrash: true });
        device.dispose();
        expect(device.errors.map(e => e.message)).toEqual([]);
        const round = (n: number) => [
            "I/user.tcp_client_sender.proc send success",
            `I/user.send_data_cbfunc true timer${n}`,
            "I/user.tcp_client_main_task_func libnet.wait true true nil",
            // the 18 bytes sent ("send from timer: n") came back
            "I/user.tcp_client_receiver.proc recv data len 18",
            ...(n === 1 ? ["I/user.tcp_client_main_task_func libnet.wait true true nil"] : []),
        ];
        expect(userLines(device.log.map(l => l.text))).toEqual([
            "I/user.main SOCKET_LONG_CONNECTION 001.999.000",
            "I/user.tcp_client_main_task_func recv IP_READY 1 1",
            "I/user.tcp_client_main_task_func libnet.connect success",
            "I/user.tcp_client_main_task_func libnet.wait true true nil",
            ...round(1),
            ...round(2),
        ]);
        expect(received.join("")).toBe("send from timer: 1send from timer: 2");
    });
});
