// @ts-check
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { END_MARKER, formatCell, latestPerLine, readResults, renderSection, replaceSection, START_MARKER } from './benchReport.js';

/** @typedef {import('./benchReport.js').BenchFile} BenchFile */
/** @typedef {import('./benchReport.js').Row} Row */

const machine = { cpu: 'Test CPU @ 1.00GHz', cores: 2, memoryBytes: 24 * 2 ** 30, platform: 'linux x64', loadStart: 0.5, loadEnd: 1.25 };

/**
 * @param {string} pkg @param {string} node @param {Row[]} rows @param {Partial<BenchFile>} [extra]
 * @returns {BenchFile}
 */
const file = (pkg, node, rows, extra = {}) => ({
  schema: 1,
  package: pkg,
  node,
  profile: 'quick',
  startedAt: '2026-11-29T12:00:00.000Z',
  durationMs: 90_000,
  machine,
  rows,
  ...extra,
});

/** @type {Row} */
const getRow = {
  id: 'get',
  label: '`get()` vs raw `als.getStore()`',
  ratio: 1.043,
  target: { of: 'ratio', comparator: '<=', bound: 1.25 },
  met: true,
};

const dirs = /** @type {string[]} */ ([]);
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('formatCell', () => {
  it('shows the ratio with the verdict for a ratio target', () => {
    expect(formatCell(getRow)).toBe('1.043× ✅');
    expect(formatCell({ ...getRow, ratio: 1.3, met: false })).toBe('1.300× ❌');
  });

  it('shows the throughput for a throughput target, the figure for a value target', () => {
    expect(formatCell({ id: 'p', label: 'pool', ratio: 0.5, target: { of: 'throughput', comparator: '>=', bound: 0.9 }, met: true })).toBe(
      '2.00× ✅',
    );
    expect(
      formatCell({
        id: 'b',
        label: 'bytes',
        candidate: { name: 'map', value: 42.24, unit: 'B/entry' },
        target: { of: 'value', comparator: '<=', bound: 64 },
        met: true,
      }),
    ).toBe('42.2 B/entry ✅');
  });

  it('gives a row without a target no mark', () => {
    expect(formatCell({ id: 'x', label: 'x', ratio: 16.4 })).toBe('16.400×');
  });
});

describe('latestPerLine', () => {
  it('keeps the newest version, then the latest run, per package and line', () => {
    const kept = latestPerLine([
      file('@tlkit/core', '22.1.0', [getRow]),
      file('@tlkit/core', '22.23.5', [getRow], { startedAt: '2026-11-28T00:00:00.000Z' }),
      file('@tlkit/core', '22.23.5', [getRow], { startedAt: '2026-11-29T00:00:00.000Z' }),
      file('@tlkit/core', '20.20.2', [getRow]),
    ]);
    const lines = kept.get('@tlkit/core');
    expect([...(lines?.keys() ?? [])]).toEqual([20, 22]);
    expect(lines?.get(22)?.startedAt).toBe('2026-11-29T00:00:00.000Z');
  });
});

describe('renderSection', () => {
  it('gives one column per line and takes rows from every line, in order of first appearance', () => {
    /** @type {Row} */
    const added = { id: 'ttl', label: 'TransmittableThreadLocal submit', ratio: 1.4, target: { of: 'ratio', comparator: '<=', bound: 1.2 }, met: false };
    const section = renderSection([file('@tlkit/core', '20.20.2', [getRow]), file('@tlkit/core', '24.22.3', [getRow, added])]);
    expect(section).toContain('| benchmark | target | Node 20.20.2 | Node 24.22.3 |');
    expect(section).toContain('| `get()` vs raw `als.getStore()` | ≤ 1.25× | 1.043× ✅ | 1.043× ✅ |');
    expect(section).toContain('| TransmittableThreadLocal submit | ≤ 1.2× | — | 1.400× ❌ |');
    expect(section).toContain('Test CPU @ 1.00GHz (`os.cpus()[0].model`), 2 cores, 24 GiB, linux x64');
    expect(section).toContain('2026-11-29 12:00 UTC, quick, 1.5 min, load 0.5 → 1.3');
    expect(section).toContain('**1 of 3 measured targets missed:** @tlkit/core “TransmittableThreadLocal submit” on Node 24.22.3.');
  });

  it('warns when a run was measured on an oversubscribed machine', () => {
    expect(renderSection([file('@tlkit/core', '20.20.2', [getRow])])).not.toContain('Measured under load');
    const loaded = file('@tlkit/core', '22.23.5', [getRow], { machine: { ...machine, loadEnd: 12.4 } });
    expect(renderSection([loaded])).toContain('**Measured under load** (load average up to 12.4 on 2 cores)');
  });

  it('says when every target is met, and when there is nothing to show', () => {
    expect(renderSection([file('@tlkit/core', '20.20.2', [getRow])])).toContain('**All 1 measured targets are met on every line.**');
    expect(renderSection([])).toContain('npm run bench:matrix');
  });
});

describe('replaceSection', () => {
  it('replaces only what lies between the markers', () => {
    const doc = `# Benchmarks\n\nhand-written\n\n${START_MARKER}\nold\n${END_MARKER}\n\nafter\n`;
    const updated = replaceSection(doc, 'new\n');
    expect(updated.startsWith('# Benchmarks\n\nhand-written\n\n')).toBe(true);
    expect(updated.endsWith(`new\n\n${END_MARKER}\n\nafter\n`)).toBe(true);
    expect(updated).not.toContain('old');
    expect(replaceSection(updated, 'new\n')).toBe(updated);
  });

  it('refuses a document without its markers', () => {
    expect(() => replaceSection('# Benchmarks\n', 'x')).toThrow(/needs/u);
  });
});

describe('readResults', () => {
  it('reads the files of every package folder and rejects another schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'core'));
    writeFileSync(join(dir, 'core', 'node-20.20.2.json'), JSON.stringify(file('@tlkit/core', '20.20.2', [getRow])));
    writeFileSync(join(dir, 'core', 'notes.txt'), 'ignored');
    expect(readResults(dir).map((each) => each.node)).toEqual(['20.20.2']);
    writeFileSync(join(dir, 'core', 'node-22.23.5.json'), JSON.stringify({ ...file('@tlkit/core', '22.23.5', []), schema: 2 }));
    expect(() => readResults(dir)).toThrow(/schema 2/u);
    expect(readResults(join(dir, 'missing'))).toEqual([]);
  });
});

describe('a partial run', () => {
  it('carries the tables of packages it did not measure over from the previous section, unchanged', () => {
    const previous = renderSection([
      file('@tlkit/core', '20.20.2', [getRow]),
      file('@tlkit/cli', '20.20.2', [{ id: 'scan', label: 'scan vs tsc', ratio: 0.5, target: { of: 'ratio', comparator: '<=', bound: 1.5 }, met: true }]),
    ]);
    const next = renderSection([file('@tlkit/core', '20.20.2', [{ ...getRow, ratio: 1.1 }])], previous);
    expect(next).toContain('| `get()` vs raw `als.getStore()` | ≤ 1.25× | 1.100× ✅ |');
    expect(next).not.toContain('1.043×');
    expect(next).toContain('### @tlkit/cli');
    expect(next).toContain('| scan vs tsc | ≤ 1.5× | 0.500× ✅ |');
    expect(next).toContain('_@tlkit/cli: carried over unchanged from the previous generation');
    // Carried again by a later partial run: nothing is duplicated or lost.
    const again = renderSection([file('@tlkit/core', '20.20.2', [{ ...getRow, ratio: 1.2 }])], next);
    expect(again.match(/### @tlkit\/cli/gu)).toHaveLength(1);
    expect(again.match(/carried over unchanged/gu)).toHaveLength(1);
    expect(again).toContain('| scan vs tsc | ≤ 1.5× | 0.500× ✅ |');
  });

  it('measures nothing new: keeps every table', () => {
    const previous = renderSection([file('@tlkit/cli', '20.20.2', [getRow])]);
    expect(renderSection([], previous)).toContain('### @tlkit/cli');
  });
});
