import { describe, expect, it } from "vitest";
import { KICK_TOPIC, MqttBroker, mqttBrokerServer } from "../../runtime/net/mqtt-broker.js";
import {
    PACKET,
    PacketReader,
    decodeConnect,
    decodePublish,
    decodeSubscribe,
    decodeUnsubscribe,
    encodeConnect,
    encodeEmpty,
    encodeIdOnly,
    encodePacket,
    encodePublish,
    encodeSubscribe,
    encodeUnsubscribe,
    packetIdOf,
    topicMatches,
    type RawPacket,
} from "../../runtime/net/mqtt-codec.js";
import { VirtualNetwork } from "../../runtime/net/virtual-network.js";
import { FakeScheduler, recorder } from "./fake-scheduler.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const text = (s: string) => new TextEncoder().encode(s);

describe("MQTT 3.1.1 codec", () => {
    it("encodes CONNECT as libemqtt does (the bytes luatos-pc sent the test broker)", () => {
        const packet = encodeConnect({ clientId: "luatos-sim-1", username: "user", password: "pass", cleanSession: true, keepalive: 60 });
        expect(hex(packet)).toBe("102400044d51545404c2003c000c6c7561746f732d73696d2d31000475736572000470617373");
        const back = decodeConnect(new PacketReader().feed(packet)[0]!.body);
        expect(back).toMatchObject({ protocol: "MQTT", level: 4, clientId: "luatos-sim-1", username: "user", password: "pass", cleanSession: true, keepalive: 60 });
    });

    it("puts a will between the client id and the user name, with its QoS and retain flags", () => {
        const packet = encodeConnect({ clientId: "c", cleanSession: false, keepalive: 15, will: { topic: "w", payload: text("bye"), qos: 1, retain: true } });
        const back = decodeConnect(new PacketReader().feed(packet)[0]!.body);
        expect(back.will).toEqual({ topic: "w", payload: text("bye"), qos: 1, retain: true });
        expect(back.username).toBeUndefined();
        expect(packet[9]).toBe(0x2c);
    });

    it("encodes PUBLISH with a packet id only for QoS 1 and 2, and decodes its flags", () => {
        expect(hex(encodePublish({ topic: text("t/2"), payload: text("hello"), qos: 0, retain: false, dup: false, packetId: 7 }))).toBe("300a0003742f3268656c6c6f");
        const q1 = encodePublish({ topic: text("t/2"), payload: text("world"), qos: 1, retain: true, dup: true, packetId: 2 });
        expect(hex(q1)).toBe("3b0c0003742f320002776f726c64");
        const back = decodePublish(new PacketReader().feed(q1)[0]!);
        expect(back).toEqual({ topic: text("t/2"), payload: text("world"), qos: 1, retain: true, dup: true, packetId: 2 });
    });

    it("encodes the remaining length in up to four 7-bit digits", () => {
        expect(hex(encodePacket(3, 0, new Uint8Array(127))).slice(0, 4)).toBe("307f");
        expect(hex(encodePacket(3, 0, new Uint8Array(128))).slice(0, 6)).toBe("308001");
        expect(hex(encodePacket(3, 0, new Uint8Array(16384))).slice(0, 8)).toBe("30808001");
        const big = encodePacket(3, 0, new Uint8Array(200000));
        expect(new PacketReader().feed(big)[0]!.body.length).toBe(200000);
    });

    it("reassembles packets split anywhere and splits coalesced ones", () => {
        const stream = new Uint8Array([...encodeIdOnly(PACKET.PUBACK, 2), ...encodeEmpty(PACKET.PINGRESP), ...encodePacket(3, 0, new Uint8Array(300))]);
        for (let cut = 0; cut <= stream.length; cut += 1) {
            const reader = new PacketReader();
            const got: RawPacket[] = [...reader.feed(stream.slice(0, cut)), ...reader.feed(stream.slice(cut))];
            expect(got.map(p => p.type)).toEqual([PACKET.PUBACK, PACKET.PINGRESP, PACKET.PUBLISH]);
            expect(reader.pending).toBe(0);
        }
    });

    it("refuses a remaining length of more than four bytes", () => {
        expect(() => new PacketReader().feed(Uint8Array.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(/remaining length/);
    });

    it("encodes and decodes SUBSCRIBE, UNSUBSCRIBE and id-only packets", () => {
        const sub = new PacketReader().feed(encodeSubscribe(1, [{ topic: "t/1", qos: 1 }, { topic: "a/#", qos: 0 }]))[0]!;
        expect(sub.flags).toBe(2);
        expect(decodeSubscribe(sub.body)).toEqual({ packetId: 1, topics: [{ topic: "t/1", qos: 1 }, { topic: "a/#", qos: 0 }] });
        const unsub = new PacketReader().feed(encodeUnsubscribe(4, ["t/1"]))[0]!;
        expect(hex(encodeUnsubscribe(4, ["t/1"]))).toBe("a20700040003742f31");
        expect(decodeUnsubscribe(unsub.body)).toEqual({ packetId: 4, topics: ["t/1"] });
        expect(hex(encodeIdOnly(PACKET.PUBREL, 3))).toBe("62020003");
        expect(packetIdOf(Uint8Array.from([0x12, 0x34]))).toBe(0x1234);
    });

    it("matches topics against + and # filters", () => {
        expect(topicMatches("own/+", "own/a")).toBe(true);
        expect(topicMatches("own/+", "own/a/b")).toBe(false);
        expect(topicMatches("own/#", "own/a/b")).toBe(true);
        expect(topicMatches("#", "x")).toBe(true);
        expect(topicMatches("a/b", "a/b")).toBe(true);
        expect(topicMatches("a/b", "a/c")).toBe(false);
        expect(topicMatches("a/b/c", "a/b")).toBe(false);
    });
});

describe("test broker", () => {
    function client(broker: MqttBroker) {
        const out: RawPacket[] = [];
        const reader = new PacketReader();
        let closed = false;
        const session = broker.accept({ send: d => out.push(...reader.feed(d)), close: () => void (closed = true) });
        return { out, session, closed: () => closed };
    }

    it("acknowledges, routes to every subscriber (the publisher too) at the lower QoS, and drops on kick", () => {
        const broker = new MqttBroker();
        const a = client(broker);
        const b = client(broker);
        for (const c of [a, b]) c.session.data(encodeConnect({ clientId: "x", cleanSession: true, keepalive: 60 }));
        a.session.data(encodeSubscribe(1, [{ topic: "t/+", qos: 1 }]));
        b.session.data(encodeSubscribe(1, [{ topic: "t/1", qos: 0 }]));
        a.session.data(encodePublish({ topic: text("t/1"), payload: text("hi"), qos: 1, retain: false, dup: false, packetId: 9 }));
        expect(a.out.map(p => p.type)).toEqual([PACKET.CONNACK, PACKET.SUBACK, PACKET.PUBACK, PACKET.PUBLISH]);
        expect(decodePublish(a.out[3]!)).toMatchObject({ qos: 1, packetId: 1, payload: text("hi") });
        expect(decodePublish(b.out[2]!)).toMatchObject({ qos: 0, payload: text("hi") });
        a.session.data(encodeEmpty(PACKET.PINGREQ));
        expect(a.out.at(-1)!.type).toBe(PACKET.PINGRESP);
        a.session.data(encodePublish({ topic: text(KICK_TOPIC), payload: text(""), qos: 0, retain: false, dup: false, packetId: 0 }));
        expect(a.closed()).toBe(true);
        expect(b.closed()).toBe(false);
    });

    it("drops a client that sends anything before CONNECT", () => {
        const c = client(new MqttBroker());
        c.session.data(encodeEmpty(PACKET.PINGREQ));
        expect(c.closed()).toBe(true);
        expect(c.out).toEqual([]);
    });

    it("serves the virtual network", () => {
        const scheduler = new FakeScheduler();
        const net = new VirtualNetwork(scheduler, { seed: 1 });
        net.listenTcp("broker.test", 1883, mqttBrokerServer());
        const device = recorder(scheduler);
        const stream = net.connectTcp("broker.test", 1883, device.handlers);
        scheduler.runFor(1000);
        stream.send(encodeConnect({ clientId: "d", cleanSession: true, keepalive: 60 }));
        scheduler.runFor(1000);
        const reader = new PacketReader();
        const packets = device.data.flatMap(d => reader.feed(d));
        expect(packets.map(p => p.type)).toEqual([PACKET.CONNACK]);
    });
});
