-- checks: the mqtt rotable: type, its entries in C order with pairs, constant values
-- for: 3000
log.info("type", type(mqtt), tostring(mqtt):match("^(%a+):"))
for k, v in pairs(mqtt) do log.info("entry", k, type(v) == "function" and "function" or v) end
log.info("set", pcall(function() mqtt.x = 1 end))
log.info("STATE", mqtt.STATE_DISCONNECT, mqtt.STATE_SCONNECT, mqtt.STATE_MQTT, mqtt.STATE_READY)
os.exit(0)
