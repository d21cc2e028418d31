PROJECT = "demo";
VERSION = "1.0.0";
sys.taskInit(() => {
    while (true) {
        sys.wait(1000);
        log.info("main", "tick", socket.isReady());
    }
});
sys.run();
