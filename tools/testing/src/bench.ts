import os from 'node:os';
import { benchProfile, type BenchRecorder, type BenchRow } from './benchResults.js';

export * from './benchResults.js';

/** One side of a comparison: `fn` performs `ops` operations per call. */
export interface Side {
  name: string;
  fn: () => unknown;
  /** Installs this side's setting before each of its samples (and `after` removes it). */
  before?: () => void;
  after?: () => void;
}

/** A candidate measured against its baseline in the same process. */
export interface Comparison {
  /** Stable row id in the result files; defaults to a slug of `name`. */
  id?: string;
  name: string;
  baseline: Side;
  candidate: Side;
  /** Operations per call of `fn`, to report ns per operation. */
  ops: number;
  /** The ratio candidate/baseline (time) must stay at or under this. */
  maxRatio?: number;
  /** The throughput ratio candidate/baseline must stay at or over this. */
  minThroughputRatio?: number;
  /**
   * Both sides run the baseline's calls per sample instead of each its own calibration: for one
   * workload measured with and without a setting. A pool workload's time per call depends on how
   * many calls a sample holds (measured: a 1-call sample's call is 2–10% faster than a 2-call
   * sample's), so when a ~2 ms call calibrates to 1 call on one side and 2 on the other, the ratio
   * moves by that much whatever the setting costs.
   */
  sameCalls?: boolean;
}

export interface Result {
  name: string;
  baselineNs: number;
  candidateNs: number;
  /** Median over pairs of candidate time / baseline time. */
  ratio: number;
  verdict: string;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function timeCalls(side: Side, calls: number): Promise<number> {
  side.before?.();
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const result = side.fn();
    if (result instanceof Promise) await result;
  }
  const elapsed = Number(process.hrtime.bigint() - start);
  side.after?.();
  return elapsed;
}

/** How many calls of `side` take about `sampleNs`, after a warm-up that lets V8 optimise. */
async function calibrate(side: Side, sampleNs: number): Promise<number> {
  let calls = 1;
  for (;;) {
    const elapsed = await timeCalls(side, calls);
    if (elapsed >= sampleNs / 4 || calls >= 1 << 24) return Math.max(1, Math.round((calls * sampleNs) / Math.max(elapsed, 1)));
    calls *= 2;
  }
}

/**
 * Pairs per comparison: 201, or 61 in the quick profile (`TLKIT_BENCH_PROFILE=quick`), whose medians
 * stay within a few percent of the full run's (docs/benchmarks.md).
 */
export const DEFAULT_PAIRS = benchProfile() === 'quick' ? 61 : 201;

/**
 * Paired sampling: baseline and candidate run alternately (order flipped every pair) in samples of
 * about `sampleMs`, and the result is the median of the per-pair ratios. Load from other processes
 * changes slowly next to a millisecond, so it hits both halves of a pair alike and the median
 * discards the pairs a preemption split. (Phase-per-task tools such as tinybench measure each side
 * in its own multi-second phase, where a load change skews the ratio.)
 */
export async function compare(comparison: Comparison, pairs = DEFAULT_PAIRS, sampleMs = 2): Promise<Result> {
  const { baseline, candidate } = comparison;
  const warmUntil = Date.now() + 300;
  while (Date.now() < warmUntil) {
    await timeCalls(baseline, 10);
    await timeCalls(candidate, 10);
  }
  const sampleNs = sampleMs * 1e6;
  const baselineCalls = await calibrate(baseline, sampleNs);
  const candidateCalls = comparison.sameCalls === true ? baselineCalls : await calibrate(candidate, sampleNs);
  const ratios: number[] = [];
  const baselinePerOp: number[] = [];
  const candidatePerOp: number[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    let b: number;
    let c: number;
    if (pair % 2 === 0) {
      b = (await timeCalls(baseline, baselineCalls)) / baselineCalls;
      c = (await timeCalls(candidate, candidateCalls)) / candidateCalls;
    } else {
      c = (await timeCalls(candidate, candidateCalls)) / candidateCalls;
      b = (await timeCalls(baseline, baselineCalls)) / baselineCalls;
    }
    ratios.push(c / b);
    baselinePerOp.push(b / comparison.ops);
    candidatePerOp.push(c / comparison.ops);
  }
  const ratio = median(ratios);
  let verdict = '';
  if (comparison.maxRatio !== undefined) {
    verdict = `${ratio <= comparison.maxRatio ? 'meets' : 'MISSES'} ≤ ${comparison.maxRatio}×`;
  } else if (comparison.minThroughputRatio !== undefined) {
    const throughput = 1 / ratio;
    verdict = `throughput ${throughput.toFixed(2)}×: ${throughput >= comparison.minThroughputRatio ? 'meets' : 'MISSES'} ≥ ${comparison.minThroughputRatio}×`;
  }
  return { name: comparison.name, baselineNs: median(baselinePerOp), candidateNs: median(candidatePerOp), ratio, verdict };
}

/** Prints a result as a markdown table row, ready for docs/benchmarks.md. */
export function printRow(result: Result, baselineName: string, candidateName: string): void {
  const ns = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} µs` : `${value.toFixed(1)} ns`);
  console.log(
    `| ${result.name} | ${baselineName}: ${ns(result.baselineNs)} | ${candidateName}: ${ns(result.candidateNs)} | **${result.ratio.toFixed(3)}×** | ${result.verdict} |`,
  );
}

/** Prints the machine line every benchmark report starts with, and the table header. */
export function printMachine(): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${os.loadavg()[0]?.toFixed(2)}`);
  console.log('| benchmark | baseline | candidate | ratio (median of paired samples) | target |');
  console.log('|---|---|---|---|---|');
}

/**
 * Records a comparison's result as a row of the package's result file: both sides in ns per operation,
 * the ratio, and the comparison's target (`maxRatio` on the ratio, `minThroughputRatio` on its inverse).
 *
 * @param recorder - the package's recorder.
 * @param comparison - what was compared.
 * @param result - what {@link compare} measured.
 * @returns the recorded row.
 */
export function recordComparison(recorder: BenchRecorder, comparison: Comparison, result: Result): BenchRow {
  const target =
    comparison.maxRatio !== undefined
      ? { of: 'ratio' as const, comparator: '<=' as const, bound: comparison.maxRatio }
      : comparison.minThroughputRatio !== undefined
        ? { of: 'throughput' as const, comparator: '>=' as const, bound: comparison.minThroughputRatio }
        : undefined;
  return recorder.add({
    ...(comparison.id === undefined ? {} : { id: comparison.id }),
    label: comparison.name,
    baseline: { name: comparison.baseline.name, value: result.baselineNs, unit: 'ns/op' },
    candidate: { name: comparison.candidate.name, value: result.candidateNs, unit: 'ns/op' },
    ratio: result.ratio,
    ...(target === undefined ? {} : { target }),
  });
}
