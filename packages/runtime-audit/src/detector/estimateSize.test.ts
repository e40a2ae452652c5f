import { types } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { adversarialValues, loadTdzNamespace, Probe } from '../test-utils/adversarial.js';
import { DEFAULT_SIZE_BUDGET, estimateSize, SizeWork } from './estimateSize.js';
import { valueType } from './valueType.js';

let namespace: object;
beforeAll(async () => {
  namespace = await loadTdzNamespace();
});

/** An object with `count` own string keys (V8 keeps it in dictionary mode). */
function dictionary(count: number): Record<string, number> {
  const value: Record<string, number> = {};
  for (let i = 0; i < count; i++) value[`k${i}`] = i;
  return value;
}

describe('estimateSize', () => {
  it('counts Buffers, typed arrays and ArrayBuffers by byteLength without walking them', () => {
    expect(estimateSize(Buffer.alloc(1 << 20)).bytes).toBeGreaterThanOrEqual(1 << 20);
    expect(estimateSize(new Float64Array(1000)).bytes).toBeGreaterThanOrEqual(8000);
    expect(estimateSize(new ArrayBuffer(4096)).bytes).toBeGreaterThanOrEqual(4096);
    expect(estimateSize(new DataView(new ArrayBuffer(2048))).bytes).toBeGreaterThanOrEqual(2048);
  });

  it('counts strings by length and primitives by a fixed size', () => {
    expect(estimateSize('x'.repeat(10_000)).bytes).toBeGreaterThanOrEqual(10_000);
    expect(estimateSize(42).bytes).toBe(8);
    expect(estimateSize(2n ** 512n).bytes).toBeGreaterThan(64);
    expect(estimateSize(undefined).bytes).toBe(0);
    expect(estimateSize(null).bytes).toBe(0);
  });

  it('walks objects, arrays, Maps and Sets, counting shared parts once', () => {
    const shared = Buffer.alloc(10_000);
    const value = { a: shared, b: shared, list: [shared], map: new Map([['k', shared]]), set: new Set([shared]) };
    const { bytes, truncated } = estimateSize(value);
    expect(bytes).toBeGreaterThanOrEqual(10_000);
    expect(bytes).toBeLessThan(20_000);
    expect(truncated).toBe(false);
  });

  it('terminates on cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    const b: Record<string, unknown> = { name: 'b', a };
    a.b = b;
    a.self = a;
    expect(estimateSize(a).truncated).toBe(false);
    expect(estimateSize(a).bytes).toBeGreaterThan(0);
  });

  it('stays within its budget for huge values, and reports a lower bound', () => {
    const huge = Array.from({ length: 200_000 }, (_, i) => ({ i }));
    const map = new Map(huge.map((v, i) => [i, v]));
    const deep: Record<string, unknown> = {};
    let node = deep;
    for (let i = 0; i < 100_000; i++) node = node.next = {};
    const budget = { maxNodes: 1000, maxDepth: 32 };
    for (const value of [huge, map, deep]) {
      const estimate = estimateSize(value, budget);
      expect(estimate.truncated).toBe(true);
      expect(estimate.work).toBeLessThanOrEqual(budget.maxNodes);
    }
    // At least a slot per element, and the elements visited: 200 000 slots of 8 bytes.
    const { bytes } = estimateSize(huge, budget);
    expect(bytes).toBeGreaterThan(200_000 * 8);
    expect(estimateSize(map, budget).bytes).toBeGreaterThan(200_000 * 8);
  });

  it('counts a sparse array by the elements it has, not by its length', () => {
    const sparse: unknown[] = [];
    sparse[2 ** 31] = 1;
    sparse[0] = 1;
    const { bytes, truncated } = estimateSize(sparse, { maxNodes: 100, maxDepth: 32 });
    expect(truncated).toBe(true);
    expect(bytes).toBeLessThan(1_000_000_000);
  });
});

describe('estimateSize on 1M-key objects (work units, not time)', { timeout: 120_000 }, () => {
  const million = dictionary(1_000_000);

  it('visits at most its budget of properties, and marks the size a lower bound', () => {
    const work = new SizeWork();
    const estimate = estimateSize(million, DEFAULT_SIZE_BUDGET, work);
    expect(estimate.truncated).toBe(true);
    // One unit per key listed (V8 lists them all: JavaScript cannot list part of them), no property visited past the budget.
    expect(estimate.work).toBe(1 + 1_000_000);
    // At least one slot per key.
    expect(estimate.bytes).toBeGreaterThanOrEqual(1_000_000 * 8);
  });

  it('lists a large object once: later estimates sharing the memo reuse its size', () => {
    const memo = SizeWork.memo();
    const first = estimateSize({ million }, DEFAULT_SIZE_BUDGET, new SizeWork(undefined, memo));
    const second = estimateSize({ million }, DEFAULT_SIZE_BUDGET, new SizeWork(undefined, memo));
    expect(first.work).toBeGreaterThan(1_000_000);
    expect(second.work).toBeLessThanOrEqual(4);
    expect(second.truncated).toBe(true);
    expect(second.bytes).toBeGreaterThanOrEqual(1_000_000 * 8);
  });

  it('shares one budget across the estimates of a scan: once spent, values are not entered', () => {
    const work = new SizeWork(200_000);
    const others = [million, dictionary(100_000), dictionary(100_000)];
    const spent = others.map((value) => estimateSize(value, DEFAULT_SIZE_BUDGET, work).work);
    // The first listing overruns the scan budget; after it nothing is listed or visited.
    expect(spent[0]).toBe(1 + 1_000_000);
    expect(spent.slice(1)).toEqual([0, 0]);
    expect(work.left).toBe(0);
    for (const value of others) expect(estimateSize(value, DEFAULT_SIZE_BUDGET, work).bytes).toBeGreaterThanOrEqual(24);
  });
});

describe('estimateSize and valueType never run user code', () => {
  it('on every adversarial value: no trap, getter or overridden member runs, nothing throws', () => {
    const probe = new Probe();
    for (const [name, make] of Object.entries(adversarialValues(probe, namespace))) {
      const value = make();
      expect(() => estimateSize(value), name).not.toThrow();
      expect(() => valueType(value), name).not.toThrow();
      expect(estimateSize(value).bytes, name).toBeGreaterThanOrEqual(0);
      expect(probe.where, name).toEqual([]);
    }
    expect(probe.calls).toBe(0);
  });

  it('still sizes what it can see through the original built-ins', () => {
    const probe = new Probe();
    const values = adversarialValues(probe, namespace);
    expect(estimateSize(values['typed-array subclass overriding byteLength']!()).bytes).toBeGreaterThanOrEqual(256);
    expect(estimateSize(values['ArrayBuffer subclass overriding byteLength']!()).bytes).toBeGreaterThanOrEqual(512);
    expect(estimateSize(values['Map subclass overriding size and entries()']!()).bytes).toBeGreaterThanOrEqual(32);
    expect(estimateSize(values['cross-realm typed array subclass']!()).bytes).toBeGreaterThanOrEqual(64);
    // Its `constructor` is a getter: the name comes from the first prototype with a plain one.
    expect(valueType(values['Map subclass overriding size and entries()']!())).toBe('Map');
    expect(valueType(values['object whose prototype is a proxy']!())).toBe('Proxy');
    expect(valueType(values['module namespace in its TDZ']!())).toBe('Module');
    expect(estimateSize(values['proxy with throwing traps']!()).truncated).toBe(true);
    expect(probe.calls).toBe(0);
  });

  it('with built-ins patched by the application after the audit loaded', () => {
    const probe = new Probe();
    const values = Object.values(adversarialValues(probe, namespace)).map((make) => make());
    const ordinary = [new Map([[1, { a: 1 }]]), new Set([1]), [1, 2, 3], /x/, 10n, { a: [1] }];
    const mapIterator = Object.getPrototypeOf(new Map().entries()) as object;
    const setIterator = Object.getPrototypeOf(new Set().values()) as object;
    const patches: [object, PropertyKey][] = [
      [Map.prototype, 'entries'],
      [Map.prototype, 'size'],
      [Set.prototype, 'values'],
      [Set.prototype, 'has'],
      [Set.prototype, 'add'],
      [Set.prototype, 'size'],
      [mapIterator, 'next'],
      [setIterator, 'next'],
      [Array.prototype, Symbol.iterator],
      [RegExp.prototype, 'source'],
      [BigInt.prototype, 'toString'],
      [Object, 'hasOwn'],
      [Reflect, 'ownKeys'],
      [Reflect, 'getOwnPropertyDescriptor'],
      [Reflect, 'getPrototypeOf'],
      [Array, 'isArray'],
      [types, 'isProxy'],
      // Last: while it is patched, a descriptor without an own `value` (as `defineProperty` reads
      // it) reaches this getter, so it is patched last and restored first.
      [Object.prototype, 'value'],
    ];
    const saved = patches.map(([target, key]) => Object.getOwnPropertyDescriptor(target, key));
    const all = [...values, ...ordinary];
    let patched = 0;
    try {
      for (; patched < patches.length; patched++) {
        // Index reads, not destructuring: the array iterator is one of the patched built-ins.
        const patch = patches[patched]!;
        const key = patch[1];
        Object.defineProperty(patch[0], key, { __proto__: null, get: () => probe.hit(`patched ${String(key)}`), configurable: true } as PropertyDescriptor);
      }
      for (let i = 0; i < all.length; i++) {
        estimateSize(all[i]);
        valueType(all[i]);
      }
    } finally {
      for (let i = patched - 1; i >= 0; i--) {
        const patch = patches[i]!;
        const descriptor = saved[i];
        if (descriptor === undefined) Reflect.deleteProperty(patch[0], patch[1]);
        else Object.defineProperty(patch[0], patch[1], descriptor);
      }
    }
    expect(probe.where).toEqual([]);
  });
});
