// A pool task set()s a tenant and never removes it: the pooled thread hands the value to its next task: reported (ESLint: in pool code; scan: never removed).
// pool-task-set stays silent: the set is in the same file as the submission, which the ESLint rule already sees.
// recognize: tenant=thread-local, pool=thread-pool
import { ThreadLocal, ThreadPool } from '@tlkit/core';

const tenant = new ThreadLocal<string>(); // expect(scan): never-removed
const pool = new ThreadPool({ size: 4, name: 'jobs' });

export function submitJob(tenantId: string, job: () => string): Promise<string> {
  return pool.submit(() => {
    tenant.set(tenantId); // expect(eslint,typed): remove-in-finally/missingRemoveInPool
    return job();
  });
}
