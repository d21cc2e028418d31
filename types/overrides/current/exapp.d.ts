/**
 * `exapp` (`script/libs/exapp.lua`): the account functions of the app store
 * and the list refresh, which its sources leave unannotated.
 */
declare module "exapp" {
    /** What {@link iot_get_account_info} returns: the account kept in `fskv`. */
    export interface IotAccountInfo {
        account?: string;
        nickname?: string;
        /** `true` while no account is logged in. */
        is_guest?: boolean;
    }

    /**
     * Log out: forget the saved account and password, then publish
     * `"IOT_LOGOUT_RESULT"` with `{ account }` (the account that was logged
     * in). Takes no argument, returns nothing.
     * Source: `script/libs/exapp.lua:3117`
     */
    export function iot_logout(this: void): void;

    /**
     * The account currently known (logged in, or the guest state). Takes no argument.
     * Source: `script/libs/exapp.lua:3124`
     */
    export function iot_get_account_info(this: void): IotAccountInfo;

    /**
     * HTTP headers that authenticate this device to the app store for an
     * application: `{"app-key": ...}`, the RSA-encrypted, Base64 text of the
     * time, `appid` and the device id (empty when encryption fails).
     * Source: `script/libs/exapp.lua:3132`
     * @param appid the application id; `undefined` stands for an empty one.
     */
    export function iot_get_auth_headers(this: void, appid?: string): { "app-key": string };

    /**
     * Log in again with the account and password saved by an earlier
     * `iot_login`, unless in guest mode; clears them when the server refuses.
     * Blocks on an HTTP request (up to 10 s): call it in a task. Takes no
     * argument, returns nothing; the outcome is in {@link iot_get_account_info}.
     * Source: `script/libs/exapp.lua:3144`
     */
    export function iot_auto_login(this: void): void;

    /**
     * Request page 1 of the store's list again with the category, sort
     * order and search text of the last request (`get_app_list`); the result
     * comes as the `"APP_STORE_LIST_UPDATED"` message. Takes no argument.
     * Source: `script/libs/exapp.lua:4045`
     * @returns what `get_app_list` returns: `true` when the request started, `false` when the network is not ready.
     */
    export function refresh_app_list(this: void): boolean;
}
