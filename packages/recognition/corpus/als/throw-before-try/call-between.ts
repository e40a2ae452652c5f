// A validation call between the enterWith and the try can throw and skip the restore (a job runner's context): reported.
// recognize: jobStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Job {
  readonly id: string;
  readonly attempts: number;
}

const jobStore = new AsyncLocalStorage<Job>();

function assertRunnable(job: Job): void {
  if (job.attempts > 5) throw new Error(`job ${job.id} exhausted its attempts`);
}

export function runJob<R>(job: Job, work: () => R): R {
  const saved = jobStore.getStore();
  jobStore.enterWith(job); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  assertRunnable(job);
  try {
    return work();
  } finally {
    jobStore.enterWith(saved!);
  }
}
