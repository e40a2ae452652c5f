// @ts-check
// The generated section of docs/benchmarks.md: read the result files every package's `npm run bench`
// writes (one per run: bench-results/<package>/node-<version>/<start>-<profile>.json, see
// tools/testing/src/benchResults.ts), pick per package and Node line the newest runs of one version,
// commit and profile, and render one table per package with one column per line, each cell the median
// of those runs. A single run per line is not a fair verdict for a row near its target: such rows move
// by ±5% between runs. Rows and targets come from the files only, so a new benchmark appears without
// touching this module.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The result-file layout this module reads (BENCH_RESULTS_SCHEMA in tools/testing). */
export const SCHEMA = 1;
export const START_MARKER = '<!-- bench:generated:start -->';
export const END_MARKER = '<!-- bench:generated:end -->';

/** @typedef {{ of: 'ratio' | 'throughput' | 'value', comparator: '<=' | '<' | '>=' | '>', bound: number }} Target */
/** @typedef {{ name: string, value: number, unit: string }} Figure */
/** @typedef {{ id: string, label: string, baseline?: Figure, candidate?: Figure, ratio?: number, target?: Target, met?: boolean, note?: string }} Row */
/** @typedef {{ cpu: string, cores: number, memoryBytes: number, platform: string, loadStart: number, loadEnd: number }} Machine */
/** @typedef {{ schema: number, package: string, node: string, profile: 'full' | 'quick', startedAt: string, durationMs: number, machine: Machine, commit?: string, dirty?: boolean, rows: Row[] }} BenchFile */

/**
 * Which runs make a cell. Per package and Node line: the runs of the line's newest Node version, of the
 * same commit as the newest of them and started at most `windowHours` before it, of one profile (full
 * when there is a full run among them, else quick), the newest `runs` of those. Runs before `since`
 * are not read at all.
 *
 * @typedef {{ runs?: number, windowHours?: number, since?: string }} Selection
 */

/** The defaults of {@link Selection}: five runs are enough for a median that one noisy run cannot move far. */
export const DEFAULT_SELECTION = Object.freeze({ runs: 5, windowHours: 24 });

/**
 * The runs a package's cells on one line are made of.
 *
 * @typedef {{ node: string, profile: 'full' | 'quick', runs: BenchFile[], setAside: number }} LineRuns
 *   `runs` newest first; `setAside`: runs of the same code and window left out for being of the other profile.
 */

/**
 * @param {string} path - a result file.
 * @returns {BenchFile} its content
 * @throws {Error} when it is not JSON or of another schema version.
 */
function readResultFile(path) {
  /** @type {BenchFile} */
  let file;
  try {
    file = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`bench-report: ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (file.schema !== SCHEMA) throw new Error(`bench-report: ${path}: schema ${file.schema} (expected: ${SCHEMA})`);
  return file;
}

/**
 * Reads every result file under `dir` (one folder per package): one file per run,
 * `<package>/node-<version>/<start time>-<profile>.json`, and the single `<package>/node-<version>.json`
 * per version that the benchmarks wrote before runs were kept (still read, as one run each).
 *
 * @param {string} dir - the results directory.
 * @returns {BenchFile[]} the files, in no particular order.
 * @throws {Error} when a file is not JSON or of another schema version.
 */
export function readResults(dir) {
  if (!existsSync(dir)) return [];
  /** @type {BenchFile[]} */
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const version of readdirSync(join(dir, entry.name), { withFileTypes: true })) {
      const path = join(dir, entry.name, version.name);
      if (version.isFile() && /^node-\d+\.\d+\.\d+\.json$/u.test(version.name)) files.push(readResultFile(path));
      if (!version.isDirectory() || !/^node-\d+\.\d+\.\d+$/u.test(version.name)) continue;
      for (const run of readdirSync(path)) if (run.endsWith('.json')) files.push(readResultFile(join(path, run)));
    }
  }
  return files;
}

/** @param {string} version - `22.23.5` @returns {number} its major */
const majorOf = (version) => Number(version.split('.')[0]);

/** @param {string} a @param {string} b @returns {number} semver order of two plain versions */
function compareVersions(a, b) {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/**
 * Picks, per package and Node line (major), the runs its cells are the median of (see {@link Selection}).
 * Only runs of one version, one commit and one profile are put together: a median over different code
 * or over full and quick samples would describe neither.
 *
 * @param {readonly BenchFile[]} files - every result file read.
 * @param {Selection} [selection]
 * @returns {Map<string, Map<number, LineRuns>>} package → line → runs, packages and lines sorted
 * @throws {RangeError} when `runs` is not a positive integer, `windowHours` not positive or `since` not a time.
 */
export function selectRuns(files, selection = {}) {
  const { runs: cap, windowHours, since } = { ...DEFAULT_SELECTION, ...selection };
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`bench-report: runs: ${cap} (expected: a positive integer)`);
  if (!(windowHours > 0)) throw new RangeError(`bench-report: windowHours: ${windowHours} (expected: > 0)`);
  const from = since === undefined ? -Infinity : Date.parse(since);
  if (Number.isNaN(from)) throw new RangeError(`bench-report: since: ${JSON.stringify(since)} (expected: an ISO date or time)`);
  /** @type {Map<string, Map<number, BenchFile[]>>} */
  const byPackage = new Map();
  for (const file of files) {
    if (Date.parse(file.startedAt) < from) continue;
    const lines = byPackage.get(file.package) ?? new Map();
    byPackage.set(file.package, lines);
    const line = majorOf(file.node);
    lines.set(line, [...(lines.get(line) ?? []), file]);
  }
  /** @type {Map<string, Map<number, LineRuns>>} */
  const selected = new Map();
  for (const [name, lines] of [...byPackage].sort(([a], [b]) => a.localeCompare(b))) {
    /** @type {Map<number, LineRuns>} */
    const perLine = new Map();
    for (const [line, all] of [...lines].sort(([a], [b]) => a - b)) {
      const node = all.map((file) => file.node).sort(compareVersions).at(-1) ?? '';
      const ofVersion = all.filter((file) => file.node === node).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
      const newest = /** @type {BenchFile} */ (ofVersion[0]);
      const earliest = Date.parse(newest.startedAt) - windowHours * 3_600_000;
      const pool = ofVersion.filter((file) => file.commit === newest.commit && Date.parse(file.startedAt) >= earliest);
      const profile = pool.some((file) => file.profile === 'full') ? 'full' : 'quick';
      const ofProfile = pool.filter((file) => file.profile === profile);
      perLine.set(line, { node, profile, runs: ofProfile.slice(0, cap), setAside: pool.length - ofProfile.length });
    }
    selected.set(name, perLine);
  }
  return selected;
}

/**
 * @param {readonly number[]} values - at least one.
 * @returns {number} their median (the mean of the middle two for an even count)
 */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? /** @type {number} */ (sorted[mid]) : (/** @type {number} */ (sorted[mid - 1]) + /** @type {number} */ (sorted[mid])) / 2;
}

/**
 * @param {Target} target @param {number} figure - the figure the target names.
 * @returns {boolean} whether it meets the target (as tools/testing's `meetsTarget` decides it for one run)
 */
function meets(target, figure) {
  switch (target.comparator) {
    case '<=':
      return figure <= target.bound;
    case '<':
      return figure < target.bound;
    case '>=':
      return figure >= target.bound;
    case '>':
      return figure > target.bound;
  }
}

/**
 * One row on one line over several runs.
 *
 * @typedef {{ row: Row, kind: 'ratio' | 'throughput' | 'value', unit: string, runs: number, median?: number, low?: number, high?: number, met?: boolean }} Aggregate
 *   `row`: the newest run's (label and target); `runs`: how many runs had the row; `median`, `low` and
 *   `high` of the figure the cell shows, absent when no run had it.
 */

/**
 * @param {Row} row
 * @returns {'ratio' | 'throughput' | 'value'} which figure a cell shows for it: the one its target names,
 *   else the ratio, else the candidate's own figure
 */
function kindOf(row) {
  if (row.target?.of === 'value' || row.ratio === undefined) return 'value';
  return row.target?.of === 'throughput' ? 'throughput' : 'ratio';
}

/**
 * Puts one row's runs together: the median of the figure the cell shows, its range, and the verdict of
 * the median against the newest run's target (a single run's verdict is its own).
 *
 * @param {readonly Row[]} rows - the row as each run recorded it, newest first; at least one.
 * @returns {Aggregate}
 */
export function aggregateRow(rows) {
  const row = /** @type {Row} */ (rows[0]);
  const kind = kindOf(row);
  /** @param {Row} each @returns {number | undefined} */
  const figureOf = (each) =>
    kind === 'value' ? each.candidate?.value : kind === 'throughput' ? (each.ratio === undefined ? undefined : 1 / each.ratio) : each.ratio;
  const figures = rows.map(figureOf).filter((figure) => figure !== undefined && Number.isFinite(figure)).map(Number);
  const unit = kind === 'value' ? (row.candidate?.unit ?? '') : '×';
  if (figures.length === 0) return { row, kind, unit, runs: rows.length };
  const middle = median(figures);
  const met = row.target && row.target.of === kind ? meets(row.target, middle) : undefined;
  return {
    row,
    kind,
    unit,
    runs: rows.length,
    median: middle,
    low: Math.min(...figures),
    high: Math.max(...figures),
    ...(met === undefined ? {} : { met }),
  };
}

/**
 * @param {string} low - a formatted figure or duration (`9.8 ms`).
 * @param {string} high - another (`14.8 ms`).
 * @returns {string} `9.8–14.8 ms`: the unit once when both share it, else both in full
 */
function joinRange(low, high) {
  const space = low.lastIndexOf(' ');
  const unit = space === -1 ? '' : low.slice(space);
  return unit && high.endsWith(unit) ? `${low.slice(0, space)}–${high}` : `${low}–${high}`;
}

/** @param {number} value @param {string} unit @returns {string} a figure with its unit, ns shown as µs past 1,000 */
export function formatFigure(value, unit) {
  if (unit === 'ns/op' && value >= 1000) return `${(value / 1000).toFixed(2)} µs/op`;
  const digits = Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

/** @param {Target} target @returns {string} `≤ 1.25×`, `throughput ≥ 0.9×`, `< 50 ms` */
export function formatTarget(target, unit = '') {
  const comparator = { '<=': '≤', '<': '<', '>=': '≥', '>': '>' }[target.comparator];
  if (target.of === 'ratio') return `${comparator} ${target.bound}×`;
  if (target.of === 'throughput') return `throughput ${comparator} ${target.bound}×`;
  return `${comparator} ${target.bound}${unit ? ` ${unit}` : ''}`;
}

/**
 * @param {Aggregate} aggregate - one row on one line.
 * @param {number} runs - how many runs the line's cells are made of.
 * @returns {string} the median (or the single run's figure) with ✅ or ❌; past one run, the lowest and
 *   highest run in parentheses, and how many runs had the row when not all of them did
 */
export function formatAggregate(aggregate, runs) {
  const { kind, unit, median: middle, low, high, met, runs: count } = aggregate;
  /** @param {number} value @returns {string} */
  const show = (value) => (kind === 'value' ? formatFigure(value, unit) : `${value.toFixed(kind === 'throughput' ? 2 : 3)}×`);
  const mark = met === true ? ' ✅' : met === false ? ' ❌' : '';
  if (middle === undefined || low === undefined || high === undefined) return mark.trim();
  const figure = `${show(middle)}${mark}`;
  if (runs <= 1 && count <= 1) return figure;
  // A ratio's range goes without its `×`: the cell's figure has it, and the parentheses stay short.
  // Runs that all show the same figure need no range.
  const range =
    show(low) === show(high) ? [] : [kind === 'value' ? joinRange(show(low), show(high)) : `${show(low).slice(0, -1)}–${show(high).slice(0, -1)}`];
  const parts = [...range, ...(count < runs ? [`${count} of ${runs} runs`] : [])];
  return parts.length === 0 ? figure : `${figure} (${parts.join(', ')})`;
}

/**
 * @param {Row} row
 * @returns {string} the cell of a single run: the figure the target names (else the ratio, else the
 *   candidate's figure), then ✅ or ❌
 */
export function formatCell(row) {
  return formatAggregate(aggregateRow([row]), 1);
}

/** @param {string} text @returns {string} the text made safe inside a table cell */
const cell = (text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** @param {number} bytes @returns {string} whole GiB */
const gib = (bytes) => `${Math.round(bytes / 2 ** 30)} GiB`;

/** @param {string} iso @returns {[string, string]} the date and the minute, UTC */
const dayAndMinute = (iso) => [iso.slice(0, 10), iso.slice(11, 16)];

/** @param {number} ms @returns {string} a duration in s, or in minutes past one */
const took = (ms) => (ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(0)} s`);

/** @param {readonly BenchFile[]} runs @returns {string} `commit 541dd65`, `-dirty` when any run had uncommitted changes */
function commitOf(runs) {
  const commit = runs[0]?.commit;
  if (commit === undefined) return '';
  return `, commit ${commit.slice(0, 7)}${runs.some((run) => run.dirty) ? '-dirty' : ''}`;
}

/**
 * @param {LineRuns} line - the runs a line's cells are made of.
 * @returns {string} when, which profile, how many runs, how long, under what load, of which commit
 */
export function runSummary({ profile, runs, setAside }) {
  const aside = setAside > 0 ? ` (${setAside} ${profile === 'full' ? 'quick' : 'full'} run${setAside === 1 ? '' : 's'} not counted)` : '';
  if (runs.length === 1) {
    const file = /** @type {BenchFile} */ (runs[0]);
    const [day, minute] = dayAndMinute(file.startedAt);
    return `${day} ${minute} UTC, ${profile}, ${took(file.durationMs)}, load ${file.machine.loadStart.toFixed(1)} → ${file.machine.loadEnd.toFixed(1)}${commitOf(runs)}${aside}`;
  }
  const [firstDay, firstMinute] = dayAndMinute(/** @type {BenchFile} */ (runs.at(-1)).startedAt);
  const [lastDay, lastMinute] = dayAndMinute(/** @type {BenchFile} */ (runs[0]).startedAt);
  const when = firstDay === lastDay ? `${firstDay} ${firstMinute}–${lastMinute} UTC` : `${firstDay} ${firstMinute} – ${lastDay} ${lastMinute} UTC`;
  const durations = runs.map((run) => run.durationMs);
  const [shortest, longest] = [took(Math.min(...durations)), took(Math.max(...durations))];
  const loads = runs.flatMap(({ machine }) => [machine.loadStart, machine.loadEnd]);
  return `median of ${runs.length} ${profile} runs, ${when}, ${shortest === longest ? shortest : joinRange(shortest, longest)} each, load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}${commitOf(runs)}${aside}`;
}

/**
 * The package tables of a generated section, by package name: each from its `### ` heading up to
 * the next heading or the closing summary, so a partial run can carry the others over unchanged.
 *
 * @param {string} section - a section as {@link renderSection} wrote it.
 * @returns {Map<string, string>} package → its heading, table and `Runs:` line
 */
export function packageTables(section) {
  /** @type {Map<string, string>} */
  const tables = new Map();
  const parts = section.split(/^(?=### )/mu).slice(1);
  for (const part of parts) {
    const name = part.slice(4, part.indexOf('\n')).trim();
    const body = part.split(/^(?:\*\*(?:All \d+|\d+ of \d+) measured targets|_.*carried over unchanged)/mu)[0] ?? part;
    tables.set(name, body.trimEnd());
  }
  return tables;
}

/**
 * Renders the generated section (without its markers).
 *
 * @param {readonly BenchFile[]} files - every result file read.
 * @param {string} [previous] - the section as it stands: the tables of packages with no result file
 *   are carried over from it, marked as such, so running one package's benchmarks loses no other.
 * @param {Selection} [selection] - which runs make a cell.
 * @returns {string} markdown
 */
export function renderSection(files, previous = '', selection = {}) {
  const kept = selectRuns(files, selection);
  const carried = [...packageTables(previous)].filter(([name]) => !kept.has(name));
  if (kept.size === 0 && carried.length === 0) return '_No benchmark results yet: run `npm run bench:matrix`._\n';
  const all = [...kept.values()].flatMap((lines) => [...lines.values()].flatMap(({ runs }) => runs));
  if (all.length === 0) {
    return `${carried.map(([, table]) => table).join('\n\n')}\n\n_Carried over from an earlier generation: ${carried.map(([name]) => name).join(', ')}._\n`;
  }
  const lines = [...new Set(all.map((file) => majorOf(file.node)))].sort((a, b) => a - b);
  /** @param {number} line @returns {string} the column header: the Node version(s) measured on that line */
  const header = (line) =>
    `Node ${[...new Set(all.filter((file) => majorOf(file.node) === line).map((file) => file.node))].sort(compareVersions).join(' / ')}`;
  const machines = [
    ...new Set(
      all.map(({ machine }) => `${machine.cpu} (\`os.cpus()[0].model\`), ${machine.cores} cores, ${gib(machine.memoryBytes)}, ${machine.platform}`),
    ),
  ];
  const out = [];
  out.push(`Machine: ${machines.join('; ')}.`);
  out.push(
    'Each cell is the figure the row\'s target is about (the ratio candidate/baseline unless the target says otherwise), measured on that line. Where the `Runs:` line names several runs of that line (one Node version, one commit, one profile), the cell is their median, followed by the lowest and the highest run in parentheses (and how many runs had the row, when not all did). ✅ the median meets the target, ❌ it misses it, no mark: no target (shown for context). Rows, labels and targets come from the benchmarks\' result files.',
  );
  const cores = Math.min(...all.map(({ machine }) => machine.cores));
  const peak = Math.max(...all.flatMap(({ machine }) => [machine.loadStart, machine.loadEnd]));
  if (peak > cores) {
    out.push(
      '',
      `> **Measured under load** (load average up to ${peak.toFixed(1)} on ${cores} cores). Paired samples cancel load that changes slowly, not a machine oversubscribed ${Math.round(peak / cores)} times over, and absolute figures (ms, ns) grow with it: regenerate on a quiet machine before trusting any ✅ or ❌ below.`,
    );
  }
  let cells = 0;
  /** @type {string[]} */
  const misses = [];
  for (const [name, byLine] of kept) {
    // Every row any run has, in the order the runs list them (oldest run first, so a row that the newest
    // run lacks keeps its place); its label and target as the newest run that has it states them.
    /** @type {Map<string, { row: Row, startedAt: string }>} */
    const newestRows = new Map();
    for (const { runs } of byLine.values()) {
      for (const run of [...runs].reverse()) {
        for (const row of run.rows) {
          const known = newestRows.get(row.id);
          if (!known || run.startedAt > known.startedAt) newestRows.set(row.id, { row, startedAt: run.startedAt });
        }
      }
    }
    const rows = new Map([...newestRows].map(([id, { row }]) => [id, row]));
    out.push('', `### ${name}`, '');
    out.push(`| benchmark | target | ${lines.map(header).join(' | ')} |`);
    out.push(`|---|---|${lines.map(() => '---:|').join('')}`);
    for (const [id, newest] of rows) {
      const target = newest.target ? formatTarget(newest.target, newest.target.of === 'value' ? (newest.candidate?.unit ?? '') : '') : '';
      const values = lines.map((line) => {
        const measured = byLine.get(line);
        const had = (measured?.runs ?? []).flatMap((run) => run.rows.filter((each) => each.id === id));
        if (!measured || had.length === 0) return '—';
        const aggregate = aggregateRow(had);
        if (aggregate.met !== undefined) cells++;
        if (aggregate.met === false) misses.push(`${name} “${aggregate.row.label}” on Node ${measured.node}`);
        return formatAggregate(aggregate, measured.runs.length);
      });
      out.push(`| ${cell(newest.label)} | ${target} | ${values.join(' | ')} |`);
    }
    out.push('');
    out.push(
      `Runs: ${lines
        .map((line) => {
          const measured = byLine.get(line);
          return measured ? `Node ${measured.node}: ${runSummary(measured)}` : `Node ${line}: not run`;
        })
        .join('; ')}.`,
    );
  }
  for (const [, table] of carried) out.push('', table);
  out.push('');
  if (carried.length > 0) {
    out.push(
      `_${carried.map(([name]) => name).join(', ')}: carried over unchanged from the previous generation (no result files in this run); the count below is of the packages measured in this run._`,
      '',
    );
  }
  out.push(
    misses.length === 0
      ? `**All ${cells} measured targets are met on every line.**`
      : `**${misses.length} of ${cells} measured targets missed:** ${misses.join('; ')}.`,
  );
  return `${out.join('\n')}\n`;
}

/**
 * Replaces what lies between the markers of `doc` with `section`.
 *
 * @param {string} doc - the whole document.
 * @param {string} section - the new content.
 * @returns {string} the document with the section replaced.
 * @throws {Error} when the markers are missing or out of order.
 */
export function replaceSection(doc, section) {
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`bench-report: the document needs ${START_MARKER} … ${END_MARKER}, in that order`);
  }
  const note = '<!-- Generated by tools/bench-report from bench-results/: edit the benchmarks, not this section. -->';
  return `${doc.slice(0, start + START_MARKER.length)}\n${note}\n\n${section}\n${doc.slice(end)}`;
}

/**
 * @param {string} doc - the whole document.
 * @returns {string} what lies between its markers now (empty when they are missing).
 */
export function currentSection(doc) {
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  return start === -1 || end < start ? '' : doc.slice(start + START_MARKER.length, end);
}
