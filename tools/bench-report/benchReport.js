// @ts-check
// The generated section of docs/benchmarks.md: read the result files every package's `npm run bench`
// writes (bench-results/<package>/node-<version>.json, see tools/testing/src/benchResults.ts), keep the
// newest file per package and Node line, and render one table per package with one column per line.
// Rows and targets come from the files only, so a new benchmark appears without touching this module.
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
/** @typedef {{ schema: number, package: string, node: string, profile: 'full' | 'quick', startedAt: string, durationMs: number, machine: Machine, rows: Row[] }} BenchFile */

/**
 * Reads every result file under `dir` (one folder per package).
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
    for (const name of readdirSync(join(dir, entry.name))) {
      if (!/^node-\d+\.\d+\.\d+\.json$/u.test(name)) continue;
      const path = join(dir, entry.name, name);
      const file = JSON.parse(readFileSync(path, 'utf8'));
      if (file.schema !== SCHEMA) throw new Error(`bench-report: ${path}: schema ${file.schema} (expected: ${SCHEMA})`);
      files.push(file);
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
 * Keeps one file per package and Node line (major): the newest version, and of those the latest run.
 *
 * @param {readonly BenchFile[]} files
 * @returns {Map<string, Map<number, BenchFile>>} package → line → file, packages and lines sorted
 */
export function latestPerLine(files) {
  /** @type {Map<string, Map<number, BenchFile>>} */
  const byPackage = new Map();
  for (const file of files) {
    const lines = byPackage.get(file.package) ?? new Map();
    byPackage.set(file.package, lines);
    const line = majorOf(file.node);
    const kept = lines.get(line);
    const newer =
      !kept ||
      compareVersions(file.node, kept.node) > 0 ||
      (compareVersions(file.node, kept.node) === 0 && file.startedAt > kept.startedAt);
    if (newer) lines.set(line, file);
  }
  return new Map(
    [...byPackage]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, lines]) => [name, new Map([...lines].sort(([a], [b]) => a - b))]),
  );
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
 * @param {Row} row
 * @returns {string} the cell: the figure the target names (else the ratio, else the candidate's figure), then ✅ or ❌
 */
export function formatCell(row) {
  let figure = '';
  if (row.target?.of === 'value' || row.ratio === undefined) {
    figure = row.candidate ? formatFigure(row.candidate.value, row.candidate.unit) : '';
  } else if (row.target?.of === 'throughput') {
    figure = `${(1 / row.ratio).toFixed(2)}×`;
  } else {
    figure = `${row.ratio.toFixed(3)}×`;
  }
  const mark = row.met === true ? ' ✅' : row.met === false ? ' ❌' : '';
  return `${figure}${mark}`;
}

/** @param {string} text @returns {string} the text made safe inside a table cell */
const cell = (text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** @param {number} bytes @returns {string} whole GiB */
const gib = (bytes) => `${Math.round(bytes / 2 ** 30)} GiB`;

/** @param {BenchFile} file @returns {string} when, how, how long, under what load */
function runSummary(file) {
  const when = `${file.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
  const minutes = file.durationMs / 60_000;
  const took = minutes >= 1 ? `${minutes.toFixed(1)} min` : `${(file.durationMs / 1000).toFixed(0)} s`;
  return `${when}, ${file.profile}, ${took}, load ${file.machine.loadStart.toFixed(1)} → ${file.machine.loadEnd.toFixed(1)}`;
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
 * @returns {string} markdown
 */
export function renderSection(files, previous = '') {
  const kept = latestPerLine(files);
  const carried = [...packageTables(previous)].filter(([name]) => !kept.has(name));
  if (kept.size === 0 && carried.length === 0) return '_No benchmark results yet: run `npm run bench:matrix`._\n';
  const all = [...kept.values()].flatMap((lines) => [...lines.values()]);
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
    'Each cell is the figure the row\'s target is about (the ratio candidate/baseline unless the target says otherwise), measured on that line; ✅ meets the target, ❌ misses it, no mark: no target (shown for context). Rows, labels and targets come from the benchmarks\' result files.',
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
    const files = [...byLine.values()];
    /** @type {Map<string, Row>} */
    const rows = new Map();
    for (const file of files) for (const row of file.rows) if (!rows.has(row.id)) rows.set(row.id, row);
    out.push('', `### ${name}`, '');
    out.push(`| benchmark | target | ${lines.map(header).join(' | ')} |`);
    out.push(`|---|---|${lines.map(() => '---:|').join('')}`);
    for (const [id, first] of rows) {
      const target = first.target ? formatTarget(first.target, first.target.of === 'value' ? (first.candidate?.unit ?? '') : '') : '';
      const values = lines.map((line) => {
        const row = byLine.get(line)?.rows.find((each) => each.id === id);
        if (!row) return '—';
        if (row.met !== undefined) cells++;
        if (row.met === false) misses.push(`${name} “${row.label}” on Node ${byLine.get(line)?.node}`);
        return formatCell(row);
      });
      out.push(`| ${cell(first.label)} | ${target} | ${values.join(' | ')} |`);
    }
    out.push('');
    out.push(`Runs: ${lines.map((line) => `Node ${byLine.get(line)?.node ?? line}: ${byLine.has(line) ? runSummary(/** @type {BenchFile} */ (byLine.get(line))) : 'not run'}`).join('; ')}.`);
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
