import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_RUNS_KEPT, BenchRecorder, benchProfile, meetsTarget, rowId, runFileStem, type BenchFile } from './benchResults.js';

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

describe('runFileStem', () => {
  it('makes a start time a file name that sorts like the time', () => {
    expect(runFileStem('2026-11-29T13:28:05.123Z')).toBe('2026-11-29T13-28-05.123Z');
    expect(runFileStem('2026-11-29T09:00:00.000Z') < runFileStem('2026-11-29T13:28:05.123Z')).toBe(true);
  });
});

describe('BenchRecorder', () => {
  const repo = path.resolve(import.meta.dirname, '../../..');

  it('writes one file per run, with verdicts and the commit measured', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-results-'));
    try {
      const recorder = new BenchRecorder('@tlkit/example', 'quick');
      recorder.add({ label: 'a vs b', ratio: 1.1, target: { of: 'ratio', comparator: '<=', bound: 1.05 } });
      recorder.add({ id: 'size', label: 'bytes', candidate: { name: 'map', value: 40, unit: 'B/entry' } });
      expect(() => recorder.add({ label: 'a vs b', ratio: 1 })).toThrow(RangeError);
      const written = recorder.write(dir, repo);
      const file = JSON.parse(readFileSync(written, 'utf8')) as BenchFile;
      expect(written).toBe(path.join(dir, 'example', `node-${process.versions.node}`, `${runFileStem(file.startedAt)}-quick.json`));
      expect(file).toMatchObject({ schema: 1, package: '@tlkit/example', node: process.versions.node, profile: 'quick' });
      expect(file.rows).toEqual([
        { id: 'a-vs-b', label: 'a vs b', ratio: 1.1, target: { of: 'ratio', comparator: '<=', bound: 1.05 }, met: false },
        { id: 'size', label: 'bytes', candidate: { name: 'map', value: 40, unit: 'B/entry' } },
      ]);
      expect(file.machine.cores).toBeGreaterThan(0);
      expect(file.commit).toMatch(/^[0-9a-f]{40}$/u);
      expect(typeof file.dirty).toBe('boolean');
      // A second write of the same run is a second run, not an overwrite.
      const again = recorder.write(dir, repo);
      expect(again).not.toBe(written);
      expect(readdirSync(path.dirname(written))).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records no commit outside a git checkout', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-results-'));
    try {
      const file = JSON.parse(readFileSync(new BenchRecorder('@tlkit/example', 'full').write(dir, dir), 'utf8')) as BenchFile;
      expect(file.commit).toBeUndefined();
      expect(file.dirty).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the newest runs per package and Node version, and leaves the other folders alone', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-results-'));
    try {
      const folder = path.join(dir, 'example', `node-${process.versions.node}`);
      const other = path.join(dir, 'example', 'node-1.0.0');
      mkdirSync(folder, { recursive: true });
      mkdirSync(other, { recursive: true });
      const old = Array.from({ length: BENCH_RUNS_KEPT }, (_, i) => `2000-01-01T00-00-${String(i).padStart(2, '0')}.000Z-full.json`);
      for (const name of old) {
        writeFileSync(path.join(folder, name), '{}');
        writeFileSync(path.join(other, name), '{}');
      }
      writeFileSync(path.join(dir, 'example', `node-${process.versions.node}.json`), '{}');
      const written = new BenchRecorder('@tlkit/example', 'full').write(dir, dir);
      const kept = readdirSync(folder).sort();
      expect(kept).toHaveLength(BENCH_RUNS_KEPT);
      expect(kept).not.toContain(old[0]);
      expect(kept).toContain(old[1]);
      expect(kept).toContain(path.basename(written));
      expect(readdirSync(other)).toHaveLength(BENCH_RUNS_KEPT);
      // The flat file of the earlier layout is not the recorder's to delete.
      expect(readdirSync(path.join(dir, 'example'))).toContain(`node-${process.versions.node}.json`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
