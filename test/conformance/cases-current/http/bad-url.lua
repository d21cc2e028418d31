-- checks: what request returns at once for a bad URL or method (an object whose wait gives -4), and argument errors
-- for: 8000
-- mask: http close [0-9A-F]{16}
sys.taskInit(function()
  for _, u in ipairs({"ftp://example.com/", "http://ab", "127.0.0.1/x", "http:///path", ""}) do
    local req = http.request("GET", u)
    log.info("url", u, type(req), req.wait())
  end
  for _, m in ipairs({"HEAD", "get", "OPTIONS", "TOOLONGMETHOD"}) do
    log.info("method", m, http.request(m, "http://127.0.0.1:1/").wait())
  end
  log.info("nil-method", pcall(function() return type(http.request(nil, "ftp://x")) end))
  log.info("no-url", pcall(http.request, "GET"))
  log.info("num-url", pcall(function() return http.request("GET", 12345).wait() end))
  os.exit(0)
end)
sys.run()
