/**
 * A small deterministic MQTT 3.1.1 broker, independent of any transport: the
 * conformance harness runs it on loopback TCP, and it can stand behind a
 * virtual server. It answers CONNECT (always accepted), SUBSCRIBE (granting
 * the QoS asked, up to 1), UNSUBSCRIBE, PUBLISH QoS 0/1/2 (routing to every
 * matching subscriber, the publisher included, at the lower of the two QoS,
 * QoS 2 downgraded to 1 on delivery), PINGREQ and DISCONNECT. No retained
 * messages, no sessions kept, no will delivery.
 *
 * One test hook: a PUBLISH to {@link KICK_TOPIC} makes the broker close that
 * client's connection (after acknowledging it), so a case can see the
 * client's reaction to a broker-side close.
 */
import type { TcpHandler } from "./tcp.js";
import {
    PACKET,
    PacketReader,
    decodeConnect,
    decodePublish,
    decodeSubscribe,
    decodeUnsubscribe,
    encodeConnack,
    encodeEmpty,
    encodeIdOnly,
    encodePublish,
    encodeSuback,
    packetIdOf,
    topicMatches,
} from "./mqtt-codec.js";

/** Publishing to this topic makes the broker drop the publisher's connection. */
export const KICK_TOPIC = "broker/kick";

/** What the broker needs of one client connection. */
export interface BrokerLink {
    send(data: Uint8Array): void;
    close(): void;
}

/** What the transport tells the broker about one client connection. */
export interface BrokerSession {
    data(bytes: Uint8Array): void;
    closed(): void;
}

interface Client {
    link: BrokerLink;
    connected: boolean;
    subscriptions: Map<string, number>;
    nextId: number;
}

/** A broker shared by all its connections. */
export class MqttBroker {
    private readonly clients = new Set<Client>();

    /** A new client connection: feed it what arrives, tell it when it closes. */
    accept(link: BrokerLink): BrokerSession {
        const client: Client = { link, connected: false, subscriptions: new Map(), nextId: 1 };
        this.clients.add(client);
        const reader = new PacketReader();
        const drop = () => {
            this.clients.delete(client);
            link.close();
        };
        return {
            data: bytes => {
                let packets;
                try {
                    packets = reader.feed(bytes);
                } catch {
                    drop();
                    return;
                }
                for (const p of packets) {
                    if (!this.clients.has(client)) return;
                    this.handle(client, p.type, p.flags, p.body, drop);
                }
            },
            closed: () => {
                this.clients.delete(client);
            },
        };
    }

    private handle(client: Client, type: number, flags: number, body: Uint8Array, drop: () => void): void {
        const send = (data: Uint8Array) => client.link.send(data);
        if (type !== PACKET.CONNECT && !client.connected) return drop();
        switch (type) {
            case PACKET.CONNECT: {
                const f = decodeConnect(body);
                if (client.connected || f.protocol !== "MQTT") return drop();
                client.connected = true;
                send(encodeConnack(false, 0));
                return;
            }
            case PACKET.SUBSCRIBE: {
                const s = decodeSubscribe(body);
                const granted = s.topics.map(t => Math.min(t.qos, 1));
                s.topics.forEach((t, i) => client.subscriptions.set(t.topic, granted[i]!));
                send(encodeSuback(s.packetId, granted));
                return;
            }
            case PACKET.UNSUBSCRIBE: {
                const u = decodeUnsubscribe(body);
                for (const t of u.topics) client.subscriptions.delete(t);
                send(encodeIdOnly(PACKET.UNSUBACK, u.packetId));
                return;
            }
            case PACKET.PUBLISH: {
                const p = decodePublish({ type, flags, body });
                if (p.qos === 1) send(encodeIdOnly(PACKET.PUBACK, p.packetId));
                if (p.qos === 2) send(encodeIdOnly(PACKET.PUBREC, p.packetId));
                const topic = new TextDecoder().decode(p.topic);
                if (topic === KICK_TOPIC) return drop();
                this.route(topic, p.topic, p.payload, p.qos);
                return;
            }
            case PACKET.PUBREL:
                send(encodeIdOnly(PACKET.PUBCOMP, packetIdOf(body)));
                return;
            case PACKET.PINGREQ:
                send(encodeEmpty(PACKET.PINGRESP));
                return;
            case PACKET.DISCONNECT:
                return drop();
            default:
                // PUBACK / PUBREC / PUBCOMP of deliveries: nothing to resend, nothing kept.
                return;
        }
    }

    private route(topic: string, raw: Uint8Array, payload: Uint8Array, qos: number): void {
        for (const c of this.clients) {
            let best = -1;
            for (const [filter, granted] of c.subscriptions) if (topicMatches(filter, topic)) best = Math.max(best, granted);
            if (best < 0) continue;
            const deliver = Math.min(best, qos, 1);
            const packetId = deliver > 0 ? c.nextId : 0;
            if (deliver > 0) c.nextId = (c.nextId % 0xffff) + 1;
            c.link.send(encodePublish({ topic: raw, payload, qos: deliver, retain: false, dup: false, packetId }));
        }
    }
}

/** The broker as a server of the virtual network (`VirtualNetwork.listenTcp`; scenario server type "mqtt-broker"). */
export function mqttBrokerServer(broker: MqttBroker = new MqttBroker()): TcpHandler {
    return conn => {
        const session = broker.accept({ send: data => conn.send(data), close: () => conn.close() });
        conn.onData(data => session.data(data));
        conn.onClose(() => session.closed());
    };
}
