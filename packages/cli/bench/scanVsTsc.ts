import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchRecorder } from '@tlkit/testing/bench';
import { generateProject } from './generateProject.js';

/*
 * Benchmark: `tlkit scan` against `tsc --noEmit` on a generated 1,000-file project.
 * Budget (issue #5): scan ≤ 1.5× tsc. Runs are interleaved (tsc, scan, tsc, scan…) so that load from
 * other work on a shared machine hits both alike; medians are reported.
 *
 * Usage: node bench/dist/scanVsTsc.js [--files 1000] [--runs 7] [--quick] [--check]
 *   --quick  3 runs (also TLKIT_BENCH_PROFILE=quick)
 *   --check  exits 1 when the median ratio is over budget
 * The result also goes to bench-results/cli/node-<version>/ (one file per run) (for tools/bench-report).
 */

const BUDGET = 1.5;
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const fileCount = option('--files', 1000);
const recorder = new BenchRecorder('@tlkit/cli');
const runs = option('--runs', recorder.profile === 'quick' ? 3 : 7);

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const bin = path.join(packageDir, 'dist', 'bin.js');

function time(argv: string[], cwd: string, expectCodes: number[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!expectCodes.includes(result.status ?? -1)) {
    throw new Error(`${argv.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'tlkit-bench-'));
try {
  generateProject(dir, fileCount);
  // @types/node for `types: ["node"]`: link the workspace's node_modules instead of installing.
  symlinkSync(path.resolve(packageDir, '../../node_modules'), path.join(dir, 'node_modules'), 'dir');
  const tscArgs = [tsc, '--noEmit', '-p', 'tsconfig.json'];
  const scanArgs = [bin, 'scan', '-p', 'tsconfig.json'];
  // Warm-up (file cache, code cache), not measured.
  time(tscArgs, dir, [0]);
  time(scanArgs, dir, [0, 1]);
  const tscTimes: number[] = [];
  const scanTimes: number[] = [];
  const ratios: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t = time(tscArgs, dir, [0]);
    const s = time(scanArgs, dir, [0, 1]);
    tscTimes.push(t);
    scanTimes.push(s);
    ratios.push(s / t);
    process.stderr.write(`run ${run + 1}/${runs}: tsc ${t.toFixed(0)} ms, scan ${s.toFixed(0)} ms, ratio ${(s / t).toFixed(2)}\n`);
  }
  const ratio = median(scanTimes) / median(tscTimes);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}`);
  console.log(`project: ${fileCount} files, ${runs} interleaved runs after a warm-up`);
  console.log(`tsc --noEmit : median ${median(tscTimes).toFixed(0)} ms (min ${Math.min(...tscTimes).toFixed(0)}, max ${Math.max(...tscTimes).toFixed(0)})`);
  console.log(`tlkit scan   : median ${median(scanTimes).toFixed(0)} ms (min ${Math.min(...scanTimes).toFixed(0)}, max ${Math.max(...scanTimes).toFixed(0)})`);
  console.log(`ratio scan/tsc: ${ratio.toFixed(2)} (median of per-run ratios ${median(ratios).toFixed(2)}; budget ≤ ${BUDGET})`);
  recorder.add({
    id: 'scan-vs-tsc',
    label: `\`tlkit scan\` vs \`tsc --noEmit\`, generated ${fileCount.toLocaleString('en-US')}-file project (medians of ${runs} interleaved runs)`,
    baseline: { name: 'tsc --noEmit', value: median(tscTimes), unit: 'ms' },
    candidate: { name: 'tlkit scan', value: median(scanTimes), unit: 'ms' },
    ratio,
    target: { of: 'ratio', comparator: '<=', bound: BUDGET },
    note: `median of the per-run ratios ${median(ratios).toFixed(2)}`,
  });
  console.log(`results: ${recorder.write()}`);
  if (args.includes('--check') && ratio > BUDGET) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
