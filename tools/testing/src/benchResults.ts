import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Machine-readable benchmark results: every package's `npm run bench` records its rows here and writes
 * one JSON file per run (package, Node version, start time), which `tools/bench-report` turns into the
 * generated tables of docs/benchmarks.md, as the median of the newest runs. The rows come from the
 * benchmarks themselves, so a new benchmark shows up in the docs without touching the generator.
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

/** One file: one run of one package's benchmark on one Node version. */
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
  /**
   * The repository's `HEAD` commit when the run was written, and whether tracked files differed from it:
   * the generator takes a median only over runs of one commit, so runs of older code do not mix in.
   * Absent outside a git checkout (and in files written before it was recorded).
   */
  readonly commit?: string;
  readonly dirty?: boolean;
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
 * How many runs {@link BenchRecorder.write} keeps per package and Node version: the generator reads at
 * most the newest 5 (its default `--runs`), so 20 leaves room for a larger `--runs` and for runs of
 * another profile, and keeps the folder from growing without bound.
 */
export const BENCH_RUNS_KEPT = 20;

/**
 * @param startedAt - an ISO time.
 * @returns the time as a file name part that sorts like the time and is valid on every file system
 *   (`2026-11-29T13-28-05.123Z`).
 */
export function runFileStem(startedAt: string): string {
  return startedAt.replaceAll(':', '-');
}

/**
 * @param root - the repository root.
 * @returns its `HEAD` commit and whether tracked files differ from it, or nothing outside a git checkout.
 */
function gitState(root: string): { commit: string; dirty: boolean } | undefined {
  const git = (...args: string[]) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8', timeout: 10_000 });
  const head = git('rev-parse', 'HEAD');
  const commit = head.status === 0 ? head.stdout.trim() : '';
  if (!/^[0-9a-f]{40}$/u.test(commit)) return undefined;
  const status = git('status', '--porcelain', '--untracked-files=no');
  return { commit, dirty: status.status !== 0 || status.stdout.trim() !== '' };
}

/**
 * Deletes the oldest run files of a run folder beyond {@link BENCH_RUNS_KEPT}. Names sort by start time
 * ({@link runFileStem}), so the oldest are the first.
 *
 * @param folder - `<results>/<package>/node-<version>`.
 */
function prune(folder: string): void {
  const runs = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort();
  for (const name of runs.slice(0, Math.max(0, runs.length - BENCH_RUNS_KEPT))) rmSync(path.join(folder, name), { force: true });
}

/**
 * Collects one benchmark run's rows and writes them as a {@link BenchFile}:
 * `<benchResultsDir>/<package without scope>/node-<version>/<start time>-<profile>.json`, one file per
 * run (earlier runs are kept, up to {@link BENCH_RUNS_KEPT} per package and Node version).
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
   * Writes the run's file, then prunes the oldest runs of the same package and Node version.
   *
   * @param dir - the results directory.
   * @param root - the repository whose commit the file records (default: the one around the working
   *   directory).
   * @returns the path written.
   */
  write(dir: string = benchResultsDir(), root: string = repoRoot(process.cwd())): string {
    const git = gitState(root);
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
      ...git,
      rows: this.#rows,
    };
    const folder = path.join(dir, this.#packageName.replace(/^@[^/]+\//u, ''), `node-${process.versions.node}`);
    mkdirSync(folder, { recursive: true });
    const stem = `${runFileStem(file.startedAt)}-${file.profile}`;
    // Two runs started in the same millisecond (lines run side by side share no folder, but a
    // script may record twice) get a suffix instead of overwriting each other.
    for (let attempt = 0; ; attempt++) {
      const target = path.join(folder, `${stem}${attempt === 0 ? '' : `-${attempt}`}.json`);
      try {
        writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      prune(folder);
      return target;
    }
  }
}
