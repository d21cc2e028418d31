import { afterAll, describe, expect, it } from "vitest";
import { mqttBrokerServer } from "../../runtime/net/mqtt-broker.js";
import { applyScenario, parseScenario } from "../../runtime/net/scenario.js";
import { currentDevice, removeTemporaryFolders, userLines } from "./helpers.js";

afterAll(removeTemporaryFolders);

const lines = (device: { log: { text: string }[] }) => userLines(device.log.map(l => l.text));

describe("mqtt (current firmware) on the virtual network", () => {
    it("connects by name, hears its own publishes with their metas, gets a pong after 3/4 of the keepalive", async () => {
        const device = currentDevice(`
            sys.subscribe("MQTT_PONG", function(c) log.info("MQTT_PONG", type(c), mcu.ticks()) end)
            sys.taskInit(function()
                local c = mqtt.create(nil, "broker.test", 1883)
                c:auth("dev-1", "u", "p")
                c:keepalive(20)
                c:on(function(client, event, a, b, m)
                    if event == "recv" then log.info("recv", a, b, m.qos, m.retain, m.dup, m.message_id)
                    else log.info("event", event, a, b) end
                    sys.publish("mq_" .. event)
                end)
                log.info("connect", c:connect(), c:state())
                sys.waitUntil("mq_conack", 5000)
                log.info("ready", c:ready(), c:state())
                log.info("sub", c:subscribe("own/#", 1))
                sys.waitUntil("mq_suback", 5000)
                log.info("pub", c:publish("own/x", "hello", 1), c:publish("own/y", "zero"))
                sys.waitUntil("mq_pong", 30000)
                sys.wait(10)
                log.info("disconnect", c:disconnect(), c:state())
                sys.wait(100)
                c:close()
            end)
        `);
        device.virtualNetwork!.listenTcp("broker.test", 1883, mqttBrokerServer());
        await device.run("30s");
        const got = lines(device);
        expect(got.slice(0, 10)).toEqual([
            "I/user.connect true 1",
            "I/user.event conack nil nil",
            "I/user.ready true 3",
            "I/user.sub 1",
            "I/user.event suback true 1",
            "I/user.pub 2 0",
            "I/user.event sent 0 nil",
            "I/user.event sent 2 nil",
            "I/user.recv own/x hello 1 0 0 1",
            "I/user.recv own/y zero 0 0 0 0",
        ]);
        expect(got[10]).toBe("I/user.event pong nil nil");
        // The ping timer: 3/4 of the 20 s keepalive after the CONNACK, on the virtual clock.
        const pong = /^I\/user\.MQTT_PONG userdata (\d+)$/.exec(got[11] ?? "");
        expect(Number(pong?.[1])).toBeGreaterThanOrEqual(15_000);
        expect(Number(pong?.[1])).toBeLessThan(16_000);
        expect(got.slice(12)).toEqual(["I/user.disconnect true 0", "I/user.event disconnect 0 nil", "I/user.event close nil nil"]);
    });

    it("a connect timeout without CONNACK: error timeout, then disconnect and close", async () => {
        const device = currentDevice(`
            sys.taskInit(function()
                local c = mqtt.create(nil, "silent.test", 1883, nil, {conn_timeout = 5})
                c:auth("dev-2")
                c:on(function(client, event, a, b) log.info("event", event, a, b, mcu.ticks() // 1000) end)
                c:connect()
            end)
        `);
        device.virtualNetwork!.listenTcp("silent.test", 1883, conn => conn.onData(() => undefined));
        await device.run("10s");
        expect(lines(device)).toEqual([
            "I/user.event error timeout 0 5",
            "I/user.event disconnect 0 nil 5",
            "I/user.event close nil nil 5",
        ]);
    });

    it("a scenario's mqtt-broker server: a QoS 1 round trip and the broker dropping the client", async () => {
        const device = currentDevice(`
            sys.taskInit(function()
                local c = mqtt.create(nil, "mqtt.example", 1883)
                c:auth("dev-3")
                c:on(function(client, event, a, b) log.info("event", event, a, b) sys.publish("mq_" .. event) end)
                c:connect()
                sys.waitUntil("mq_conack", 5000)
                c:subscribe("up/1", 1)
                c:publish("up/1", "x", 1)
                sys.wait(1000)
                c:publish("broker/kick", "", 0)
                sys.waitUntil("mq_close", 5000)
                log.info("after", c:ready(), c:state())
            end)
        `);
        const scenario = parseScenario({ servers: [{ type: "mqtt-broker", host: "mqtt.example", port: 1883 }] }, "scenario.json");
        await applyScenario(scenario, device.virtualNetwork!);
        await device.run("10s");
        expect(lines(device)).toEqual([
            "I/user.event conack nil nil",
            "I/user.event suback true 1",
            "I/user.event sent 2 nil",
            "I/user.event recv up/1 x",
            "I/user.event sent 0 nil",
            "I/user.event error other 0",
            "I/user.event disconnect 0 nil",
            "I/user.event close nil nil",
            "I/user.after false 0",
        ]);
    });

    it("connect before the network is up waits for it (no error), then connects", async () => {
        const device = currentDevice(`
            local c = mqtt.create(nil, "broker.test", 1883)
            c:auth("dev-4")
            c:on(function(client, event, a, b) log.info("event", event, a, b, mcu.ticks() >= 3000) end)
            log.info("connect", c:connect(), c:state())
        `);
        device.virtualNetwork!.listenTcp("broker.test", 1883, mqttBrokerServer());
        device.virtualNetwork!.addFault({ kind: "interface-down", from: 0, until: 3000 });
        await device.run("6s");
        expect(lines(device)).toEqual(["I/user.connect true 1", "I/user.event conack nil nil true"]);
    });
});
