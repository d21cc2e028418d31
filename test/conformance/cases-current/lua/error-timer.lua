-- checks: an error raised in a sys.timerStart callback (runs on the main thread inside sys.run)
-- for: 5000
sys.timerStart(function() error("timer boom") end, 10)
sys.run()
