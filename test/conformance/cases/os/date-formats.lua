-- checks: os.date with the C99 conversion specifiers on a fixed time (UTC)
local sys = require "sys"
local t = 1616544000 + 3723 -- 2021-03-24 01:02:03 UTC
for _, f in ipairs({ "%Y-%m-%d %H:%M:%S", "%a %A %b %B", "%c", "%d %e %j", "%D %F %T", "%I %p", "%y %C", "%u %w", "%U %W %V", "%g %G", "%h %n%t|", "%R %r", "%x %X", "%%", "%Z", "%z" }) do
    log.info("fmt", f, os.date("!" .. f, t))
end
sys.run()
