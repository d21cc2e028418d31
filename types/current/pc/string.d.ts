/**
 * The PC build's own addition to `string` (lstrlib.c registers it only
 * when LUA_USE_LINUX, LUA_USE_WINDOWS or LUA_USE_MACOSX is defined, as the
 * PC build is): not in the modules' firmware, so only the pc entry has it.
 */
declare namespace string {
    /**
     * Debug dump of the VM's API string cache (`lstrlib_exts.c`
     * `l_str_strs`): logs `>> <text>` at debug level under the tag "str"
     * for every short string of its 53 × 2 slots, and returns nothing.
     * Which strings are there depends on the build's C addresses.
     * @example string.strs() // D/str >> __index, D/str >> not enough memory, ...
     */
    function strs(this: void): void;
}
