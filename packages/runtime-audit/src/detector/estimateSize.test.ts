import { describe, expect, it } from 'vitest';
import { estimateSize } from './estimateSize.js';

describe('estimateSize', () => {
  it('counts Buffers, typed arrays and ArrayBuffers by byteLength without walking them', () => {
    expect(estimateSize(Buffer.alloc(1 << 20)).bytes).toBeGreaterThanOrEqual(1 << 20);
    expect(estimateSize(new Float64Array(1000)).bytes).toBeGreaterThanOrEqual(8000);
    expect(estimateSize(new ArrayBuffer(4096)).bytes).toBeGreaterThanOrEqual(4096);
  });

  it('counts strings by length and primitives by a fixed size', () => {
    expect(estimateSize('x'.repeat(10_000)).bytes).toBeGreaterThanOrEqual(10_000);
    expect(estimateSize(42).bytes).toBe(8);
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

  it('stays within its budget for huge values, and extrapolates', () => {
    const huge = Array.from({ length: 200_000 }, (_, i) => ({ i }));
    const map = new Map(huge.map((v, i) => [i, v]));
    const deep: Record<string, unknown> = {};
    let node = deep;
    for (let i = 0; i < 100_000; i++) node = node.next = {};
    for (const value of [huge, map, deep]) {
      const estimate = estimateSize(value, { maxNodes: 1000, maxDepth: 32 });
      expect(estimate.truncated).toBe(true);
    }
    const { bytes } = estimateSize(huge, { maxNodes: 1000, maxDepth: 32 });
    // Each element is about an object header, a key and a number: the estimate scales to 200 000 of them.
    expect(bytes).toBeGreaterThan(200_000 * 24);
  });

  it('never runs getters or proxy traps', () => {
    let ran = false;
    const sneaky = {
      get expensive(): number {
        ran = true;
        return 1;
      },
    };
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          ran = true;
          return [];
        },
      },
    );
    estimateSize({ sneaky, proxy });
    expect(ran).toBe(false);
  });
});
