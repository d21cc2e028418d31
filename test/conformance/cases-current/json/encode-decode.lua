-- checks: json.encode of tables, arrays, floats, nested values; json.decode results and errors; json.null
-- for: 5000
log.info("enc", json.encode({1, 2, 3}), json.encode({}), json.encode("s\n"), json.encode(1.5), json.encode(true))
log.info("enc", json.encode({a = {b = 1}}))
local t = json.decode('{"a":[1,2,{"b":null}],"c":"x","d":1.25}')
log.info("dec", type(t), #t.a, t.c, t.d, t.a[3].b)
log.info("bad", json.decode("{bad"))
log.info("null", type(json.null))
os.exit(0)
