-- sys and sysplus as the current LuatOS firmware embeds them, written for
-- the simulator (luatos-ts). Loaded once at boot: `require("sys")`,
-- `require("sysplus")` and the globals `sys`/`sysplus` are this table.
--
-- Behaviour kept from the firmware's embedded sys.lua (script/corelib):
--   * sys.wait(ms) returns nothing when its timer fires; sys.wait(0) returns at once.
--   * sys.waitUntil(topic, ms) -> true, args... when published, false on timeout.
--   * a message nobody subscribes to when it is dispatched is dropped.
--   * a task error is logged as E/user.coroutine.resume with the traceback
--     and raised again 500 ms later from the main loop (the VM exits).
--   * sys.sendMsg (sys_send) queues {a, b, c, d} for a task made by
--     sys.taskInitEx and publishes the task name; unknown task -> false.
--   * sys.waitMsg(name, target, ms) returns the first queued message equal
--     to target (others go to the task's callback or are dropped), nil on
--     timeout, false when the task was not made by taskInitEx.
-- Subscribers of one topic are called in the order they subscribed (the
-- firmware's table walk has no defined order).

local rtos, log, coroutine, unpack = rtos, log, coroutine, table.unpack

local sys = {}

SCRIPT_LIB_VER = "2.3.2"
_G.COROUTINE_ERROR_ROLL_BACK = true
_G.COROUTINE_ERROR_RESTART = true

-- Timer ids: task waits below TASK_IDS, callback timers above it.
local TASK_IDS = 0x1FFFFF
local CALLBACK_IDS = 0x7FFFFF
local lastTaskTimer = 0
local lastCallbackTimer = TASK_IDS
local timers = {}   -- id -> coroutine (task wait) or function (callback timer)
local timerArgs = {} -- id -> {args} of a callback timer

-- ---------------------------------------------------------------- tasks

local function afterResume(co, ok, ...)
    if not ok then
        local result, trace = { ... }, debug.traceback(co)
        -- As the firmware's sys: no tostring, so a table error fails with "attempt to concatenate a table value (field '?')".
        local err = result[1] .. "\r\n" .. trace
        log.error("coroutine.resume", err)
        if _G.COROUTINE_ERROR_ROLL_BACK then
            sys.timerStart(assert, 500, false, err)
        elseif _G.COROUTINE_ERROR_RESTART then
            rtos.reboot()
        end
    end
    return ok, ...
end

function sys.coresume(co, ...)
    return afterResume(co, coroutine.resume(co, ...))
end

function sys.check_task()
    local co, isMain = coroutine.running()
    if isMain then error(debug.traceback("attempt to yield from outside a coroutine")) end
    return co
end

function sys.taskInit(fn, ...)
    local co = coroutine.create(fn)
    sys.coresume(co, ...)
    return co
end

local function nextTaskTimer()
    repeat
        lastTaskTimer = lastTaskTimer >= TASK_IDS - 1 and 0 or lastTaskTimer + 1
    until timers[lastTaskTimer] == nil
    return lastTaskTimer
end

function sys.wait(ms)
    local co = sys.check_task()
    local id = nextTaskTimer()
    timers[id] = co
    if rtos.timer_start(id, ms) ~= 1 then
        log.debug("rtos.timer_start error")
        return
    end
    local woken = { coroutine.yield() }
    if #woken ~= 0 then
        -- Woken by a publish (waitUntil): the timer is no longer needed.
        rtos.timer_stop(id)
        timers[id] = nil
        return unpack(woken)
    end
end

local function waitFor(topic, ms)
    local co = sys.check_task()
    sys.subscribe(topic, co)
    local got
    if ms then got = { sys.wait(ms) } else got = { coroutine.yield() } end
    sys.unsubscribe(topic, co)
    return got
end

function sys.waitUntil(topic, ms)
    local got = waitFor(topic, ms)
    return got[1] ~= nil, unpack(got, 2, #got)
end

function sys.waitUntilExt(topic, ms)
    local got = waitFor(topic, ms)
    if got[1] ~= nil then return unpack(got) end
    return false
end

function sys.waitUntilMsg(topic)
    local got = waitFor(topic, nil)
    return unpack(got, 2, #got)
end

-- ---------------------------------------------------------------- timers

local function sameArgs(a, b)
    if not b then return #a == 0 end
    if #a ~= #b then return false end
    for i = 1, #a do
        if a[i] ~= b[i] then return false end
    end
    return true
end

local function stopTimer(id)
    rtos.timer_stop(id)
    timers[id], timerArgs[id] = nil, nil
end

function sys.timerStop(what, ...)
    if type(what) == "number" then
        stopTimer(what)
        return
    end
    local args = { ... }
    for id, v in pairs(timers) do
        if v == what and sameArgs(args, timerArgs[id]) then
            stopTimer(id)
            return
        end
    end
end

function sys.timerStopAll(fn)
    for id, v in pairs(timers) do
        if v == fn then stopTimer(id) end
    end
end

function sys.timerAdvStart(fn, ms, rep, ...)
    local args = { ... }
    sys.timerStop(fn, ...)
    repeat
        if lastCallbackTimer >= CALLBACK_IDS then lastCallbackTimer = TASK_IDS end
        lastCallbackTimer = lastCallbackTimer + 1
    until timers[lastCallbackTimer] == nil
    local id = lastCallbackTimer
    timers[id] = fn
    if rtos.timer_start(id, ms, rep) ~= 1 then
        log.error("rtos.timer_start", "create fail!!!")
        return
    end
    if #args ~= 0 then timerArgs[id] = args end
    return id
end

function sys.timerStart(fn, ms, ...)
    return sys.timerAdvStart(fn, ms, 0, ...)
end

function sys.timerLoopStart(fn, ms, ...)
    return sys.timerAdvStart(fn, ms, -1, ...)
end

function sys.timerIsActive(what, ...)
    if type(what) == "number" then return timers[what] end
    local args = { ... }
    for id, v in pairs(timers) do
        if v == what and sameArgs(args, timerArgs[id]) then return true end
    end
end

-- ---------------------------------------------------------------- publish / subscribe

local subscribers = {} -- topic -> list of functions and coroutines, in subscription order
local queue = {}

function sys.subscribe(topic, who)
    if type(topic) == "table" then
        for _, t in pairs(topic) do sys.subscribe(t, who) end
        return
    end
    local list = subscribers[topic]
    if not list then
        list = {}
        subscribers[topic] = list
    end
    for _, v in ipairs(list) do
        if v == who then return end
    end
    list[#list + 1] = who
end

function sys.unsubscribe(topic, who)
    if type(topic) == "table" then
        for _, t in pairs(topic) do sys.unsubscribe(t, who) end
        return
    end
    local list = subscribers[topic]
    if not list then return end
    for i, v in ipairs(list) do
        if v == who then
            table.remove(list, i)
            break
        end
    end
    if #list == 0 then subscribers[topic] = nil end
end

function sys.publish(...)
    -- Arguments travel as a plain list and are unpacked up to its length, as in
    -- the firmware: trailing nils are not passed on.
    queue[#queue + 1] = { ... }
end

local function dispatch()
    while #queue > 0 do
        local message = table.remove(queue, 1)
        local list = subscribers[message[1]]
        if list then
            local snapshot = { table.unpack(list) }
            for _, who in ipairs(snapshot) do
                if type(who) == "function" then
                    who(unpack(message, 2, #message))
                elseif type(who) == "thread" then
                    sys.coresume(who, unpack(message))
                end
            end
        end
    end
end

function sys.safeRun()
    dispatch()
    local msg, id, rep = rtos.receive(rtos.INF_TIMEOUT)
    if msg == rtos.MSG_TIMER and timers[id] then
        local target = timers[id]
        if id < TASK_IDS then
            timers[id] = nil
            sys.coresume(target)
        else
            local args = timerArgs[id]
            if rep == 0 then timers[id], timerArgs[id] = nil, nil end
            if args then target(unpack(args)) else target() end
        end
    end
end

if _G.SYSP then
    function sys.run() end
else
    function sys.run()
        while true do sys.safeRun() end
    end
end

_G.sys_pub = sys.publish

-- ---------------------------------------------------------------- task messages (sysplus)

local tasks = {} -- name -> { queue = {}, timedOut = false, cb = fn }

function sys.taskInitEx(fn, name, cb, ...)
    if name == nil then
        log.error("sys", "taskName is nil", debug.traceback())
        return
    end
    tasks[name] = { queue = {}, timedOut = false, cb = cb }
    return sys.taskInit(fn, ...)
end

function sys.taskDel(name)
    tasks[name] = nil
end

local function markTimeout(name)
    tasks[name].timedOut = true
    sys.publish(name)
end

-- Takes queued messages until one matches target (nil matches any).
local function takeMatching(task, target)
    while #task.queue > 0 do
        local msg = table.remove(task.queue, 1)
        if target == nil or msg[1] == target then return msg end
        if type(task.cb) == "function" then task.cb(msg) end
    end
end

function sys.waitMsg(name, target, ms)
    local task = tasks[name]
    if task == nil then
        log.error("sys", "sys.taskInitEx启动的task才能使用waitMsg")
        return false
    end
    local msg = takeMatching(task, target)
    if msg then return msg end
    local co = coroutine.running()
    sys.subscribe(name, co)
    sys.timerStop(markTimeout, name)
    if ms and ms ~= 0 then sys.timerStart(markTimeout, ms, name) end
    task.timedOut = false
    while not msg and not task.timedOut do
        coroutine.yield()
        msg = takeMatching(task, target)
    end
    -- As in the firmware: a timeout flagged in the same turn drops a message found with it.
    if task.timedOut then msg = nil end
    task.timedOut = false
    sys.timerStop(markTimeout, name)
    sys.unsubscribe(name, co)
    return msg
end

function sys.sendMsg(name, a, b, c, d)
    local task = tasks[name]
    if task == nil then return false end
    task.queue[#task.queue + 1] = { a, b, c, d }
    sys.publish(name)
    return true
end

function sys.cleanMsg(name)
    local task = tasks[name]
    if task == nil then return false end
    task.queue = {}
    return true
end

function sys.taskCB(name, msg)
    local task = tasks[name]
    if task and type(task.cb) == "function" then
        task.cb(msg)
        return
    end
    log.error(name, "no cb fun")
end

_G.sys_send = sys.sendMsg
_G.sys_wait = sys.waitMsg

-- ---------------------------------------------------------------- waits of asynchronous C functions

-- A C function that answers later (http.request) returns sys_cw(topic): its
-- result is published on topic. One that fails at once returns
-- sys_cw(nil, results...). The object's `wait` and `cb` are made when read:
-- wait() (in a task) gives the results, cb(f) runs f with them in a new task.
sys.cwaitMt = {
    wait = function(topic, results)
        return function()
            if type(results) == "table" then return unpack(results) end
            return sys.waitUntilMsg(topic)
        end
    end,
    cb = function(topic, results)
        return function(f)
            if type(f) ~= "function" then return end
            sys.taskInit(function()
                if type(results) == "table" then
                    f(unpack(results))
                else
                    f(sys.waitUntilMsg(topic))
                end
            end)
        end
    end,
}
sys.cwaitMt.__index = function(t, key)
    local make = sys.cwaitMt[key]
    if make then return make(rawget(t, "w"), rawget(t, "r")) end
end

_G.sys_cw = function(topic, ...)
    local results = { ... }
    return setmetatable({ w = topic, r = #results > 0 and results or nil }, sys.cwaitMt)
end

return sys
