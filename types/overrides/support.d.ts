/**
 * Types shared by the generated declarations of every generation.
 */

/**
 * A Lua table as LuatOS functions take and return it (`@table` in the
 * annotations): an array or a record, keys and values not described.
 */
type LuatTable = { [key: string]: any } | { [index: number]: any };
