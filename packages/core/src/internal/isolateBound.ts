/**
 * Values that make `structuredClone()` and `postMessage()` refuse an object that holds one.
 *
 * Both clone an object from its own enumerable string-keyed properties alone: private `#fields`
 * and the prototype are not copied, so without these a ThreadLocal (whose state is all private)
 * would arrive in a worker as `{}`, and a Thread or ThreadPool as a plain object of its public
 * fields — each detached from any thread, silently. A symbol cannot be cloned: holding one in an
 * own enumerable property turns that silent copy into a `DataCloneError` whose message is the
 * symbol's description. One shared symbol per class, so the property costs one pointer per instance
 * and no allocation, and every instance of a class keeps one hidden class.
 */
export const ISOLATE_BOUND = {
  threadLocal: Symbol('a ThreadLocal belongs to the isolate that created it and cannot be cloned or posted'),
  thread: Symbol('a Thread belongs to the isolate that created it and cannot be cloned or posted'),
  threadPool: Symbol('a ThreadPool belongs to the isolate that created it and cannot be cloned or posted'),
  captured: Symbol('a Transmitter capture belongs to the isolate that made it and cannot be cloned or posted'),
  backup: Symbol('a Transmitter backup belongs to the isolate that made it and cannot be cloned or posted'),
} as const;
