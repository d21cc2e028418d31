/**
 * Declarations for busted (the Lua test runner) and luassert (its
 * assertions), for specs written in TypeScript and compiled with TSTL.
 *
 * Specs only: firmware never sees these (types/index.d.ts does not
 * reference this file; test/lua/tsconfig.json includes it).
 *
 * Every function here is called with a dot in Lua (no `self`), except the
 * methods of spies and stubs, which busted calls with a colon
 * (`s:clear()`, `s:revert()`).
 *
 * @example
 * describe("queue", () => {
 *     before_each(() => { q = newQueue(); });
 *     it("keeps order", () => {
 *         q.push(1);
 *         assert.are.equal(1, q.pop());
 *     });
 * });
 */
/** @noSelfInFile */

/** Define a group of tests (a "context"). Groups nest. */
declare function describe(this: void, name: string, block: (this: void) => void): void;
/** Alias of {@link describe}. */
declare function context(this: void, name: string, block: (this: void) => void): void;
/** Define one test. A test fails when an assertion fails or anything raises an error. */
declare function it(this: void, name: string, block: (this: void) => void): void;
/** Alias of {@link it}. */
declare function test(this: void, name: string, block: (this: void) => void): void;
/** A test that is not written yet: reported as pending, never run. */
declare function pending(this: void, name: string, block?: (this: void) => void): void;
/** Run the enclosed group in its own copy of the global environment (busted's default per file). */
declare function insulate(this: void, name: string, block: (this: void) => void): void;
/** Run the enclosed group so that globals it sets stay visible to later files. */
declare function expose(this: void, name: string, block: (this: void) => void): void;

/** Run before each test of the enclosing group (and its subgroups). */
declare function before_each(this: void, fn: (this: void) => void): void;
/** Run after each test of the enclosing group, even when it failed. */
declare function after_each(this: void, fn: (this: void) => void): void;
/** Run once before the first test of the enclosing group. */
declare function setup(this: void, fn: (this: void) => void): void;
/** Run once after the last test of the enclosing group. */
declare function teardown(this: void, fn: (this: void) => void): void;
/** Like {@link setup}, but only when the group has tests that run. */
declare function lazy_setup(this: void, fn: (this: void) => void): void;
/** Like {@link teardown}, but only when {@link lazy_setup} ran. */
declare function lazy_teardown(this: void, fn: (this: void) => void): void;

/** A function that records its calls and passes them through to the function it wraps. */
interface BustedSpy<F extends (this: void, ...args: any[]) => any = (this: void, ...args: any[]) => any> {
    (this: void, ...args: Parameters<F>): ReturnType<F>;
    /** Every call so far: `calls[i].vals` holds the arguments (1-based in Lua, `n` counted). */
    readonly calls: LuaTable<number, { vals: LuaTable<number, unknown> & { n: number } }>;
    /** Forget the recorded calls. */
    clear(this: BustedSpy<F>): BustedSpy<F>;
    /** Put the original function back in the table it was taken from (spy.on / stub). */
    revert(this: BustedSpy<F>): void;
}

/** A spy that replaces a function; it returns what it was told to. */
interface BustedStub<F extends (this: void, ...args: any[]) => any = (this: void, ...args: any[]) => any> extends BustedSpy<F> {
    /** Return these values from now on. */
    returns(this: BustedStub<F>, ...values: unknown[]): BustedStub<F>;
    /** Call `fn` instead from now on. */
    invokes(this: BustedStub<F>, fn: (this: void, ...args: any[]) => any): BustedStub<F>;
    /** When called with these arguments, return what the next `.returns(...)` says. */
    on_call_with(this: BustedStub<F>, ...args: unknown[]): BustedStub<F>;
}

/** luassert's `spy` module. */
interface BustedSpyModule {
    /** A new spy wrapping `fn` (or an empty function); same as `spy.new(fn)`. */
    <F extends (this: void, ...args: any[]) => any>(this: void, fn?: F): BustedSpy<F>;
    /** A new spy wrapping `fn` (or an empty function). */
    readonly "new": <F extends (this: void, ...args: any[]) => any>(this: void, fn?: F) => BustedSpy<F>;
    /** Replace `table[key]` with a spy that calls the original; `revert()` restores it. */
    on<T extends object, K extends keyof T & string>(this: void, table: T, key: K): BustedSpy;
    /** Whether `value` is a spy. */
    is_spy(this: void, value: unknown): boolean;
}
/** luassert's spies: `spy.new(fn)`, `spy.on(table, "key")`. */
declare const spy: BustedSpyModule;

/** Replace `table[key]` with a stub returning `values...`; `revert()` restores the original. */
declare function stub<T extends object, K extends keyof T & string>(this: void, table: T, key: K, ...values: unknown[]): BustedStub;
/** Wrap every function of `table` in a spy (or a stub when `useStubs` is true), recursively. */
declare function mock<T extends object>(this: void, table: T, useStubs?: boolean): T;

/** Assertions on a spy: `assert.spy(s).was.called(2)`. */
interface BustedSpyAssertion {
    /** Called `times` times (at least once when omitted). */
    called(this: void, times?: number): void;
    /** Called at least once with exactly these arguments (compared deeply). */
    called_with(this: void, ...args: unknown[]): void;
    /** Returned these values at least once. */
    returned_with(this: void, ...values: unknown[]): void;
    /** Called at least `times` times. */
    called_at_least(this: void, times: number): void;
    /** Called at most `times` times. */
    called_at_most(this: void, times: number): void;
}

/** The modifiers chain of a spy assertion: `was`, `was_not`, `has`, `not`... */
interface BustedSpyAssertions {
    was: BustedSpyAssertion;
    was_not: BustedSpyAssertion;
    has: BustedSpyAssertion;
    has_not: BustedSpyAssertion;
}

/** The value assertions shared by every modifier of `assert` (`are`, `is`, `is_not`, ...). */
interface BustedAssertions {
    /** `expected == actual` (Lua `==`: same number, string, or same table). */
    equal(this: void, expected: unknown, actual: unknown, message?: string): void;
    /** `expected` and `actual` are the same value, tables compared deeply. */
    same(this: void, expected: unknown, actual: unknown, message?: string): void;
    /** The value is `true` (exactly). */
    is_true(this: void, value: unknown, message?: string): void;
    /** The value is `false` (exactly). */
    is_false(this: void, value: unknown, message?: string): void;
    /** The value is neither `nil` nor `false`. */
    truthy(this: void, value: unknown, message?: string): void;
    /** The value is `nil` or `false`. */
    falsy(this: void, value: unknown, message?: string): void;
    /** The value is `nil`. */
    is_nil(this: void, value: unknown, message?: string): void;
    /** The value is a number. */
    is_number(this: void, value: unknown, message?: string): void;
    /** The value is a string. */
    is_string(this: void, value: unknown, message?: string): void;
    /** The value is a table. */
    is_table(this: void, value: unknown, message?: string): void;
    /** The value is a function. */
    is_function(this: void, value: unknown, message?: string): void;
    /** |expected - actual| <= tolerance. */
    near(this: void, expected: number, actual: number, tolerance: number, message?: string): void;
    /** `actual` matches the Lua pattern. */
    matches(this: void, pattern: string, actual: string, init?: number, plain?: boolean, message?: string): void;
    /** Calling `fn` raises an error (equal to `expected` when given). */
    has_error(this: void, fn: (this: void) => unknown, expected?: unknown, message?: string): void;
    /** Calling `fn` raises an error whose message matches the Lua pattern. */
    error_matches(this: void, fn: (this: void) => unknown, pattern: string, init?: number, plain?: boolean, message?: string): void;
    /** Calling `fn` raises no error. */
    has_no_error(this: void, fn: (this: void) => unknown, message?: string): void;
    /** The spy or stub assertions, through the assertion's modifier. */
    spy(this: void, s: BustedSpy): BustedSpyAssertions;
    /** Same as {@link spy}, for stubs. */
    stub(this: void, s: BustedSpy): BustedSpyAssertions;
    /** Every `unique`-ly valued list entry (no two equal, deep by default). */
    unique(this: void, list: unknown, message?: string, deep?: boolean): void;
}

/**
 * luassert: `assert.are.equal(expected, actual)`, `assert.is_true(x)`,
 * `assert.has_error(fn)`, `assert.spy(s).was.called(1)`...
 *
 * In Lua, busted's `assert` is also callable like the built-in
 * (`assert(v, message)`); lua-types declares that call.
 */
declare namespace assert {
    /** Positive assertions read as "are" (`assert.are.equal(1, x)`). */
    const are: BustedAssertions;
    /** Negated assertions read as "are not" (`assert.are_not.equal(1, x)`). */
    const are_not: BustedAssertions;
    /** Positive assertions read as "is" (`assert.is.truthy(x)`). */
    const is: BustedAssertions;
    /** Negated assertions read as "is not" (`assert.is_not.equal(1, x)`). */
    const is_not: BustedAssertions;
    /** Positive assertions read as "has" (`assert.has.error(fn)`). */
    const has: BustedAssertions & { error: BustedAssertions["has_error"] };
    /** Negated assertions read as "has no" (`assert.has_no.error(fn)`). */
    const has_no: BustedAssertions & { error: BustedAssertions["has_error"]; errors: BustedAssertions["has_error"] };

    /** `expected == actual` (Lua `==`). */
    function equal(this: void, expected: unknown, actual: unknown, message?: string): void;
    /** Deep equality. */
    function same(this: void, expected: unknown, actual: unknown, message?: string): void;
    /** The value is `true` (exactly). */
    function is_true(this: void, value: unknown, message?: string): void;
    /** The value is `false` (exactly). */
    function is_false(this: void, value: unknown, message?: string): void;
    /** The value is neither `nil` nor `false`. */
    function truthy(this: void, value: unknown, message?: string): void;
    /** The value is `nil` or `false`. */
    function falsy(this: void, value: unknown, message?: string): void;
    /** The value is `nil`. */
    function is_nil(this: void, value: unknown, message?: string): void;
    /** The value is not `nil`. */
    function is_not_nil(this: void, value: unknown, message?: string): void;
    /** The value is a number. */
    function is_number(this: void, value: unknown, message?: string): void;
    /** The value is a string. */
    function is_string(this: void, value: unknown, message?: string): void;
    /** The value is a table. */
    function is_table(this: void, value: unknown, message?: string): void;
    /** The value is a function. */
    function is_function(this: void, value: unknown, message?: string): void;
    /** |expected - actual| <= tolerance. */
    function near(this: void, expected: number, actual: number, tolerance: number, message?: string): void;
    /** `actual` matches the Lua pattern. */
    function matches(this: void, pattern: string, actual: string, init?: number, plain?: boolean, message?: string): void;
    /** Calling `fn` raises an error (equal to `expected` when given). */
    function has_error(this: void, fn: (this: void) => unknown, expected?: unknown, message?: string): void;
    /** Calling `fn` raises an error whose message matches the Lua pattern. */
    function error_matches(this: void, fn: (this: void) => unknown, pattern: string, init?: number, plain?: boolean, message?: string): void;
    /** Calling `fn` raises no error. */
    function has_no_error(this: void, fn: (this: void) => unknown, message?: string): void;
    /** Assertions on a spy: `assert.spy(s).was.called(2)`. */
    function spy(this: void, s: BustedSpy): BustedSpyAssertions;
    /** Assertions on a stub: `assert.stub(s).was.called_with(1)`. */
    function stub(this: void, s: BustedSpy): BustedSpyAssertions;
    /** Fail the test with `message`. */
    function fail(this: void, message?: string): never;
}
