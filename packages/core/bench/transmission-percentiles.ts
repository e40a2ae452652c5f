/**
 * A cross-check of the transmission rows of `bench/run.ts` for a loaded machine
 * (`node --expose-gc --import tsx bench/transmission-percentiles.ts`). The shared harness takes the
 * median of paired ratios, which a load average far above the core count turns into noise (a 2 ms
 * sample is preempted more often than not). Interference only ever adds time, so here each side's
 * low percentiles (10th, 25th) over 400 interleaved samples, of wall and of process CPU time, are
 * compared instead: what each side costs when it runs undisturbed.
 */
import { Thread, ThreadPool, TransmittableThreadLocal } from '../src/index.js';
import { carrier } from '../src/internal/carrier.js';
import { onNewThread } from '../src/test-utils/threads.js';

const BATCH = 100;
const SAMPLES = 400;
let sink = 0;

const pool = new ThreadPool({ size: 4, name: 'bench-ttl' });
await Promise.all(Array.from({ length: 4 }, () => pool.submit(async () => { await null; })));
const locals = Array.from({ length: 10 }, () => new TransmittableThreadLocal<string>());
const task = (): number => 1;
async function submitBatch(): Promise<void> {
  const pending: Promise<number>[] = [];
  for (let i = 0; i < BATCH; i++) pending.push(pool.submit(task));
  for (const p of pending) sink += await p;
}
const setAll = (): void => locals.forEach((tl, i) => tl.set(`value-${i}`));
const removeAll = (): void => locals.forEach((tl) => tl.remove());
let releaseOther!: () => void;
const other = new Thread(() => new Promise<void>((resolve) => (releaseOther = resolve)), { inheritThreadLocals: false });
other.start();

interface Side {
  name: string;
  before?: () => void;
  after?: () => void;
}
const sides: Side[] = [
  { name: 'plain submit' },
  { name: '10 set', before: setAll, after: removeAll },
  { name: 'none set (set, then removed)', before: () => (setAll(), removeAll()) },
  { name: 'none set here, 10 on another thread', before: () => carrier.run(other, setAll), after: () => carrier.run(other, removeAll) },
];

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * q)] ?? Number.NaN;
}

await onNewThread(async () => {
  for (let i = 0; i < 300; i++) await submitBatch();
  const wall = sides.map(() => [] as number[]);
  const cpu = sides.map(() => [] as number[]);
  for (let sample = 0; sample < SAMPLES; sample++) {
    const order = sample % 2 === 0 ? sides.keys() : [...sides.keys()].reverse();
    for (const index of order) {
      const side = sides[index] as Side;
      side.before?.();
      const cpuStart = cpuMicros();
      const wallStart = process.hrtime.bigint();
      await submitBatch();
      await submitBatch();
      wall[index]?.push(Number(process.hrtime.bigint() - wallStart) / 2 / BATCH);
      cpu[index]?.push(((cpuMicros() - cpuStart) * 1000) / 2 / BATCH);
      side.after?.();
    }
  }
  const ratio = (index: number, values: number[][], q: number): string =>
    (percentile(values[index] ?? [], q) / percentile(values[0] ?? [], q)).toFixed(3);
  console.log(`Node ${process.version}: plain submit p10 ${percentile(wall[0] ?? [], 0.1).toFixed(0)} ns (wall)`);
  for (let index = 1; index < sides.length; index++) {
    console.log(
      `  ${sides[index]?.name}: wall p10 ${ratio(index, wall, 0.1)}×, p25 ${ratio(index, wall, 0.25)}×; CPU p10 ${ratio(index, cpu, 0.1)}×, p25 ${ratio(index, cpu, 0.25)}×`,
    );
  }
});
releaseOther();
await other.join();
await pool.shutdown();
if (sink === -1) console.log('');
