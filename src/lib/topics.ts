/**
 * A typed layer over sys topics for an application's own events.
 *
 * Declare the topic in the topic map once, then use a handle:
 *
 * ```ts
 * declare global { interface LuatTopics { SAMPLE: [seq: number, value: number] } }
 * const sample = topic("SAMPLE");
 * sample.publish(1, 20.5);                  // checked against the map
 * const off = sample.subscribe((seq, v) => log.info("s", seq, v));
 * const [ok, seq] = sample.wait(5000);      // inside a task only
 * ```
 */

/** A handle on one topic of the topic map. */
export interface Topic<T extends LuatTopic> {
    readonly name: T;
    /** Queue the topic; subscribers run at the next turn of sys.run(). */
    publish(this: void, ...args: LuatTopics[T]): void;
    /** Call `fn` on every publish (on the main thread). Returns a function that unsubscribes. */
    subscribe(this: void, fn: (this: void, ...args: LuatTopics[T]) => void): (this: void) => void;
    /**
     * Inside a task: wait for the next publish, or `ms` milliseconds.
     * @blocking
     */
    wait(this: void, ms?: number): LuaMultiReturn<[true, ...LuatTopics[T]] | [false]>;
}

/** Makes a typed handle on a topic declared in the topic map. */
export function topic<T extends LuatTopic>(name: T): Topic<T> {
    return {
        name,
        publish: (...args: LuatTopics[T]) => sys.publish(name, ...args),
        subscribe: fn => {
            sys.subscribe(name, fn);
            return () => sys.unsubscribe(name, fn);
        },
        wait: ms => sys.waitUntil(name, ms),
    };
}
