/**
 * Audit overhead (`npm run bench -w packages/runtime-audit`): core's get/set microbenchmark and a
 * pool workload, each with the audit at every level against no audit, in this one process, printed
 * as ratios (interleaved rounds, medians); then the cost of a scan of 10,000 live threads.
 */
import { setThreadLocalObserver, Thread, ThreadLocal, ThreadPool } from '@tlkit/core';
import { startAudit, type Audit, type AuditLevel } from '../src/index.js';
import {
  BenchRecorder,
  compare,
  DEFAULT_PAIRS,
  median,
  printMachine,
  printRow,
  recordComparison,
  type Side,
} from '@tlkit/testing/bench';
import { onNewThread } from '../src/test-utils/threads.js';
import { DEFAULT_SAMPLING_INTERVAL } from '../src/detector/SiteSampler.js';

const OPS = 1000;
let sink = 0;

/** `node bench/run.ts <word>` runs only the benchmarks whose name contains the word. */
const only = process.argv.slice(2).find((arg) => !arg.startsWith('--'))?.toLowerCase();
/** Every row also goes to bench-results/runtime-audit/node-<version>.json (for tools/bench-report). */
const recorder = new BenchRecorder('@tlkit/runtime-audit');
/** `BENCH_LEVELS=simple,advanced` measures only those levels. */
const LEVELS = [
  { level: 'disabled', samplingInterval: 128, maxRatio: 1.05 },
  { level: 'simple', samplingInterval: 128, maxRatio: 1.05 },
  { level: 'advanced', samplingInterval: DEFAULT_SAMPLING_INTERVAL, maxRatio: 1.5 },
  // Lower caps: more samples of known sites for more cost (the ≤ 1.5× target is the default's).
  { level: 'advanced', samplingInterval: 1024, maxRatio: undefined },
  { level: 'advanced', samplingInterval: 128, maxRatio: undefined },
  { level: 'paranoid', samplingInterval: 1, maxRatio: undefined },
].filter(({ level }) => process.env.BENCH_LEVELS?.split(',').includes(level) ?? true) as {
  level: AuditLevel;
  samplingInterval: number;
  maxRatio: number | undefined;
}[];

/** Runs `fn` on a thread named `bench`; an error there fails the benchmark run. */
const onThread = (fn: () => Promise<void>): Promise<void> => onNewThread(fn, 'bench');

/**
 * The candidate side: `fn` with an audit at `level` installed during its measuring phases. One
 * audit per level, started once, as in an application: its observer is taken out of core's slot
 * between phases and put back for each, so core's call sites see the same observer every time.
 */
function audited(level: AuditLevel, samplingInterval: number, fn: () => unknown): Side {
  const audit = startAudit({ level, samplingInterval, metrics: false, intervalMs: 0 });
  audits.push(audit);
  const observer = setThreadLocalObserver(null);
  return {
    name:
      level === 'advanced'
        ? `advanced, adaptive up to 1/${samplingInterval}${samplingInterval === DEFAULT_SAMPLING_INTERVAL ? ' (default)' : ''}`
        : level,
    before: () => setThreadLocalObserver(observer),
    after: () => setThreadLocalObserver(null),
    fn,
  };
}

const audits: Audit[] = [];

/** Compares `make()` with and without the audit, per level; a fresh closure per level keeps type feedback apart. */
async function byLevel(name: string, ops: number, make: () => () => unknown): Promise<void> {
  if (only !== undefined && !name.toLowerCase().includes(only)) return;
  for (const { level, samplingInterval, maxRatio } of LEVELS) {
    const fn = make();
    const candidate = audited(level, samplingInterval, fn);
    const comparison = {
      name: `${name}, audit ${candidate.name}`,
      ops,
      // One workload with and without the audit: equal calls per sample keep the ratio about the
      // audit (see `sameCalls`); not at paranoid, whose samples would then last seconds.
      sameCalls: level !== 'paranoid',
      ...(maxRatio === undefined ? {} : { maxRatio }),
      baseline: { name: 'no audit', fn },
      candidate,
    };
    // paranoid is two orders of magnitude slower: fewer pairs keep the run short.
    const result = await compare(comparison, level === 'paranoid' ? Math.min(31, DEFAULT_PAIRS) : DEFAULT_PAIRS);
    recordComparison(recorder, comparison, result);
    printRow(result, 'no audit', candidate.name);
  }
}

const COUNTER = new ThreadLocal<number>();
const USER = new ThreadLocal<{ id: number }>();
const TX = ThreadLocal.withInitial(() => ({ depth: 0 }));
// Ten module-level thread-locals, as an application has: each scanned thread holds all ten.
const SCANNED: ThreadLocal<object>[] = [
  new ThreadLocal(),
  new ThreadLocal(),
  new ThreadLocal(),
  new ThreadLocal(),
  new ThreadLocal(),
  new ThreadLocal(),
  new ThreadLocal(),
  new ThreadLocal(),
  new ThreadLocal(),
  new ThreadLocal(),
];

async function getSet(): Promise<void> {
  await onThread(async () => {
    await byLevel('core get/set (`set`+`get`+`remove`)', OPS, () => () => {
      for (let i = 0; i < OPS; i++) {
        try {
          COUNTER.set(i);
          sink += COUNTER.get();
        } finally {
          COUNTER.remove();
        }
      }
    });
  });
}

async function poolWorkload(): Promise<void> {
  const TASKS = 2000;
  const pool = new ThreadPool({ size: 4, name: 'bench' });
  // A request-shaped task: binds a value, awaits, reads thread-locals a few times, cleans up.
  const task = async (): Promise<number> => {
    try {
      USER.set({ id: 1 });
      await null;
      return USER.get().id + TX.get().depth;
    } finally {
      USER.remove();
      TX.remove();
    }
  };
  await byLevel(`pool workload (${TASKS} async tasks, 4 threads, set/get/remove in finally)`, TASKS, () => async () => {
    await Promise.all(Array.from({ length: TASKS }, () => pool.submit(task)));
  });
  await pool.shutdown();
}

async function scanCost(): Promise<void> {
  if (only !== undefined && !'scan'.includes(only)) return;
  const THREADS = 10_000;
  let release!: () => void;
  const parked = new Promise<void>((resolve) => (release = resolve));
  const started: Promise<void>[] = [];
  const threads: Thread[] = [];
  for (let t = 0; t < THREADS; t++) {
    let ready!: () => void;
    started.push(new Promise<void>((resolve) => (ready = resolve)));
    const thread = new Thread(async () => {
      try {
        for (const local of SCANNED) local.set({ t });
        ready();
        await parked;
      } finally {
        for (const local of SCANNED) local.remove();
      }
    });
    threads.push(thread.start());
  }
  await Promise.all(started);
  for (const level of ['simple', 'advanced'] as const) {
    const audit = startAudit({ level, metrics: false, intervalMs: 0 });
    audit.scan();
    const times: number[] = [];
    let entries = 0;
    for (let i = 0; i < 9; i++) {
      const report = audit.scan();
      times.push(report.stats.scanDurationMs);
      entries = report.stats.entries;
    }
    audit.stop();
    const ms = median(times);
    recorder.add({
      id: `scan-${level}`,
      label: `scan of ${THREADS.toLocaleString('en-US')} live threads × 10 entries, audit ${level} (median of 9 scans)`,
      candidate: { name: 'scan', value: ms, unit: 'ms' },
      target: { of: 'value', comparator: '<', bound: 50 },
    });
    console.log(
      `| scan of ${THREADS.toLocaleString('en-US')} live threads × 10 entries (${entries.toLocaleString('en-US')} entries), audit ${level} | | ${ms.toFixed(1)} ms | | ${ms < 50 ? 'meets' : 'MISSES'} < 50 ms |`,
    );
  }
  release();
  await Promise.all(threads.map((thread) => thread.join()));
}

printMachine();
await getSet();
await poolWorkload();
await scanCost();
for (const audit of audits) audit.stop();
if (only === undefined && process.env.BENCH_LEVELS === undefined) console.log(`results: ${recorder.write()}`);
if (sink === -1) console.log('');
