// @ts-check
// The options of bench-matrix and the order it runs things in, apart from the script that spawns the
// benchmarks so both can be tested without running one.
import { parseArgs } from 'node:util';
import { DEFAULT_SELECTION } from './benchReport.js';

/** The packages that have a benchmark, in the order the matrix runs them. */
export const PACKAGES = Object.freeze(['core', 'runtime-audit', 'eslint-plugin', 'cli']);

/**
 * @typedef {{ lines: string[], packages: string[], quick: boolean, report: boolean, repeat: number, reportArgs: string[] }} MatrixOptions
 *   `reportArgs`: what is passed on to bench-report (`--runs`, `--window-hours`, `--since`).
 */

/**
 * @typedef {{ repetition: number, line: string, name: string }} MatrixStep
 *   `repetition` counts from 1.
 */

/**
 * Reads bench-matrix's command line.
 *
 * @param {readonly string[]} args - the arguments after the script.
 * @param {{ machineLine: string, pinnedLines: readonly string[] }} lines - this machine's Node line, and
 *   the lines tools/node-matrix pins (the default lines are both).
 * @returns {MatrixOptions}
 * @throws {TypeError} on an unknown option (from `parseArgs`).
 * @throws {RangeError} on an unknown package or line, or a `--repeat` that is not a positive integer.
 */
export function parseMatrixArgs(args, { machineLine, pinnedLines }) {
  const { values } = parseArgs({
    args: [...args],
    options: {
      lines: { type: 'string' },
      packages: { type: 'string', default: PACKAGES.join(',') },
      quick: { type: 'boolean', default: false },
      'no-report': { type: 'boolean', default: false },
      repeat: { type: 'string', default: '1' },
      runs: { type: 'string' },
      'window-hours': { type: 'string' },
      since: { type: 'string' },
    },
  });
  /** @param {string} list @returns {string[]} */
  const split = (list) =>
    list
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean);
  const known = [...new Set([machineLine, ...pinnedLines])];
  const lines = [...new Set(split(values.lines ?? known.join(',')))];
  for (const line of lines) {
    if (!known.includes(line)) throw new RangeError(`bench-matrix: line: ${JSON.stringify(line)} (expected: one of ${known.join(', ')})`);
  }
  const packages = [...new Set(split(String(values.packages)))];
  for (const name of packages) {
    if (!PACKAGES.includes(name)) throw new RangeError(`bench-matrix: package: ${JSON.stringify(name)} (expected: one of ${PACKAGES.join(', ')})`);
  }
  if (lines.length === 0 || packages.length === 0) throw new RangeError('bench-matrix: --lines and --packages: empty (expected: at least one each)');
  const repeat = Number(values.repeat);
  if (!/^\d+$/u.test(String(values.repeat)) || repeat < 1) {
    throw new RangeError(`bench-matrix: --repeat: ${JSON.stringify(values.repeat)} (expected: a positive integer)`);
  }
  // With more repetitions than the report's default number of runs, the report would leave some of
  // this matrix's own runs out: ask it for as many as were made.
  const runs = values.runs ?? (repeat > DEFAULT_SELECTION.runs ? String(repeat) : undefined);
  const reportArgs = [
    ...(runs === undefined ? [] : ['--runs', runs]),
    ...(values['window-hours'] === undefined ? [] : ['--window-hours', values['window-hours']]),
    ...(values.since === undefined ? [] : ['--since', values.since]),
  ];
  return { lines, packages, quick: values.quick === true, report: values['no-report'] !== true, repeat, reportArgs };
}

/**
 * The order of the matrix: each repetition runs every line, and each line every package, so a repetition
 * is a whole matrix and slow drift of the machine (load, heat, another job) falls on every line alike
 * instead of on the line whose runs all came last. Each repetition also starts one line further on, so
 * no line is always the first run (cold caches) or the last.
 *
 * @param {Pick<MatrixOptions, 'lines' | 'packages' | 'repeat'>} options
 * @returns {MatrixStep[]}
 */
export function matrixPlan({ lines, packages, repeat }) {
  /** @type {MatrixStep[]} */
  const steps = [];
  for (let repetition = 1; repetition <= repeat; repetition++) {
    const shift = (repetition - 1) % lines.length;
    for (const line of [...lines.slice(shift), ...lines.slice(0, shift)]) {
      for (const name of packages) steps.push({ repetition, line, name });
    }
  }
  return steps;
}
