import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchRecorder, benchProfile, meetsTarget, rowId, type BenchFile } from './benchResults.js';

describe('meetsTarget', () => {
  it('compares the figure the target names', () => {
    expect(meetsTarget({ of: 'ratio', comparator: '<=', bound: 1.25 }, 1.25, undefined)).toBe(true);
    expect(meetsTarget({ of: 'ratio', comparator: '<=', bound: 1.25 }, 1.26, undefined)).toBe(false);
    // throughput is the inverse of the time ratio: 0.42× the time is 2.38× the throughput
    expect(meetsTarget({ of: 'throughput', comparator: '>=', bound: 0.9 }, 0.42, undefined)).toBe(true);
    expect(meetsTarget({ of: 'throughput', comparator: '>=', bound: 0.9 }, 1.2, undefined)).toBe(false);
    expect(meetsTarget({ of: 'value', comparator: '<', bound: 50 }, undefined, 50)).toBe(false);
    expect(meetsTarget({ of: 'value', comparator: '<', bound: 50 }, 99, 5.8)).toBe(true);
  });

  it('has no verdict without the figure', () => {
    expect(meetsTarget({ of: 'ratio', comparator: '<=', bound: 1 }, undefined, 3)).toBeUndefined();
    expect(meetsTarget({ of: 'ratio', comparator: '<=', bound: 1 }, Number.NaN, 3)).toBeUndefined();
  });
});

describe('rowId', () => {
  it('makes a slug of the label', () => {
    expect(rowId('`get()` vs raw `als.getStore()`')).toBe('get-vs-raw-als-getstore');
  });
});

describe('benchProfile', () => {
  it('is quick by environment or flag, else full', () => {
    expect(benchProfile({ TLKIT_BENCH_PROFILE: 'quick' }, [])).toBe('quick');
    expect(benchProfile({}, ['node', 'run.js', '--quick'])).toBe('quick');
    expect(benchProfile({}, [])).toBe('full');
  });
});

describe('BenchRecorder', () => {
  it('writes one file per package and Node version, with verdicts', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-results-'));
    try {
      const recorder = new BenchRecorder('@tlkit/example', 'quick');
      recorder.add({ label: 'a vs b', ratio: 1.1, target: { of: 'ratio', comparator: '<=', bound: 1.05 } });
      recorder.add({ id: 'size', label: 'bytes', candidate: { name: 'map', value: 40, unit: 'B/entry' } });
      expect(() => recorder.add({ label: 'a vs b', ratio: 1 })).toThrow(RangeError);
      const written = recorder.write(dir);
      expect(written).toBe(path.join(dir, 'example', `node-${process.versions.node}.json`));
      const file = JSON.parse(readFileSync(written, 'utf8')) as BenchFile;
      expect(file).toMatchObject({ schema: 1, package: '@tlkit/example', node: process.versions.node, profile: 'quick' });
      expect(file.rows).toEqual([
        { id: 'a-vs-b', label: 'a vs b', ratio: 1.1, target: { of: 'ratio', comparator: '<=', bound: 1.05 }, met: false },
        { id: 'size', label: 'bytes', candidate: { name: 'map', value: 40, unit: 'B/entry' } },
      ]);
      expect(file.machine.cores).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
