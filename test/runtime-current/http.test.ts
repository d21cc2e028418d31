import { afterAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applyScenario, loadScenario } from "../../runtime/net/scenario.js";
import { httpServer } from "../../runtime/net/servers.js";
import { currentDevice, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

const lines = (device: { log: { text: string }[] }) => userLines(device.log.map(l => l.text));

describe("http (current firmware) on the virtual network", () => {
    it("fetches from a virtual HTTP server: GET by name, POST with a body, 404, the request the server saw", async () => {
        const device = currentDevice(`
            sys.taskInit(function()
                local code, headers, body = http.request("GET", "http://api.test/hello").wait()
                log.info("get", code, headers["Content-Type"], headers["Content-Length"], body)
                code, headers, body = http.request("POST", "http://api.test:8080/data", {["X-Token"] = "t1"}, "a=1").wait()
                log.info("post", code, body)
                code, headers, body = http.request("GET", "http://api.test/missing").wait()
                log.info("404", code, body)
            end)
        `);
        const seen: string[] = [];
        const server = httpServer(req => {
            seen.push(`${req.method} ${req.target} host=${req.headers.host} token=${req.headers["x-token"] ?? "-"} body=${Buffer.from(req.body).toString()}`);
            if (req.target === "/hello") return { headers: { "Content-Type": "text/plain" }, body: "hi there" };
            if (req.target === "/data") return { status: 201, body: `got ${req.body.length}` };
            return { status: 404, body: "no" };
        });
        device.virtualNetwork!.listenTcp("api.test", 80, server);
        device.virtualNetwork!.listenTcp("api.test", 8080, server);
        await device.run("10s");
        expect(lines(device)).toEqual(["I/user.get 200 text/plain 8 hi there", "I/user.post 201 got 3", "I/user.404 404 no"]);
        expect(seen).toEqual([
            "GET /hello host=api.test:80 token=- body=",
            "POST /data host=api.test:8080 token=t1 body=a=1",
            "GET /missing host=api.test:80 token=- body=",
        ]);
    });

    it("errors on device time: an unknown name and a refused port give -4, a silent server the timeout's -8 after it", async () => {
        const device = currentDevice(`
            sys.taskInit(function()
                log.info("dns", http.request("GET", "http://nowhere.test/").wait())
                log.info("refused", http.request("GET", "http://api.test:81/").wait())
                local t0 = mcu.ticks()
                log.info("timeout", http.request("GET", "http://api.test/slow", nil, nil, {timeout = 3000}).wait())
                log.info("after", (mcu.ticks() - t0) // 1000)
            end)
        `);
        device.virtualNetwork!.listenTcp("api.test", 80, httpServer(() => undefined));
        await device.run("20s");
        expect(lines(device)).toEqual(["I/user.dns -4", "I/user.refused -4", "I/user.timeout -8", "I/user.after 3"]);
    });

    it("a chunked answer split across deliveries, and socket ids shared with socket.create", async () => {
        const device = currentDevice(`
            sys.taskInit(function()
                local s = socket.create(nil, function() end)
                socket.config(s)
                socket.connect(s, "api.test", 80)
                sys.wait(100)
                log.info("chunked", http.request("GET", "http://api.test/c").wait())
            end)
        `, { firmwareLogs: true });
        device.virtualNetwork!.listenTcp("api.test", 80, conn => {
            conn.onData(() => {
                conn.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab");
                device.clock.after(50, () => conn.send("c\r\n2\r\nde\r\n0\r\n\r\n"));
            });
        });
        await device.run("10s");
        const log = device.log.map(l => l.text);
        const ip = device.virtualNetwork!.dns.lookup("api.test");
        expect(log.filter(l => l.startsWith("I/posix_net"))).toEqual([
            `I/posix_net dns result ip ${ip}`,
            `I/posix_net socket[0] connect to ${ip}:80 TCP`,
            `I/posix_net dns result ip ${ip}`,
            `I/posix_net socket[1] connect to ${ip}:80 TCP`,
        ]);
        expect(userLines(log).map(l => l.replace(/table: \S+/, "table"))).toEqual(["I/user.chunked 200 table abcde"]);
    });

    it("an http server of a JSON scenario answers its routes, 404 elsewhere", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "luatos-http-scenario-"));
        const file = path.join(dir, "scenario.json");
        fs.writeFileSync(
            file,
            JSON.stringify({ servers: [{ type: "http", host: "api.example", port: 80, routes: { "/temp": { body: "21.5", headers: { "X-Unit": "C" } }, "/gone": { status: 410 } } }] }),
        );
        const device = currentDevice(`
            sys.taskInit(function()
                local code, headers, body = http.request("GET", "http://api.example/temp?x=1").wait()
                log.info("temp", code, headers["X-Unit"], body)
                log.info("gone", (http.request("GET", "http://api.example/gone").wait()))
                log.info("other", (http.request("GET", "http://api.example/other").wait()))
            end)
        `);
        await applyScenario(await loadScenario(file), device.virtualNetwork!);
        await device.run("10s");
        fs.rmSync(dir, { recursive: true, force: true });
        expect(lines(device)).toEqual(["I/user.temp 200 C 21.5", "I/user.gone 410", "I/user.other 404"]);
    });
});
