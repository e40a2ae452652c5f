// A registry lookup entered with run() per job: one instance per name (memoised), scoped entry: safe.
// recognize: jobs=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface JobStore {
  readonly jobId: string;
}

const byName = new Map<string, AsyncLocalStorage<JobStore>>();

function storage(name: string): AsyncLocalStorage<JobStore> {
  let found = byName.get(name);
  if (!found) {
    found = new AsyncLocalStorage<JobStore>();
    byName.set(name, found);
  }
  return found;
}

const jobs = storage('jobs');

export function runJob<R>(jobId: string, fn: () => R): R {
  return jobs.run({ jobId }, fn);
}

export function runNamed<R>(name: string, jobId: string, fn: () => R): R {
  return storage(name).run({ jobId }, fn);
}
