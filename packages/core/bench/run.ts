/**
 * Core benchmarks (`npm run bench -w packages/core`): each candidate against its baseline in this
 * one process, printed as ratios. Run with --expose-gc (the package script passes it).
 */
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import pLimit from 'p-limit';
import { setThreadLocalObserver, Thread, ThreadLocal, ThreadPool, TransmittableThreadLocal } from '../src/index.js';
import { carrier } from '../src/internal/carrier.js';
import { BenchRecorder, compare, printMachine, printRow, recordComparison, type Comparison } from '@tlkit/testing/bench';
import { onNewThread } from '../src/test-utils/threads.js';

declare const gc: () => void;

const OPS = 1000;
let sink = 0;

/** Runs `fn` on a thread named `bench`; an error there fails the benchmark run. */
const onThread = (fn: () => Promise<void>): Promise<void> => onNewThread(fn, 'bench');

/** `node bench/run.ts <word>` runs only the benchmarks whose name contains the word. */
const only = process.argv.slice(2).find((arg) => !arg.startsWith('--'))?.toLowerCase();
/** Every row also goes to bench-results/core/node-<version>/ (one file per run) (for tools/bench-report). */
const recorder = new BenchRecorder('@tlkit/core');

async function run(comparison: Comparison): Promise<void> {
  if (only !== undefined && !comparison.name.toLowerCase().includes(only)) return;
  const result = await compare(comparison);
  recordComparison(recorder, comparison, result);
  printRow(result, comparison.baseline.name, comparison.candidate.name);
}

/**
 * Node 24+ keeps the context in an AsyncContextFrame (a `Map`) unless started with
 * `--no-async-context-frame`; Node 20/22 keep each store in a property of the async resource, where
 * the order of entry changes nothing, and a switch of resource per call made `get()`'s property load
 * polymorphic there (1.32–1.46× in some processes, against 1.03× without the switch).
 */
const contextIsAMap =
  Number(process.versions.node.split('.')[0]) >= 24 && !process.execArgv.includes('--no-async-context-frame');

/** The context at module load: no AsyncLocalStorage holds a store in it. */
const emptyContext = AsyncLocalStorage.snapshot();

/**
 * Two contexts holding the same two stores, the carrier's thread and the baseline's `store`, each
 * with one of them entered last; `null` where the order of entry changes nothing.
 *
 * On Node 24+ a context is a `Map` keyed by AsyncLocalStorage instance, and when two instances share
 * a hash bucket the one entered last is found first; which instances collide is decided by identity
 * hashes drawn per process. Measured in one context, the baseline's lookup was cheaper than the
 * carrier's in about half the processes (carrier/ALS `getStore()` 1.13–1.14× in those, 1.03–1.07× in
 * the others, Node 26) and the `set()` ratio followed (1.06–1.18× against 0.96–0.98×). Each side runs
 * in the context where its own instance was entered last, so both lookups are at the head of their
 * chain: the rows measure what tlkit adds, not the draw.
 */
function headOfChainContexts<S>(
  als: AsyncLocalStorage<S>,
  store: S,
): { carrierFirst: (fn: () => void) => void; alsFirst: (fn: () => void) => void } | null {
  if (!contextIsAMap) return null;
  const thread = Thread.currentThread();
  const snapshot = (): ((fn: () => void) => void) => AsyncLocalStorage.snapshot();
  return {
    carrierFirst: emptyContext(() => als.run(store, () => carrier.run(thread, snapshot))),
    alsFirst: emptyContext(() => carrier.run(thread, () => als.run(store, snapshot))),
  };
}

async function hotPath(): Promise<void> {
  const als = new AsyncLocalStorage<Map<object, number>>();
  const store = new Map<object, number>();
  const storeKey = {};
  store.set(storeKey, 1);
  const tl = new ThreadLocal<number>();
  await onThread(() =>
    als.run(store, async () => {
      tl.set(1);
      const contexts = headOfChainContexts(als, store);
      const alsFirst = (loop: () => void): (() => void) => (contexts === null ? loop : () => contexts.alsFirst(loop));
      const carrierFirst = (loop: () => void): (() => void) =>
        contexts === null ? loop : () => contexts.carrierFirst(loop);
      await run({
        name: '`get()` vs raw `als.getStore()`',
        ops: OPS,
        maxRatio: 1.25,
        baseline: {
          name: 'getStore',
          fn: alsFirst(() => {
            for (let i = 0; i < OPS; i++) sink += als.getStore()?.size ?? 0;
          }),
        },
        candidate: {
          name: 'get',
          fn: carrierFirst(() => {
            for (let i = 0; i < OPS; i++) sink += tl.get();
          }),
        },
      });
      await run({
        name: '`set()` vs `getStore()` + `Map.set` in one ALS',
        ops: OPS,
        maxRatio: 1.0,
        baseline: {
          name: 'getStore+Map.set',
          fn: alsFirst(() => {
            for (let i = 0; i < OPS; i++) als.getStore()?.set(storeKey, i);
          }),
        },
        candidate: {
          name: 'set',
          fn: carrierFirst(() => {
            for (let i = 0; i < OPS; i++) tl.set(i);
          }),
        },
      });
      const noop = {
        entrySet(): void {},
        entryRemoved(): void {},
      };
      await run({
        name: 'no-op observer vs none (`set`+`get`+`remove`)',
        ops: OPS,
        maxRatio: 1.05,
        baseline: {
          name: 'no observer',
          fn: () => {
            for (let i = 0; i < OPS; i++) {
              tl.set(i);
              sink += tl.get();
              tl.remove();
            }
          },
        },
        candidate: {
          name: 'no-op observer',
          before: () => setThreadLocalObserver(noop),
          after: () => setThreadLocalObserver(null),
          fn: () => {
            for (let i = 0; i < OPS; i++) {
              tl.set(i);
              sink += tl.get();
              tl.remove();
            }
          },
        },
      });
    }),
  );
}

const CHAIN = 100;
async function awaitChain(): Promise<void> {
  for (let i = 0; i < CHAIN; i++) await Promise.resolve(i);
}

async function awaitChains(): Promise<void> {
  const locals = Array.from({ length: 50 }, () => new ThreadLocal<number>());
  const one = new AsyncLocalStorage<Map<number, number>>();
  const fifty = new Map(Array.from({ length: 50 }, (_, i) => [i, i]));
  let chainsInThread!: () => Promise<void>;
  let chainsInOneAls!: () => Promise<void>;
  // Capture each context once; every benchmark iteration then runs the chain inside it.
  await onThread(async () => {
    locals.forEach((tl, i) => tl.set(i));
    chainsInThread = AsyncResource.bind(awaitChain);
  });
  one.run(fifty, () => {
    chainsInOneAls = AsyncResource.bind(awaitChain);
  });
  await run({
    name: `await chain (${CHAIN} awaits), 50 ThreadLocals set vs the same values in one ALS`,
    ops: CHAIN,
    maxRatio: 1.15,
    baseline: { name: 'one ALS', fn: () => chainsInOneAls() },
    candidate: { name: '50 ThreadLocals', fn: () => chainsInThread() },
  });
  // Beside it, what one ALS per variable costs: each enabled instance is copied onto every promise.
  // eslint-disable-next-line @tlkit/static-thread-local -- a benchmark baseline: one per run, on purpose
  const many = Array.from({ length: 50 }, () => new AsyncLocalStorage<number>());
  let chainsInManyAls!: () => Promise<void>;
  const enterAll = (index: number): void => {
    const als = many[index];
    if (als === undefined) {
      chainsInManyAls = AsyncResource.bind(awaitChain);
      return;
    }
    als.run(index, () => enterAll(index + 1));
  };
  // Enabled only during the candidate's phases: an enabled instance slows every promise in the
  // process, the baseline's too.
  await run({
    name: `await chain (${CHAIN} awaits), 50 separate ALS instances vs one ALS (for comparison)`,
    ops: CHAIN,
    baseline: { name: 'one ALS', fn: () => chainsInOneAls() },
    candidate: {
      name: '50 ALS',
      before: () => enterAll(0),
      after: () => {
        for (const als of many) als.disable();
      },
      fn: () => chainsInManyAls(),
    },
  });
}

async function poolThroughput(): Promise<void> {
  const CONCURRENCY = 4;
  const TASKS = 2000;
  const pool = new ThreadPool({ size: CONCURRENCY, name: 'bench' });
  const limit = pLimit(CONCURRENCY);
  const task = async (): Promise<number> => {
    await null;
    return 1;
  };
  await run({
    name: `\`ThreadPool.submit\` vs \`p-limit\`, ${TASKS} async tasks, concurrency ${CONCURRENCY}`,
    ops: TASKS,
    minThroughputRatio: 0.9,
    baseline: {
      name: 'p-limit',
      fn: async () => {
        await Promise.all(Array.from({ length: TASKS }, () => limit(task)));
      },
    },
    candidate: {
      name: 'ThreadPool',
      fn: async () => {
        await Promise.all(Array.from({ length: TASKS }, () => pool.submit(task)));
      },
    },
  });
  await pool.shutdown();
}

/**
 * `submit()` with transmission against a plain `submit()`, both from the same bench thread to the
 * same warmed pool (whose threads were created from a thread with nothing to inherit). The plain
 * side runs with no transmittable value on any thread: the pool then skips the capture after two
 * compares of module bindings per task, as for an unsubscribed observer event.
 */
async function transmission(): Promise<void> {
  const SIZE = 4;
  const BATCH = 100;
  const pool = new ThreadPool({ size: SIZE, name: 'bench-ttl' });
  await Promise.all(Array.from({ length: SIZE }, () => pool.submit(async () => { await null; })));
  const locals = Array.from({ length: 10 }, () => new TransmittableThreadLocal<string>());
  const task = (): number => 1;
  const submitBatch = async (): Promise<void> => {
    const pending: Promise<number>[] = [];
    for (let i = 0; i < BATCH; i++) pending.push(pool.submit(task));
    for (const p of pending) sink += await p;
  };
  const plain = { name: 'plain submit', fn: submitBatch };
  const setAll = (): void => locals.forEach((tl, i) => tl.set(`value-${i}`));
  const removeAll = (): void => locals.forEach((tl) => tl.remove());
  // Another thread (another request) that can hold transmittable values.
  let releaseOther!: () => void;
  const other = new Thread(() => new Promise<void>((resolve) => (releaseOther = resolve)), { inheritThreadLocals: false });
  other.start();
  const shape = `${BATCH} sync tasks, pool of ${SIZE}`;
  await onThread(async () => {
    await run({
      name: `\`submit()\` with 10 TransmittableThreadLocals set vs a plain \`submit()\` (${shape})`,
      ops: BATCH,
      maxRatio: 1.2,
      baseline: plain,
      candidate: { name: '10 set', before: setAll, after: removeAll, fn: submitBatch },
    });
    // The values were set and removed again: the count of threads holding some is back to zero,
    // so the capture is skipped as if TransmittableThreadLocal had never been used.
    await run({
      name: `\`submit()\` with none set (10 TransmittableThreadLocals set, then removed) vs a plain \`submit()\` (${shape})`,
      ops: BATCH,
      maxRatio: 1.02,
      baseline: plain,
      candidate: {
        name: 'none set',
        before: () => {
          setAll();
          removeAll();
        },
        fn: submitBatch,
      },
    });
    // Beside it: none set on the submitting thread while another thread holds values, so each
    // submit looks its own thread up (one `getStore()`) to find nothing to capture.
    await run({
      name: `\`submit()\` with none set here, 10 set on another thread, vs a plain \`submit()\` (${shape}, for comparison)`,
      ops: BATCH,
      baseline: plain,
      candidate: {
        name: 'none set here',
        before: () => carrier.run(other, setAll),
        after: () => carrier.run(other, removeAll),
        fn: submitBatch,
      },
    });
  });
  releaseOther();
  await other.join();
  await pool.shutdown();
}

function heapAfterGc(): number {
  for (let i = 0; i < 5; i++) gc();
  return process.memoryUsage().heapUsed;
}

async function bytesPerEntry(): Promise<void> {
  const COUNT = 100_000;
  const value = { shared: true };
  const locals = Array.from({ length: COUNT }, () => new ThreadLocal<object>());
  const keysOnly = Array.from({ length: COUNT }, () => ({}));
  let tlBytes = 0;
  let mapBytes = 0;
  await onThread(async () => {
    const before = heapAfterGc();
    for (const tl of locals) tl.set(value);
    tlBytes = (heapAfterGc() - before) / COUNT;
  });
  const map = new Map<object, object>();
  const before = heapAfterGc();
  for (const key of keysOnly) map.set(key, value);
  mapBytes = (heapAfterGc() - before) / COUNT;
  const row = recorder.add({
    id: 'bytes-per-entry',
    label: `bytes per entry, ${COUNT.toLocaleString('en-US')} ThreadLocals on one thread (heap after gc)`,
    baseline: { name: '`Map` of the same', value: mapBytes, unit: 'B/entry' },
    candidate: { name: 'ThreadLocalMap', value: tlBytes, unit: 'B/entry' },
    ratio: tlBytes / mapBytes,
    target: { of: 'value', comparator: '<=', bound: 64 },
  });
  const verdict = row.met === true ? 'meets ≤ 64 B' : 'MISSES ≤ 64 B';
  console.log(
    `| bytes per entry, ${COUNT.toLocaleString('en-US')} ThreadLocals on one thread (heap after gc) | \`Map\` of the same: ${mapBytes.toFixed(1)} B | ThreadLocalMap: ${tlBytes.toFixed(1)} B | **${(tlBytes / mapBytes).toFixed(3)}×** | ${verdict} |`,
  );
  sink += map.size + locals.length;
}

printMachine();
await hotPath();
await poolThroughput();
await transmission();
await awaitChains();
// Last: it leaves 100,000 thread-locals for the collector, which would disturb what follows.
if (only === undefined || 'bytes per entry'.includes(only)) await bytesPerEntry();
if (only === undefined) console.log(`results: ${recorder.write()}`);
if (sink === -1) console.log('');
