/**
 * Hand-written declarations of the current LuatOS generation. They take
 * precedence over the generated ones (types/generated/current), which
 * leave out every member declared here.
 */
/// <reference path="../support.d.ts" />
/// <reference path="./socket.d.ts" />
/// <reference path="./gpio.d.ts" />
/// <reference path="./zbuff.d.ts" />
/// <reference path="./sys.d.ts" />
/// <reference path="./libnet.d.ts" />
/// <reference path="./airlink.d.ts" />
/// <reference path="./i2s.d.ts" />
/// <reference path="./memprof.d.ts" />
/// <reference path="./vmx.d.ts" />
/// <reference path="./air153C_wtd.d.ts" />
/// <reference path="./dnsproxy.d.ts" />
/// <reference path="./exs_vl53l1x.d.ts" />
/// <reference path="./exapp.d.ts" />
/// <reference path="./excloud.d.ts" />
/// <reference path="./rfa.d.ts" />
/// <reference path="./exeasyui.d.ts" />
/// <reference path="./uart.d.ts" />
/// <reference path="./string.d.ts" />
/// <reference path="./fskv.d.ts" />
/// <reference path="./bit.d.ts" />
/// <reference path="./fs.d.ts" />
/// <reference path="./log.d.ts" />
