-- checks: a client subscribed to its own topic receives its publishes: recv with topic, payload and metas (QoS 0 and 1), sent ids, pong after keepalive, MQTT_PONG
-- servers: mqtt-broker
-- for: 20000
local conf = require("conf")
sys.subscribe("MQTT_PONG", function(client) log.info("MQTT_PONG", type(client)) end)
sys.taskInit(function()
  local c = mqtt.create(nil, "127.0.0.1", conf["mqtt-broker"])
  c:auth("recv-1")
  c:keepalive(15)
  c:on(function(client, event, a, b, m)
    if event == "recv" then
      log.info("recv", a, b, m.qos, m.retain, m.dup, m.message_id)
    else
      log.info("event", event, a, b)
    end
    sys.publish("mq_" .. event, a, b)
  end)
  c:connect()
  sys.waitUntil("mq_conack", 3000)
  c:subscribe({["own/+"] = 1})
  sys.waitUntil("mq_suback", 3000)
  log.info("pub0", c:publish("own/a", "zero", 0))
  log.info("recv0", sys.waitUntil("mq_recv", 3000))
  log.info("pub1", c:publish("own/b", "one", 1, 1))
  log.info("recv1", sys.waitUntil("mq_recv", 3000))
  log.info("pub2", c:publish("own/c", zbuff.create(4, "abcd"), 2))
  log.info("recv2", sys.waitUntil("mq_recv", 3000))
  log.info("pong", sys.waitUntil("mq_pong", 15000))
  sys.wait(100)
  os.exit(0)
end)
sys.run()
