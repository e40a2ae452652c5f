#!/usr/bin/env node
// @ts-check
// bench-matrix: runs every package's `npm run bench` under each Node line, then rewrites the generated
// section of docs/benchmarks.md (tools/bench-report).
//
//   npm run bench:matrix [-- --lines 20,22,24,26] [--packages core,runtime-audit,eslint-plugin,cli] [--quick] [--no-report]
//
// A line is run with the binary pinned by tools/node-matrix (fetched and verified on first use), or, for
// a line that is not pinned there, with this machine's own node when it is of that line (Node 20 today).
// Each benchmark writes bench-results/<package>/node-<version>.json; --quick sets TLKIT_BENCH_PROFILE=quick
// (fewer pairs and rounds, see docs/benchmarks.md).
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureNode, readPins } from '../node-matrix/nodeLines.js';

const PACKAGES = ['core', 'runtime-audit', 'eslint-plugin', 'cli'];
const root = resolve(import.meta.dirname, '../..');
const log = (/** @type {string} */ message) => process.stderr.write(`${message}\n`);

const { values } = parseArgs({
  options: {
    lines: { type: 'string' },
    packages: { type: 'string', default: PACKAGES.join(',') },
    quick: { type: 'boolean', default: false },
    'no-report': { type: 'boolean', default: false },
  },
});
const pins = readPins();
const machineLine = process.versions.node.split('.')[0] ?? '';
const lines = (values.lines ?? [...new Set([machineLine, ...Object.keys(pins.lines)])].join(','))
  .split(',')
  .map((line) => line.trim())
  .filter(Boolean);
const packages = String(values.packages).split(',').map((name) => name.trim()).filter(Boolean);
for (const name of packages) {
  if (!PACKAGES.includes(name)) {
    log(`bench-matrix: package: ${JSON.stringify(name)} (expected: one of ${PACKAGES.join(', ')})`);
    process.exit(2);
  }
}

/** @param {string} line @returns {string} the node binary for the line */
function nodeFor(line) {
  if (pins.lines[line]) return ensureNode(line, { log });
  if (line === machineLine) return process.execPath;
  throw new RangeError(`bench-matrix: line: ${JSON.stringify(line)} (expected: ${machineLine} or one of ${Object.keys(pins.lines).join(', ')})`);
}

/** @type {{ line: string, name: string, status: number | null, seconds: number }[]} */
const results = [];
try {
  for (const line of lines) {
    const node = nodeFor(line);
    for (const name of packages) {
      log(`\nbench-matrix: ── Node ${line} (${node}): npm run bench -w packages/${name}${values.quick ? ' (quick)' : ''}`);
      const started = process.hrtime.bigint();
      const child = spawnSync('npm', ['run', 'bench', '-w', `packages/${name}`], {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...process.env,
          PATH: `${dirname(node)}:${process.env.PATH ?? ''}`,
          TLKIT_NODE_LINE: line,
          TLKIT_BENCH_PROFILE: values.quick ? 'quick' : 'full',
        },
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      results.push({ line, name, status: child.error ? null : child.status, seconds });
    }
  }
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

log('\nbench-matrix: summary');
for (const { line, name, status, seconds } of results) {
  log(`  Node ${line.padEnd(3)} ${name.padEnd(14)} ${status === 0 ? 'done' : `FAILED (exit ${status})`}  ${seconds.toFixed(0)} s`);
}
log(`  total ${(results.reduce((sum, { seconds }) => sum + seconds, 0) / 60).toFixed(1)} min`);
let failed = results.some(({ status }) => status !== 0);
if (!values['no-report']) {
  const report = spawnSync(process.execPath, [resolve(import.meta.dirname, 'bench-report.js')], { stdio: 'inherit' });
  failed ||= report.status !== 0;
}
process.exit(failed ? 1 : 0);
