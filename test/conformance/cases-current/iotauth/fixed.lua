-- checks: iotauth's generators with an explicit timestamp: aliyun (each method, case-insensitive, TLS), onenet (new and old style, each method, a version), iotda, tuya, baidu (with and without a timestamp): exact client id, user name and password
-- for: 5000
local function show(tag, ...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end log.info(tag, t.n, table.concat(t, " ")) end
show("aliyun", iotauth.aliyun("a1B2c3D4e5", "dev01", "Y877Bgo8X5owd3lcB5wWDjryNPoB", "hmacmd5", 1700000000))
show("aliyun1", iotauth.aliyun("a1B2c3D4e5", "dev01", "Y877Bgo8X5owd3lcB5wWDjryNPoB", "hmacsha1", 1700000000))
show("aliyun256", iotauth.aliyun("a1B2c3D4e5", "dev01", "Y877Bgo8X5owd3lcB5wWDjryNPoB", "HMACSHA256", 1700000000, true))
show("aliyuntls", iotauth.aliyun("pk", "dn", "sec", nil, 5, false))
show("aliyundef", iotauth.aliyun("pk", "dn", "sec"))
show("aliyunstr", iotauth.aliyun("pk", "dn", "sec", "hmacmd5", "123"))
show("aliyunneg", iotauth.aliyun("pk", "dn", "sec", "hmacmd5", -7))
show("onenet", iotauth.onenet("Ck2AF9QD2K", "test", "KuF3NT/jUBJ62LNBB/A8XZA9CqS3Cu79B/ABmfA1UCw="))
show("onenet1", iotauth.onenet("Ck2AF9QD2K", "test", "KuF3NT/jUBJ62LNBB/A8XZA9CqS3Cu79B/ABmfA1UCw=", "sha1", 1700000000))
show("onenet256", iotauth.onenet("Ck2AF9QD2K", "test", "KuF3NT/jUBJ62LNBB/A8XZA9CqS3Cu79B/ABmfA1UCw=", "SHA256", nil, "2020-05-29"))
show("onenetold", iotauth.onenet("12342334", "test", "adfasdfadsfadsf=", nil, nil, nil, "products/12342334"))
show("onenetres", iotauth.onenet("12342334", "test", "YWJj", "md5", nil, nil, 5))
show("iotda", iotauth.iotda("6203cc94c7fb24029b110408_88888888", "123456789", 1700000000))
show("iotdadef", iotauth.iotda("6203cc94c7fb24029b110408_88888888", "123456789"))
show("iotda0", iotauth.iotda("dev", "sec", 0))
show("tuya", iotauth.tuya("6c95875d0f5ba69607nzfl", "fb803786602df760", 1700000000))
show("tuyadef", iotauth.tuya("6c95875d0f5ba69607nzfl", "fb803786602df760"))
show("baidu", iotauth.baidu("abcd123", "mydevice", "ImSeCrEt0I1M2jkl"))
show("baidu256", iotauth.baidu("abcd123", "mydevice", "ImSeCrEt0I1M2jkl", "sha256", 1700000000))
show("baidumd5", iotauth.baidu("abcd123", "mydevice", "ImSeCrEt0I1M2jkl", "Md5", 1700000000))
-- tuya signs its token text cut to 99 bytes
show("tuyalong", iotauth.tuya(string.rep("d", 60), "sec", 1700000000))
show("tuyalong2", iotauth.tuya(string.rep("d", 61), "sec", 1700000000))
local keys = {} for k in pairs(iotauth) do keys[#keys + 1] = k end
show("keys", type(iotauth), table.concat(keys, ","), pcall(require, "iotauth"))
os.exit(0)
