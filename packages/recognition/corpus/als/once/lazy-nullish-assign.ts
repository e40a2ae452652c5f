// A lazy singleton: `storage ??= new AsyncLocalStorage()` creates it on first use and never again, even when called per request: safe.
// recognize: storage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface JobContext {
  readonly jobId: string;
}

let storage: AsyncLocalStorage<JobContext> | undefined;

function jobStorage(): AsyncLocalStorage<JobContext> {
  return (storage ??= new AsyncLocalStorage<JobContext>());
}

export function runJob<R>(jobId: string, fn: () => R): R {
  return jobStorage().run({ jobId }, fn);
}
