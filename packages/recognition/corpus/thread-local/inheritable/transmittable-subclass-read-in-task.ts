// A subclass of TransmittableThreadLocal (itself an InheritableThreadLocal) read in a pool task: the nearest core class decides, and it transmits: safe.
// recognize: tenant=thread-local, pool=thread-pool
import { ThreadPool, TransmittableThreadLocal } from '@tlkit/core';

class TenantLocal extends TransmittableThreadLocal<string> {
  protected override copy(parentValue: string): string {
    return parentValue.trim();
  }
}

const tenant = new TenantLocal();
const pool = new ThreadPool({ size: 2 });

export function tenantOfTask(): Promise<string> {
  return pool.submit(() => tenant.get());
}
