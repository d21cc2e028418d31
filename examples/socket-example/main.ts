// The example of socket.tcp in LuatOS's 2021 socket document (docs/api/lua/luat_lib_socket.md), in TypeScript, corrected to
// what the firmware does: start() returns 0 when the connection thread
// started (the document says 1), and the connect result is the integer 1 on
// success, compared with === 1 because 0 is true in Lua.
PROJECT = "socketdemo";
VERSION = "1.0.0";

sys.taskInit(() => {
    // The document checks for nil here; the firmware never returns nil (out of memory raises).
    const so = socket.tcp();
    so.host("www.baidu.com");
    so.port(80);
    so.on("connect", (id, re) => {
        if (re === 1) {
            so.send("GET / HTTP/1.0\r\n\r\n");
        }
    });
    so.on("recv", (id, data) => {
        log.info("netc", id, data);
    });
    if (so.start() === 0) {
        sys.waitUntil("NETC_END_" + so.id());
    }
    so.close();
    so.clean();
});

sys.run();
