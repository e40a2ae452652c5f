import { describe, expect, it } from 'vitest';
import { collectGarbage, collectUntil } from './gc.js';

describe('collectUntil', () => {
  it('collects an unreachable object within the bound', async () => {
    let target: object | null = { big: new Array(1000).fill(0) };
    const ref = new WeakRef(target);
    target = null;
    expect(await collectUntil(() => ref.deref() === undefined)).toBe(true);
  });

  it('reports false, after exactly the bound, for a condition that never holds', async () => {
    let rounds = 0;
    expect(await collectUntil(() => ++rounds < 0, 4)).toBe(false);
    expect(rounds).toBe(4);
  });

  it('never collects what is still reachable', async () => {
    const kept = { alive: true };
    const ref = new WeakRef(kept);
    await collectGarbage();
    expect(ref.deref()).toBe(kept);
  });
});
