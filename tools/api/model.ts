/**
 * The shape of an API extract: what the LuatOS sources of one generation
 * say about the Lua API, as data. `extract.ts` writes it from a LuatOS git
 * directory; `emit.ts` turns it into declarations; `coverage.ts` counts it.
 */

/** One parameter of an annotated function (`@int pin gpio编号`). */
export interface ParamDoc {
    /** Name from the `@api` signature, or `arg<n>` when the signature has none. */
    name: string;
    /** The annotation's type words as written (`int`, `string`, `int/string`, `...`). */
    type: string;
    /** The annotation text after the type (and name). */
    description: string;
}

/** One returned value (`@return int 模式`). Several mean several Lua results. */
export interface ReturnDoc {
    type: string;
    description: string;
}

/** A documentation block (`/* ... @api ... *\/` or `--[[ ... ]]`, `---` runs). */
export interface FunctionDoc {
    /** The `@api` line as written (`wlan.getMode(dev)`), when there is one. */
    api?: string;
    /** Free text of the block before the tags. */
    description: string;
    params: ParamDoc[];
    /** True when the signature ends with `...`. */
    variadic?: boolean;
    returns: ReturnDoc[];
    /** The `@usage` text, trimmed to a few lines. */
    usage?: string;
    /**
     * How the (whole) `@usage` text calls the function: the fewest arguments
     * a call passes, and the positions (0-based) where a call passes `nil`.
     */
    usageCalls?: { fewest: number; nils?: number[] };
    /** Source file of the block, when it is not the member's file. */
    file?: string;
    /** 1-based line of the block. */
    line: number;
}

/**
 * What the body of an unannotated C function shows: the kind of each
 * argument it checks (`number`, `string`, `boolean`, `function`, `table`,
 * `userdata`, `any`; `?` when optional) and what it pushes before returning.
 */
export interface InferredSignature {
    params: string[];
    /** True when the function may read more arguments (it hands the state to helpers, or counts them). */
    rest?: boolean;
    /** Kinds of the single result joined by `|` (`nil` when it may return nothing); `""` for no result; absent when unknown. */
    returns?: string;
}

/** A registered member of a module or object table. */
export interface MemberEntry {
    kind: "function" | "constant";
    /** Source file of the registration entry, when it is not the module's (or object table's) file. */
    file?: string;
    /** 1-based line of the registration entry (or Lua definition). */
    line: number;
    /** C function behind a function member (`l_wlan_get_mac`). */
    impl?: string;
    /** For an unannotated alias: the annotated member with the same C function. */
    aliasOf?: string;
    /** The member's documentation, when annotated. */
    doc?: FunctionDoc;
    /** For an unannotated C function: the signature its body shows. */
    inferred?: InferredSignature;
    /** Constant: its value when the source gives a literal (or a define of one). */
    value?: number | string | boolean;
    /** Constant: `number`, `string`, `boolean`, `userdata` (a C pointer: light userdata) or `unknown`. */
    valueType?: "number" | "string" | "boolean" | "userdata" | "unknown";
    /** Constant: the expression as written (`Luat_GPIO_HIGH`). */
    expr?: string;
    /** Constant: the `//@const` text. */
    description?: string;
    /** Preprocessor conditions the entry has beyond its table's (`defined(LUAT_USE_MCU)`). */
    guard?: string[];
}

/** A table of methods for a module's objects (userdata metatable). */
export interface ObjectEntry {
    /** The C table's name (`reg_zbuff`). */
    table: string;
    /** The receiver name used in the annotations (`buff` in `buff:write()`). */
    receiver?: string;
    file: string;
    line: number;
    members: Record<string, MemberEntry>;
}

export interface ModuleEntry {
    /** `c`: a C library opened as a global; `lua`: a Lua library (`require`d, or global for the core ones). */
    kind: "c" | "lua";
    /** For Lua libraries: true when the firmware makes it a global (`sys`). */
    global?: boolean;
    file: string;
    line: number;
    summary?: string;
    /** The `@tag` of the module header (the LUAT_USE_* flag that enables it). */
    tag?: string;
    /** The C open function (`luaopen_gpio`). */
    opener?: string;
    members: Record<string, MemberEntry>;
    objects?: Record<string, ObjectEntry>;
}

/** Which modules a board's firmware opens, from its sources. */
export interface BoardEntry {
    /** Files the list was read from (configuration, library table). */
    sources: string[];
    /** How the list was found, in one sentence. */
    method: string;
    modules: string[];
    /** Members whose preprocessor guard is false for this board, by module. */
    omittedMembers: Record<string, string[]>;
}

export interface ApiExtract {
    /** Bumped when the format changes. */
    format: 1;
    generation: string;
    source: { repository: string; commit: string; date: string };
    boards: Record<string, BoardEntry>;
    modules: Record<string, ModuleEntry>;
}
