/**
 * `rfa`, the Radio Factory Agent (`script/libs/rfa.lua`): answers the AT
 * commands of an RF calibration station over a UART and keeps the
 * calibration state in the modem (`mobile.rfTestParam`). Its functions have
 * at most a one-line comment in the sources, which the generator would read
 * as a doc with no result; every function is declared here from the Lua
 * code instead. AT responses are complete texts with their CR LF framing
 * (`"\r\nOK\r\n"`).
 */
declare module "rfa" {
    /** The calibration stages (`rfa.lua:14`): IDLE 0, PREP 1, CALIB 2, SELF_CAL 3, WRITE_NV 4, NST_TEST 5, DONE 6. */
    export const STATE: { readonly IDLE: 0; readonly PREP: 1; readonly CALIB: 2; readonly SELF_CAL: 3; readonly WRITE_NV: 4; readonly NST_TEST: 5; readonly DONE: 6 };

    /** What an extension handler (see {@link register}) gets besides the command line. */
    export interface HandlerApi {
        npiGet: typeof npiGet;
        npiSet: typeof npiSet;
        state: typeof state;
        setState: typeof setState;
    }

    /** The calibration stage kept by the modem (`mobile.rfTestParam("state")`). Source: `script/libs/rfa.lua:29` */
    export function state(this: void): number;

    /** Set the calibration stage. Source: `script/libs/rfa.lua:30` @returns what `mobile.rfTestParam` returns. */
    export function setState(this: void, s: number): number;

    /** Whether the radio is on as far as `AT+CFUN` told the agent (initially `true`). Source: `script/libs/rfa.lua:31` */
    export function rfOn(this: void): boolean;

    /**
     * Back to the initial state: stage IDLE, the calibration, non-signalling
     * and CT done flags cleared, saved in the modem.
     * Source: `script/libs/rfa.lua:32`
     * @returns `true`.
     */
    export function reset(this: void): true;

    /** Read an NPI flag (`rfCaliDone`, `rfNSTDone`, `rfCTDone`...). Source: `script/libs/rfa.lua:46` */
    export function npiGet(this: void, k: string): number;

    /**
     * Set an NPI flag to 1 (`v` is `true` or 1) or 0 (anything else, 0
     * included), and save the parameters unless `no_save`.
     * Source: `script/libs/rfa.lua:47`
     * @returns what `mobile.rfTestParam` returns.
     */
    export function npiSet(this: void, k: string, v: boolean | number, no_save?: boolean): number;

    /** The IMEI the modem reports (`mobile.rfTestImei`). Source: `script/libs/rfa.lua:58` */
    export function imei(this: void): string;

    /**
     * Write the IMEI (15 characters) into the modem.
     * Source: `script/libs/rfa.lua:59`
     * @returns `true` when written; `false` (and `"imei length"` when `s` is not 15 characters) otherwise.
     */
    export function setImei(this: void, s: string): LuaMultiReturn<[ok: boolean, error?: string]>;

    /** Answer every command with ERROR while `on` (for tests). Source: `script/libs/rfa.lua:65` */
    export function setErrMode(this: void, on: boolean): void;

    /** Reset the line buffer, echo and registration report mode, then {@link reset}. For tests. Source: `script/libs/rfa.lua:66` */
    export function _reset_for_test(this: void): void;

    /**
     * Handle commands starting with `cmd_prefix` (after the command name is
     * upper-cased) with `fn`, before the built-in ones; `fn`'s result is the response.
     * Source: `script/libs/rfa.lua:69`
     */
    export function register(this: void, cmd_prefix: string, fn: (this: void, line: string, api: HandlerApi) => string | undefined): void;

    /**
     * Answer `AT+ECRFNST` commands whose id (the first 4 hex digits) is
     * `cmd_id_hex` with a template: the response is CR LF, `fn(hex)`, then CR LF OK.
     * Source: `script/libs/rfa.lua:70`
     */
    export function registerRfnst(this: void, cmd_id_hex: string, fn: (this: void, hex: string) => string): void;

    /**
     * Answer one command line: `AT+ECRFNST` first, then the registered
     * handlers, then the built-in commands. No side effect on a UART.
     * Source: `script/libs/rfa.lua:84`
     * @returns the response text; nothing for an empty line (or when an `AT+ECRFNST` answer comes later).
     */
    export function dispatch(this: void, line: string): string | undefined;

    /** The built-in commands (`AT`, `ATE0`, `AT+CGMR`, `AT+CGSN`, `AT+CFUN`...). Source: `script/libs/rfa.lua:108` @returns the response text. */
    export function _builtin_dispatch(this: void, line: string): string;

    /** Drop trailing bytes after the `MT` and hex digits of a modem answer. Source: `script/libs/rfa.lua:527` @returns nothing when `resp` is not a string of 2 characters or more. */
    export function _clean_nst_resp(this: void, resp: unknown): string | undefined;

    /** Queue an `AT+ECRFNST` command for the background task that runs them in order (UART mode). Source: `script/libs/rfa.lua:542` */
    export function _push_nst(this: void, item: { hex: string; mode: "mt_first" | "ok_first" }): void;

    /**
     * Handle an `AT+ECRFNST=<hex>` command: a template from
     * {@link registerRfnst}, else the modem (`mobile.rfTestNst`), else a
     * placeholder answer; advances the stage.
     * Source: `script/libs/rfa.lua:581`
     * @returns the response; nothing when the answer is sent later by the queue.
     */
    export function _handle_rfnst(this: void, hex: string): string | undefined;

    /** Advance the stage for an `AT+ECRFNST` command id. Source: `script/libs/rfa.lua:636` */
    export function _advance_by_cmd(this: void, cmd: string): void;

    /** Add received bytes to the line buffer. Source: `script/libs/rfa.lua:649` @returns the complete, non-empty lines. */
    export function feed(this: void, chunk: string): string[];

    /**
     * Serve a UART: set it up (`baud` default 115200), answer each received
     * line (echoing it first while echo is on), and switch the modem into RF
     * test mode on it.
     * Source: `script/libs/rfa.lua:664`
     */
    export function start(this: void, id: number, baud?: number): void;

    /** Leave RF test mode on the UART given to {@link start} and forget it. Source: `script/libs/rfa.lua:691` */
    export function stop(this: void): void;

    /**
     * Save whether the device boots into RF calibration mode, in `/factory.cfg` and in `fskv`.
     * Source: `script/libs/rfa.lua:698`
     * @returns `true`.
     */
    export function setRfOn(this: void, on: boolean): true;

    /** Whether RF calibration mode is on, from `/factory.cfg`, else `fskv`. Source: `script/libs/rfa.lua:715` */
    export function getRFAOnStatus(this: void): boolean;
}
