import { types } from 'node:util';

/*
 * The built-ins the audit uses on application values, captured when this module loads (the preload
 * loads it before any application code). Reading a value through them never runs user code:
 *
 * - a subclass overriding `byteLength`, `size`, `entries()` or `source`, a patched
 *   `Map.prototype.entries` or `%MapIteratorPrototype%.next`, or a Proxy in the prototype chain are
 *   never consulted, because the original getters and methods are called directly on the value;
 * - each internal-slot getter is called only after a `util.types` brand check (which looks at V8's
 *   internal type, not at properties), so it never throws on a foreign object and works on objects
 *   of other realms (`node:vm`) alike;
 * - properties are read as descriptors, and a descriptor's `value` only when it is an own data
 *   property of the descriptor (a getter on `Object.prototype.value` is never reached).
 *
 * Proxies are never inspected at all: every operation on one runs a trap.
 */

/* eslint-disable @typescript-eslint/unbound-method -- the built-ins are captured unbound and called through `uncurryThis` */

/** `fn.call(self, ...args)` without looking anything up at call time. */
const uncurryThis: <T, A extends unknown[], R>(fn: (this: T, ...args: A) => R) => (self: T, ...args: A) => R =
  Function.prototype.bind.bind(Function.prototype.call) as never;

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T names what the built-in getter returns
function originalGetter<T>(proto: object, name: string): (self: object) => T {
  const get = Reflect.getOwnPropertyDescriptor(proto, name)?.get;
  if (get === undefined) throw new Error(`@tlkit/runtime-audit: ${name} has no getter on its built-in prototype`);
  return uncurryThis(get as (this: object) => T);
}

export const ownKeys = Reflect.ownKeys;
export const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
export const getPrototypeOf = Reflect.getPrototypeOf;
export const hasOwn = Object.hasOwn;
export const isArray = Array.isArray;
export const mathRound = Math.round;
export const mathMin = Math.min;
export const mathMax = Math.max;
export const dateNow = Date.now;

export const {
  isProxy,
  isModuleNamespaceObject,
  isTypedArray,
  isDataView,
  isArrayBuffer,
  isSharedArrayBuffer,
  isMap,
  isSet,
  isRegExp,
  isDate,
  isPromise,
  isWeakMap,
  isWeakSet,
  isBoxedPrimitive,
} = types;

export const typedArrayByteLength = originalGetter<number>(getPrototypeOf(Uint8Array.prototype) as object, 'byteLength');
export const dataViewByteLength = originalGetter<number>(DataView.prototype, 'byteLength');
export const arrayBufferByteLength = originalGetter<number>(ArrayBuffer.prototype, 'byteLength');
export const sharedArrayBufferByteLength = originalGetter<number>(SharedArrayBuffer.prototype, 'byteLength');
export const mapSize = originalGetter<number>(Map.prototype, 'size');
export const setSize = originalGetter<number>(Set.prototype, 'size');
export const regExpSource = originalGetter<string>(RegExp.prototype, 'source');

/** An iterator's next step; the result object has own data properties only. */
interface Step {
  readonly done?: boolean;
  readonly value?: unknown;
}

export const mapEntries = uncurryThis(Map.prototype.entries as (this: object) => object);
export const setValues = uncurryThis(Set.prototype.values as (this: object) => object);
export const mapIteratorNext = uncurryThis(
  (getPrototypeOf(new Map().entries()) as { next: (this: object) => Step }).next,
);
export const setIteratorNext = uncurryThis(
  (getPrototypeOf(new Set().values()) as { next: (this: object) => Step }).next,
);
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the cast adds `this: bigint`, which makes `self` a bigint
export const bigIntToString = uncurryThis(BigInt.prototype.toString as (this: bigint, radix?: number) => string);

/** The audit's own sets of seen objects: `Set.prototype` may be patched by the application. */
export const setHas = uncurryThis(Set.prototype.has as (this: Set<unknown>, value: unknown) => boolean);
export const setAdd = uncurryThis(Set.prototype.add as (this: Set<unknown>, value: unknown) => Set<unknown>);
export const weakMapGet = uncurryThis(WeakMap.prototype.get as (this: WeakMap<object, unknown>, key: object) => unknown);
export const weakMapSet = uncurryThis(
  WeakMap.prototype.set as (this: WeakMap<object, unknown>, key: object, value: unknown) => WeakMap<object, unknown>,
);

/** What {@link ownDataValue} returns for a missing property or an accessor. */
export const ABSENT: unique symbol = Symbol('absent');

/**
 * The value of an own data property, without running a getter or a trap (the object must not be a
 * Proxy: see {@link isProxy}, nor a module namespace, whose bindings throw in their TDZ).
 *
 * @param object - a non-Proxy object
 * @param key - the property
 * @returns the value, or {@link ABSENT} for a missing property or an accessor
 */
export function ownDataValue(object: object, key: PropertyKey): unknown {
  const descriptor = getOwnPropertyDescriptor(object, key);
  return descriptor === undefined || !hasOwn(descriptor, 'value') ? ABSENT : descriptor.value;
}

/**
 * The `name` of a core `Thread` or `ThreadPool`, read as an own data property: a subclass that
 * turns `name` into an accessor (or a constructor that returns a Proxy) never has its code run by
 * the audit; such a name is reported as `(unnamed)`.
 *
 * @param object - the thread or pool
 * @returns its name
 */
export function nameOf(object: object): string {
  if (isProxy(object)) return '(unnamed)';
  const name = ownDataValue(object, 'name');
  return typeof name === 'string' ? name : '(unnamed)';
}
