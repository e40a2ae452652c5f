import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { types } from 'node:util';
import vm from 'node:vm';

/**
 * Counts user code run by the audit: every trap, getter and overridden member of the adversarial
 * values below calls {@link Probe.hit}, then throws. A test asserts `calls === 0` after the audit
 * saw the values.
 */
export class Probe {
  calls = 0;
  readonly where: string[] = [];

  /** Records that user code named `where` ran; always throws, as a hostile value would. */
  hit(where: string): never {
    this.calls++;
    if (this.where.length < 32) this.where.push(where);
    throw new Error(`user code ran: ${where}`);
  }
}

const TRAPS = [
  'apply',
  'construct',
  'defineProperty',
  'deleteProperty',
  'get',
  'getOwnPropertyDescriptor',
  'getPrototypeOf',
  'has',
  'isExtensible',
  'ownKeys',
  'preventExtensions',
  'set',
  'setPrototypeOf',
] as const;

/** A handler whose every trap is counted and throws. */
function trapHandler(probe: Probe, label: string): ProxyHandler<object> {
  const handler: Record<string, () => never> = {};
  for (const trap of TRAPS) handler[trap] = () => probe.hit(`${label}.${trap}`);
  return handler as ProxyHandler<object>;
}

/** Defines a counted, throwing getter on `target` for each name. */
function hostileGetters(target: object, probe: Probe, label: string, names: readonly PropertyKey[]): void {
  for (const name of names) {
    Object.defineProperty(target, name, {
      get: () => probe.hit(`${label}.${String(name)}`),
      configurable: true,
      enumerable: true,
    });
  }
}

/** Members that a size estimate or a type name might be tempted to read, overridden on a subclass. */
const SIZE_MEMBERS = ['byteLength', 'byteOffset', 'length', 'buffer', 'size', 'source', 'flags', 'lastIndex', 'constructor'];
const METHODS = ['entries', 'keys', 'values', 'forEach', 'get', 'has', 'deref', 'getTime', 'valueOf', 'toString', 'toJSON', 'then', 'exec'];

function overrideEverything(proto: object, probe: Probe, label: string): void {
  hostileGetters(proto, probe, label, SIZE_MEMBERS);
  for (const name of [...METHODS, Symbol.iterator, Symbol.toPrimitive, Symbol.for('nodejs.util.inspect.custom')]) {
    Object.defineProperty(proto, name, { value: () => probe.hit(`${label}.${String(name)}()`), configurable: true, writable: true });
  }
  hostileGetters(proto, probe, label, [Symbol.toStringTag]);
}

/**
 * A module namespace whose exports are in their TDZ for good (see test/fixtures/tdz). Loaded with
 * `require()` (ES modules, Node ≥ 20.19) so that Node, not the test runner's module transform,
 * evaluates it: the namespace is a real module namespace exotic object.
 */
export async function loadTdzNamespace(): Promise<object> {
  try {
    createRequire(import.meta.url)(fileURLToPath(new URL('../../test/fixtures/tdz/tdz.mjs', import.meta.url)));
  } catch {
    // tdz.mjs throws on purpose, after namespace.mjs published its namespace.
  }
  await Promise.resolve();
  const namespace = (globalThis as { __tlkitTdzNamespace?: object }).__tlkitTdzNamespace;
  if (namespace === undefined || !types.isModuleNamespaceObject(namespace)) throw new Error('the TDZ fixture did not publish a module namespace');
  return namespace;
}

/**
 * Factories of hostile values, by name: each returns a fresh value whose every trap, getter and
 * overridden member calls `probe.hit()`. `namespace` is a module namespace in its TDZ
 * ({@link loadTdzNamespace}).
 */
export function adversarialValues(probe: Probe, namespace: object): Record<string, () => unknown> {
  const trapped = <T extends object>(target: T, label: string): T => new Proxy(target, trapHandler(probe, label)) as T;

  class HostileUint8Array extends Uint8Array {}
  overrideEverything(HostileUint8Array.prototype, probe, 'Uint8Array subclass');
  class HostileBuffer extends ArrayBuffer {}
  overrideEverything(HostileBuffer.prototype, probe, 'ArrayBuffer subclass');
  class HostileShared extends SharedArrayBuffer {}
  overrideEverything(HostileShared.prototype, probe, 'SharedArrayBuffer subclass');
  class HostileView extends DataView<ArrayBuffer> {}
  overrideEverything(HostileView.prototype, probe, 'DataView subclass');
  class HostileMap extends Map<unknown, unknown> {}
  overrideEverything(HostileMap.prototype, probe, 'Map subclass');
  class HostileSet extends Set<unknown> {}
  overrideEverything(HostileSet.prototype, probe, 'Set subclass');
  class HostileRegExp extends RegExp {}
  overrideEverything(HostileRegExp.prototype, probe, 'RegExp subclass');
  class HostileDate extends Date {}
  overrideEverything(HostileDate.prototype, probe, 'Date subclass');
  class HostileArray extends Array<unknown> {}
  overrideEverything(HostileArray.prototype, probe, 'Array subclass');
  class HostileWeakRef extends WeakRef<object> {}
  overrideEverything(HostileWeakRef.prototype, probe, 'WeakRef subclass');
  class HostilePromise extends Promise<unknown> {}
  overrideEverything(HostilePromise.prototype, probe, 'Promise subclass');

  const realm = vm.createContext({ hit: (where: string) => probe.hit(`other realm: ${where}`) });
  const foreign = (source: string): unknown => vm.runInContext(source, realm);

  return {
    'proxy with throwing traps': () => trapped({ a: 1 }, 'proxy'),
    'proxy of an array': () => trapped([1, 2, 3], 'array proxy'),
    'proxy of a function': () => trapped(function target() {}, 'function proxy'),
    'proxy of a Map': () => trapped(new Map([[1, 2]]), 'Map proxy'),
    'revoked proxy': () => {
      const { proxy, revoke } = Proxy.revocable({}, trapHandler(probe, 'revoked proxy'));
      revoke();
      return proxy;
    },
    'accessor-laden object': () => {
      const value = { plain: Buffer.alloc(64) };
      hostileGetters(value, probe, 'accessor', ['a', 'b', Symbol('c'), '0']);
      return value;
    },
    'array with index accessors and holes': () => {
      const array: unknown[] = [1, , 3];
      hostileGetters(array, probe, 'index accessor', [0, 5]);
      return array;
    },
    'holey array whose prototype is a proxy': () => Object.setPrototypeOf([1, , 3], trapped([], 'array prototype proxy')) as unknown,
    'object whose prototype is a proxy': () => Object.create(trapped({}, 'prototype proxy')) as unknown,
    'object whose constructor is a getter': () => {
      const proto = {};
      hostileGetters(proto, probe, 'constructor getter', ['constructor', Symbol.toStringTag]);
      return Object.create(proto) as unknown;
    },
    'object whose constructor is a proxy': () => {
      const proto = { constructor: trapped(function Named() {}, 'constructor proxy') };
      return Object.create(proto) as unknown;
    },
    'typed-array subclass overriding byteLength': () => new HostileUint8Array(256),
    'ArrayBuffer subclass overriding byteLength': () => new HostileBuffer(512),
    'SharedArrayBuffer subclass overriding byteLength': () => new HostileShared(128),
    'DataView subclass overriding byteLength': () => new HostileView(new ArrayBuffer(64)),
    'Map subclass overriding size and entries()': () => new HostileMap([['k', Buffer.alloc(32)]]),
    'Set subclass overriding size and values()': () => new HostileSet([Buffer.alloc(32)]),
    'RegExp subclass overriding source': () => new HostileRegExp('a+b'),
    'Date subclass overriding everything': () => new HostileDate(0),
    'Array subclass overriding everything': () => HostileArray.from([1, 2, 3]),
    'WeakRef subclass overriding deref': () => new HostileWeakRef({}),
    'Promise subclass overriding then': () => new HostilePromise(() => undefined),
    'cycle through accessors': () => {
      const a: Record<string, unknown> = { name: 'a' };
      a.self = a;
      a.list = [a, { back: a }];
      hostileGetters(a, probe, 'cycle accessor', ['hidden']);
      return a;
    },
    'dictionary of 20,000 keys': () => {
      const value: Record<string, number> = {};
      for (let i = 0; i < 20_000; i++) value[`k${i}`] = i;
      return value;
    },
    'module namespace in its TDZ': () => namespace,
    'object holding a TDZ namespace': () => ({ namespace, inner: Object.create(namespace) as unknown }),
    'cross-realm object with getters': () => foreign('({ plain: 1, get sneaky() { return hit("getter"); } })'),
    'cross-realm Map subclass': () =>
      foreign(
        'class M extends Map { get size() { return hit("size"); } entries() { return hit("entries"); } [Symbol.iterator]() { return hit("iterator"); } }; new M([[1, new Uint8Array(8)]])',
      ),
    'cross-realm typed array subclass': () =>
      foreign('class T extends Uint8Array { get byteLength() { return hit("byteLength"); } }; new T(64)'),
    'cross-realm proxy': () => foreign('new Proxy({}, { ownKeys() { return hit("ownKeys"); }, getPrototypeOf() { return hit("getPrototypeOf"); } })'),
    'cross-realm global': () => foreign('globalThis'),
  };
}
