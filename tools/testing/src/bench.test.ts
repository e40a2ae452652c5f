import { describe, expect, it } from 'vitest';
import { compare, type Side } from './bench.js';

/** Spins for about `us` microseconds: a workload whose cost is known in advance. */
function spin(us: number): void {
  const until = process.hrtime.bigint() + BigInt(us * 1000);
  while (process.hrtime.bigint() < until) {
    // busy
  }
}

/** A side whose calls per sample are recorded by its before/after hooks. */
function counted(name: string, us: number, samples: number[]): Side {
  let calls = 0;
  return {
    name,
    fn: () => {
      calls++;
      spin(us);
    },
    before: () => {
      calls = 0;
    },
    after: () => {
      samples.push(calls);
    },
  };
}

describe('compare', () => {
  const PAIRS = 3;

  it('with sameCalls, runs the baseline’s calls per sample on both sides', async () => {
    const baseline: number[] = [];
    const candidate: number[] = [];
    await compare(
      { name: 'same', ops: 1, sameCalls: true, baseline: counted('fast', 20, baseline), candidate: counted('slow', 160, candidate) },
      PAIRS,
      1,
    );
    // Each side calibrated on its own would run about 8× fewer calls of the slow side.
    expect(candidate.slice(-PAIRS)).toEqual(baseline.slice(-PAIRS));
  });
});
