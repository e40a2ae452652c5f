#!/usr/bin/env node
// @ts-check
// bench-matrix: runs every package's `npm run bench` under each Node line, then rewrites the generated
// section of docs/benchmarks.md (tools/bench-report).
//
//   npm run bench:matrix [-- --lines 20,22,24,26] [--packages core,runtime-audit,eslint-plugin,cli] [--quick]
//                        [--repeat N] [--no-report] [--runs N] [--window-hours H] [--since TIME]
//
// A line is run with the binary pinned by tools/node-matrix (fetched and verified on first use), or, for
// a line that is not pinned there, with this machine's own node when it is of that line (Node 20 today).
// Each benchmark run writes its own bench-results/<package>/node-<version>/<start>-<profile>.json;
// --quick sets TLKIT_BENCH_PROFILE=quick (fewer pairs and rounds, see docs/benchmarks.md). --repeat N
// runs the whole matrix N times, every line once per repetition, so that the report's median per line
// is of N runs measured under the same drift; --runs, --window-hours and --since go to the report.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { ensureNode, readPins } from '../node-matrix/nodeLines.js';
import { matrixPlan, parseMatrixArgs } from './benchMatrix.js';

const root = resolve(import.meta.dirname, '../..');
const log = (/** @type {string} */ message) => process.stderr.write(`${message}\n`);

const pins = readPins();
const machineLine = process.versions.node.split('.')[0] ?? '';
/** @type {import('./benchMatrix.js').MatrixOptions} */
let options;
try {
  options = parseMatrixArgs(process.argv.slice(2), { machineLine, pinnedLines: Object.keys(pins.lines) });
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  process.exit(2);
}

/** @param {string} line @returns {string} the node binary for the line */
function nodeFor(line) {
  if (pins.lines[line]) return ensureNode(line, { log });
  if (line === machineLine) return process.execPath;
  throw new RangeError(`bench-matrix: line: ${JSON.stringify(line)} (expected: ${machineLine} or one of ${Object.keys(pins.lines).join(', ')})`);
}

/** @type {{ repetition: number, line: string, name: string, status: number | null, seconds: number }[]} */
const results = [];
try {
  // Every binary first: a failed download stops the matrix before it has measured anything.
  const nodes = new Map(options.lines.map((line) => [line, nodeFor(line)]));
  for (const { repetition, line, name } of matrixPlan(options)) {
    const node = /** @type {string} */ (nodes.get(line));
    const round = options.repeat > 1 ? ` [${repetition}/${options.repeat}]` : '';
    log(`\nbench-matrix: ── Node ${line} (${node}): npm run bench -w packages/${name}${options.quick ? ' (quick)' : ''}${round}`);
    const started = process.hrtime.bigint();
    const child = spawnSync('npm', ['run', 'bench', '-w', `packages/${name}`], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        PATH: `${dirname(node)}:${process.env.PATH ?? ''}`,
        TLKIT_NODE_LINE: line,
        TLKIT_BENCH_PROFILE: options.quick ? 'quick' : 'full',
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    results.push({ repetition, line, name, status: child.error ? null : child.status, seconds });
  }
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

log('\nbench-matrix: summary');
for (const { repetition, line, name, status, seconds } of results) {
  const round = options.repeat > 1 ? `${repetition}/${options.repeat} ` : '';
  log(`  ${round}Node ${line.padEnd(3)} ${name.padEnd(14)} ${status === 0 ? 'done' : `FAILED (exit ${status})`}  ${seconds.toFixed(0)} s`);
}
log(`  total ${(results.reduce((sum, { seconds }) => sum + seconds, 0) / 60).toFixed(1)} min`);
let failed = results.some(({ status }) => status !== 0);
if (options.report) {
  const report = spawnSync(process.execPath, [resolve(import.meta.dirname, 'bench-report.js'), ...options.reportArgs], { stdio: 'inherit' });
  failed ||= report.status !== 0;
}
process.exit(failed ? 1 : 0);
