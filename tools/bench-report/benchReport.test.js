// @ts-check
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  aggregateRow,
  END_MARKER,
  formatAggregate,
  formatCell,
  median,
  readResults,
  renderSection,
  replaceSection,
  selectRuns,
  START_MARKER,
} from './benchReport.js';

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

/** @param {number} hour @returns {string} a start time on 2026-11-29 */
const at = (hour) => `2026-11-29T${String(hour).padStart(2, '0')}:00:00.000Z`;

/** @param {number} ratio @returns {Row} the get row as one run measured it, verdict included */
const getRun = (ratio) => ({ ...getRow, ratio, met: ratio <= 1.25 });

describe('selectRuns', () => {
  it('takes the newest version of a line, then its newest runs', () => {
    const kept = selectRuns([
      file('@tlkit/core', '22.1.0', [getRow], { startedAt: at(13) }),
      file('@tlkit/core', '22.23.5', [getRow], { startedAt: at(9) }),
      file('@tlkit/core', '22.23.5', [getRow], { startedAt: at(11) }),
      file('@tlkit/core', '20.20.2', [getRow]),
    ]);
    const lines = kept.get('@tlkit/core');
    expect([...(lines?.keys() ?? [])]).toEqual([20, 22]);
    expect(lines?.get(22)?.node).toBe('22.23.5');
    expect(lines?.get(22)?.runs.map((run) => run.startedAt)).toEqual([at(11), at(9)]);
  });

  it('keeps at most `runs` runs, the newest, and none older than the window before the newest', () => {
    const runs = [8, 12, 14, 15, 16, 17, 18].map((hour) => file('@tlkit/core', '24.22.3', [getRow], { startedAt: at(hour) }));
    const starts = (/** @type {import('./benchReport.js').Selection} */ selection = {}) =>
      selectRuns(runs, selection).get('@tlkit/core')?.get(24)?.runs.map((run) => run.startedAt.slice(11, 13));
    expect(starts()).toEqual(['18', '17', '16', '15', '14']);
    expect(starts({ runs: 3 })).toEqual(['18', '17', '16']);
    expect(starts({ runs: 10, windowHours: 6 })).toEqual(['18', '17', '16', '15', '14', '12']);
    expect(starts({ runs: 10, since: at(15) })).toEqual(['18', '17', '16', '15']);
    expect(() => selectRuns(runs, { runs: 0 })).toThrow(RangeError);
    expect(() => selectRuns(runs, { since: 'yesterday' })).toThrow(RangeError);
  });

  it('prefers full runs to quick ones, never mixing the two, and counts the quick ones set aside', () => {
    const kept = selectRuns([
      file('@tlkit/core', '26.12.1', [getRow], { profile: 'quick', startedAt: at(14) }),
      file('@tlkit/core', '26.12.1', [getRow], { profile: 'full', startedAt: at(12) }),
      file('@tlkit/core', '26.12.1', [getRow], { profile: 'quick', startedAt: at(10) }),
      file('@tlkit/core', '20.20.2', [getRow], { profile: 'quick' }),
    ]).get('@tlkit/core');
    expect(kept?.get(26)).toMatchObject({ profile: 'full', setAside: 2 });
    expect(kept?.get(26)?.runs.map((run) => run.startedAt)).toEqual([at(12)]);
    expect(kept?.get(20)).toMatchObject({ profile: 'quick', setAside: 0 });
  });

  it('puts together only runs of the newest run\'s commit', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const kept = selectRuns([
      file('@tlkit/core', '24.22.3', [getRow], { startedAt: at(9) }),
      file('@tlkit/core', '24.22.3', [getRow], { startedAt: at(10), commit: a }),
      file('@tlkit/core', '24.22.3', [getRow], { startedAt: at(11), commit: b }),
      file('@tlkit/core', '24.22.3', [getRow], { startedAt: at(12), commit: b, dirty: true }),
      // A full run of older code does not outrank the quick runs of the code measured last.
      file('@tlkit/core', '24.22.3', [getRow], { startedAt: at(8), commit: a, profile: 'full' }),
    ]).get('@tlkit/core')?.get(24);
    expect(kept?.runs.map((run) => run.startedAt)).toEqual([at(12), at(11)]);
    expect(kept?.profile).toBe('quick');
  });
});

describe('median', () => {
  it('is the middle value of an odd count and the mean of the middle two of an even one', () => {
    expect(median([1.2, 1.0, 1.1])).toBe(1.1);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});

describe('aggregateRow', () => {
  it('judges the median, not any one run', () => {
    // One run of three over the bound: the median meets it.
    const aggregate = aggregateRow([getRun(1.3), getRun(1.1), getRun(1.2)]);
    expect(aggregate).toMatchObject({ kind: 'ratio', runs: 3, median: 1.2, low: 1.1, high: 1.3, met: true });
    expect(formatAggregate(aggregate, 3)).toBe('1.200× ✅ (1.100–1.300)');
    // Two of three over: it misses.
    expect(aggregateRow([getRun(1.3), getRun(1.1), getRun(1.26)]).met).toBe(false);
  });

  it('takes the median of an even count as the mean of the middle two, and judges that', () => {
    const aggregate = aggregateRow([getRun(1.2), getRun(1.3), getRun(1.24), getRun(1.1)]);
    expect(aggregate.median).toBeCloseTo(1.22, 10);
    expect(aggregate.met).toBe(true);
    expect(formatAggregate(aggregate, 4)).toBe('1.220× ✅ (1.100–1.300)');
  });

  it('takes the median of the figure the target names: throughput, or the candidate\'s own value', () => {
    /** @type {(ratio: number) => Row} */
    const pool = (ratio) => ({ id: 'p', label: 'pool', ratio, target: { of: 'throughput', comparator: '>=', bound: 0.9 }, met: 1 / ratio >= 0.9 });
    const throughput = aggregateRow([pool(0.5), pool(0.4), pool(0.25), pool(1.25)]);
    // Throughputs 2, 2.5, 4 and 0.8: the median is (2 + 2.5) / 2, not the inverse of the ratios' median.
    expect(throughput).toMatchObject({ kind: 'throughput', median: 2.25, low: 0.8, high: 4, met: true });
    expect(formatAggregate(throughput, 4)).toBe('2.25× ✅ (0.80–4.00)');
    /** @type {(ms: number) => Row} */
    const scan = (ms) => ({ id: 's', label: 'scan', candidate: { name: 'scan', value: ms, unit: 'ms' }, target: { of: 'value', comparator: '<', bound: 50 } });
    const value = aggregateRow([scan(10.8), scan(9.8), scan(14.8)]);
    expect(formatAggregate(value, 3)).toBe('10.8 ms ✅ (9.8–14.8 ms)');
  });

  it('shows no range when every run shows the same figure', () => {
    /** @type {(bytes: number) => Row} */
    const size = (bytes) => ({ id: 'b', label: 'bytes', candidate: { name: 'map', value: bytes, unit: 'B/entry' } });
    expect(formatAggregate(aggregateRow([size(42.21), size(42.24), size(42.18)]), 3)).toBe('42.2 B/entry');
  });

  it('gives a row without a target no mark, and a single run no range', () => {
    expect(formatAggregate(aggregateRow([{ id: 'x', label: 'x', ratio: 16 }, { id: 'x', label: 'x', ratio: 14 }]), 2)).toBe('15.000× (14.000–16.000)');
    expect(formatAggregate(aggregateRow([getRun(1.043)]), 1)).toBe('1.043× ✅');
  });

  it('says how many runs had a row that some runs lack', () => {
    expect(formatAggregate(aggregateRow([getRun(1.1), getRun(1.2)]), 3)).toBe('1.150× ✅ (1.100–1.200, 2 of 3 runs)');
    expect(formatAggregate(aggregateRow([getRun(1.1)]), 3)).toBe('1.100× ✅ (1 of 3 runs)');
  });

  it('judges against the newest run\'s target', () => {
    const older = { ...getRun(1.2), target: { of: /** @type {const} */ ('ratio'), comparator: /** @type {const} */ ('<='), bound: 1.25 } };
    const newer = { ...getRun(1.2), target: { of: /** @type {const} */ ('ratio'), comparator: /** @type {const} */ ('<='), bound: 1.1 } };
    expect(aggregateRow([newer, older]).met).toBe(false);
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

  it('shows the median of a line\'s runs with their range, and says which runs in the Runs line', () => {
    /** @type {Row} */
    const observer = { id: 'observer', label: 'no-op observer', ratio: 1.0, target: { of: 'ratio', comparator: '<=', bound: 1.05 }, met: true };
    const commit = '541dd65'.padEnd(40, '0');
    /** @type {(hour: number, ratio: number, rows?: Row[], extra?: Partial<BenchFile>) => BenchFile} */
    const run = (hour, ratio, rows = [], extra = {}) =>
      file('@tlkit/core', '22.23.5', [getRun(ratio), ...rows], {
        profile: 'full',
        startedAt: at(hour),
        durationMs: 14_000 + hour * 100,
        machine: { ...machine, loadStart: hour / 10, loadEnd: hour / 10 + 0.1 },
        commit,
        ...extra,
      });
    const section = renderSection([
      run(13, 1.03, [observer]),
      run(14, 1.06, [{ ...observer, ratio: 1.12, met: false }], { dirty: true }),
      run(15, 1.04),
      // Quick runs of the same commit are set aside, not mixed in.
      file('@tlkit/core', '22.23.5', [getRun(1.5)], { profile: 'quick', startedAt: at(16), commit }),
      file('@tlkit/core', '20.20.2', [getRun(1.1), observer]),
    ]);
    expect(section).toContain('| `get()` vs raw `als.getStore()` | ≤ 1.25× | 1.100× ✅ | 1.040× ✅ (1.030–1.060) |');
    // Missing from the newest run: the median of the two runs that had it, which misses the target.
    expect(section).toContain('| no-op observer | ≤ 1.05× | 1.000× ✅ | 1.060× ❌ (1.000–1.120, 2 of 3 runs) |');
    expect(section).toContain(
      'Node 22.23.5: median of 3 full runs, 2026-11-29 13:00–15:00 UTC, 15–16 s each, load 1.3–1.6, commit 541dd65-dirty (1 quick run not counted).',
    );
    expect(section).toContain('Node 20.20.2: 2026-11-29 12:00 UTC, quick, 1.5 min, load 0.5 → 1.3;');
    expect(section).toContain('**1 of 4 measured targets missed:** @tlkit/core “no-op observer” on Node 22.23.5.');
  });

  it('keeps a row the newest run lacks in its place, and labels a row as the newest run that has it', () => {
    /** @type {Row} */
    const observer = { id: 'observer', label: 'observer, old label', ratio: 1.0 };
    const section = renderSection([
      file('@tlkit/core', '24.22.3', [getRun(1.1), observer], { startedAt: at(10) }),
      file('@tlkit/core', '24.22.3', [{ ...observer, label: 'observer, new label' }], { startedAt: at(11) }),
    ]);
    expect(section.indexOf('`get()` vs raw')).toBeLessThan(section.indexOf('observer, new label'));
    expect(section).not.toContain('old label');
    expect(section).toContain('| `get()` vs raw `als.getStore()` | ≤ 1.25× | 1.100× ✅ (1 of 2 runs) |');
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

describe('readResults, two layouts', () => {
  it('reads one file per run from the version folders and the single files of the earlier layout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'core', 'node-22.23.5'), { recursive: true });
    writeFileSync(join(dir, 'core', 'node-22.23.5.json'), JSON.stringify(file('@tlkit/core', '22.23.5', [getRun(1.03)], { startedAt: at(9) })));
    writeFileSync(
      join(dir, 'core', 'node-22.23.5', '2026-11-29T10-00-00.000Z-quick.json'),
      JSON.stringify(file('@tlkit/core', '22.23.5', [getRun(1.05)], { startedAt: at(10) })),
    );
    writeFileSync(
      join(dir, 'core', 'node-22.23.5', '2026-11-29T11-00-00.000Z-quick.json'),
      JSON.stringify(file('@tlkit/core', '22.23.5', [getRun(1.2)], { startedAt: at(11) })),
    );
    writeFileSync(join(dir, 'core', 'node-22.23.5', 'notes.txt'), 'ignored');
    const files = readResults(dir);
    expect(files.map((each) => each.startedAt).sort()).toEqual([at(9), at(10), at(11)]);
    expect(renderSection(files)).toContain('| 1.050× ✅ (1.030–1.200) |');
    writeFileSync(join(dir, 'core', 'node-22.23.5', 'broken.json'), '{');
    expect(() => readResults(dir)).toThrow(/broken\.json/u);
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
