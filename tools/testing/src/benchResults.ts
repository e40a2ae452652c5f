import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Machine-readable benchmark results: every package's `npm run bench` records its rows here and writes
 * one JSON file per package and Node version, which `tools/bench-report` turns into the generated
 * tables of docs/benchmarks.md. The rows come from the benchmarks themselves, so a new benchmark shows
 * up in the docs without touching the generator.
 */

/** Version of the file layout below; the generator refuses files of another version. */
export const BENCH_RESULTS_SCHEMA = 1;

/**
 * What a row is held to. `of` names the figure compared with `bound`: the time ratio
 * candidate/baseline, the throughput ratio (its inverse), or the candidate's own figure (bytes, ms).
 */
export interface BenchTarget {
  readonly of: 'ratio' | 'throughput' | 'value';
  readonly comparator: '<=' | '<' | '>=' | '>';
  readonly bound: number;
}

/** One side's figure: `value` in `unit` (`ns/op`, `µs/task`, `ms`, `B/entry`). */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** One benchmark row as the docs show it. */
export interface BenchRow {
  /** Stable across runs and lines: the generator joins the lines' columns on it. */
  readonly id: string;
  readonly label: string;
  readonly baseline?: BenchFigure;
  readonly candidate?: BenchFigure;
  /** Candidate/baseline (time); absent for a row with a single figure. */
  readonly ratio?: number;
  readonly target?: BenchTarget;
  /** Whether the row meets its target; absent without a target. */
  readonly met?: boolean;
  /** Anything the figure needs to be read right ("median of 5 rounds"). */
  readonly note?: string;
}

/** The machine a file was measured on. */
export interface BenchMachine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly platform: string;
  /** 1-minute load average when the benchmark started and when it ended. */
  readonly loadStart: number;
  readonly loadEnd: number;
}

/** One file: one package's benchmark on one Node version. */
export interface BenchFile {
  readonly schema: typeof BENCH_RESULTS_SCHEMA;
  readonly package: string;
  /** `process.version` without the `v`. */
  readonly node: string;
  /** `full` (the documented method) or `quick` (fewer pairs or rounds, see docs/benchmarks.md). */
  readonly profile: BenchProfile;
  /** ISO time at which the benchmark started. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly machine: BenchMachine;
  readonly rows: readonly BenchRow[];
}

export type BenchProfile = 'full' | 'quick';

/**
 * @returns the profile asked for: `TLKIT_BENCH_PROFILE=quick` (or `--quick` on the command line)
 *   makes every benchmark run fewer pairs or rounds.
 */
export function benchProfile(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): BenchProfile {
  return env.TLKIT_BENCH_PROFILE === 'quick' || argv.includes('--quick') ? 'quick' : 'full';
}

/**
 * @param target - the row's target.
 * @param ratio - candidate/baseline time.
 * @param value - the candidate's own figure.
 * @returns whether the figure the target names meets it; `undefined` when that figure is missing.
 */
export function meetsTarget(target: BenchTarget, ratio: number | undefined, value: number | undefined): boolean | undefined {
  const figure = target.of === 'ratio' ? ratio : target.of === 'throughput' ? (ratio === undefined ? undefined : 1 / ratio) : value;
  if (figure === undefined || !Number.isFinite(figure)) return undefined;
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
 * @param label - a benchmark's label.
 * @returns a stable id for it: lower case, runs of anything but letters and digits turned into `-`.
 */
export function rowId(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '');
}

/**
 * @param from - a directory inside the repository.
 * @returns the repository root (the first directory up with a `turbo.json`), else `from`.
 */
function repoRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'turbo.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}

/**
 * @param env - `TLKIT_BENCH_OUT` overrides the default.
 * @returns where result files go: `bench-results/` at the repository root (git-ignored).
 */
export function benchResultsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TLKIT_BENCH_OUT ? path.resolve(env.TLKIT_BENCH_OUT) : path.join(repoRoot(process.cwd()), 'bench-results');
}

/**
 * Collects one benchmark run's rows and writes them as a {@link BenchFile}:
 * `<benchResultsDir>/<package without scope>/node-<version>.json`, replacing that package's earlier file
 * for the same Node version.
 */
export class BenchRecorder {
  readonly #packageName: string;
  readonly #rows: BenchRow[] = [];
  readonly #started = Date.now();
  readonly #loadStart = os.loadavg()[0] ?? 0;
  readonly profile: BenchProfile;

  /** @param packageName - the benchmarked package (`@tlkit/core`). */
  constructor(packageName: string, profile: BenchProfile = benchProfile()) {
    this.#packageName = packageName;
    this.profile = profile;
  }

  /**
   * Records a row; `id` defaults to {@link rowId} of the label and `met` is computed from the target.
   *
   * @param row - the row.
   * @returns the row as recorded.
   * @throws {RangeError} when a row with the same id was recorded already.
   */
  add(row: Omit<BenchRow, 'id' | 'met'> & { readonly id?: string }): BenchRow {
    const id = row.id ?? rowId(row.label);
    if (this.#rows.some((each) => each.id === id)) throw new RangeError(`bench row id: ${JSON.stringify(id)} (expected: unique)`);
    const met = row.target ? meetsTarget(row.target, row.ratio, row.candidate?.value) : undefined;
    const recorded: BenchRow = { ...row, id, ...(met === undefined ? {} : { met }) };
    this.#rows.push(recorded);
    return recorded;
  }

  /** Every row recorded so far. */
  get rows(): readonly BenchRow[] {
    return this.#rows;
  }

  /**
   * Writes the file.
   *
   * @param dir - the results directory.
   * @returns the path written.
   */
  write(dir: string = benchResultsDir()): string {
    const file: BenchFile = {
      schema: BENCH_RESULTS_SCHEMA,
      package: this.#packageName,
      node: process.versions.node,
      profile: this.profile,
      startedAt: new Date(this.#started).toISOString(),
      durationMs: Date.now() - this.#started,
      machine: {
        cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
        cores: os.cpus().length,
        memoryBytes: os.totalmem(),
        platform: `${os.platform()} ${os.arch()}`,
        loadStart: this.#loadStart,
        loadEnd: os.loadavg()[0] ?? 0,
      },
      rows: this.#rows,
    };
    const target = path.join(dir, this.#packageName.replace(/^@[^/]+\//u, ''), `node-${process.versions.node}.json`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`);
    return target;
  }
}
