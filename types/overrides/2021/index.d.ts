/**
 * Hand-written additions to the 2021 declarations, for members the 2021
 * sources register without annotations. The main 2021 overrides are
 * types/*.d.ts (socket, sys, log, rtos, topics, globals).
 */
/// <reference path="./pack.d.ts" />
/// <reference path="./mqtt2.d.ts" />
/// <reference path="./wlan.d.ts" />
/// <reference path="./string.d.ts" />
