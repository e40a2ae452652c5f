import os from 'node:os';
import { Bench } from 'tinybench';

/** One side of a comparison: `fn` performs `ops` operations per call. */
export interface Side {
  name: string;
  fn: () => unknown;
  /** Runs before each measuring phase of this side (and `after` after it): installs its setting. */
  before?: () => void;
  after?: () => void;
}

/** A candidate measured against its baseline in the same process. */
export interface Comparison {
  name: string;
  baseline: Side;
  candidate: Side;
  /** Operations per call of `fn`, to report ns per operation. */
  ops: number;
  /** The ratio candidate/baseline must stay at or under this (time ratio). */
  maxRatio?: number;
  /** The throughput ratio candidate/baseline must stay at or over this (reported as throughput). */
  minThroughputRatio?: number;
}

export interface Result {
  name: string;
  baselineNs: number;
  candidateNs: number;
  ratio: number;
  verdict: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Measures both sides in alternating order over several rounds and keeps the median of each, so
 * that drift (JIT tiers, GC, a busy neighbour core) hits both sides alike.
 */
export async function compare(comparison: Comparison, rounds = 7, timeMs = 250): Promise<Result> {
  const baseline: number[] = [];
  const candidate: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: timeMs, warmupTime: 50 });
    const sides = round % 2 === 0 ? [comparison.baseline, comparison.candidate] : [comparison.candidate, comparison.baseline];
    for (const side of sides) {
      bench.add(side.name, side.fn, {
        ...(side.before === undefined ? {} : { beforeAll: side.before }),
        ...(side.after === undefined ? {} : { afterAll: side.after }),
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`${comparison.name}: ${task.name} ${result.state}`);
      const nsPerOp = (result.latency.mean * 1e6) / comparison.ops;
      (task.name === comparison.baseline.name ? baseline : candidate).push(nsPerOp);
    }
  }
  const baselineNs = median(baseline);
  const candidateNs = median(candidate);
  const ratio = candidateNs / baselineNs;
  let verdict = '';
  if (comparison.maxRatio !== undefined) {
    verdict = `${ratio <= comparison.maxRatio ? 'meets' : 'MISSES'} ≤ ${comparison.maxRatio}×`;
  } else if (comparison.minThroughputRatio !== undefined) {
    const throughput = 1 / ratio;
    verdict = `throughput ${throughput.toFixed(2)}× — ${throughput >= comparison.minThroughputRatio ? 'meets' : 'MISSES'} ≥ ${comparison.minThroughputRatio}×`;
  }
  return { name: comparison.name, baselineNs, candidateNs, ratio, verdict };
}

/** Prints a result as a markdown table row, ready for docs/benchmarks.md. */
export function printRow(result: Result, baselineName: string, candidateName: string): void {
  const ns = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} µs` : `${value.toFixed(1)} ns`);
  console.log(
    `| ${result.name} | ${baselineName}: ${ns(result.baselineNs)} | ${candidateName}: ${ns(result.candidateNs)} | **${result.ratio.toFixed(3)}×** | ${result.verdict} |`,
  );
}

/** Prints the machine line every benchmark report starts with. */
export function printMachine(): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  console.log('| benchmark | baseline | candidate | ratio | target |');
  console.log('|---|---|---|---|---|');
}
