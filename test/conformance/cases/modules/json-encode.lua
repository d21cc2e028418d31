-- checks: json.encode as lua-cjson of the 2021 firmware: numbers through the firmware's printf, escapes, sparse arrays, precision argument, errors as nil and a message
local sys = require "sys"
log.info("arrays", json.encode({1,2,3}), json.encode({}), json.encode({a=1}), json.encode("a/b\"\n\1\t"))
log.info("numbers", json.encode(1.5), json.encode(0.1), json.encode(1/3), json.encode(100), json.encode(1e20), json.encode(-2.25))
log.info("sparse", json.encode({[1]=1,[3]=3}), json.encode({[1]=1,[2]=2,[4]=4}), json.encode(true), json.encode(nil))
log.info("nested", json.encode({a={b={c={}}}}), json.encode({1,"a",{x=1}}), json.encode({[2.5]=1}))
log.info("precision", json.encode(1.25, "2f"), json.encode(1/3, "3g"), json.encode(0.5))
log.info("errors", json.encode({[1]=1,[20]=3}))
log.info("errors", json.encode(function() end))
log.info("errors", json.encode(1/0))
log.info("errors", pcall(json.encode))
sys.run()
