import { afterEach } from 'vitest';
import { Thread } from '../Thread.js';
import { ThreadPool } from '../ThreadPool.js';

/**
 * Registers an `afterEach` that shuts down every pool the returned factory created during the test
 * and resets the default uncaught-exception handler, so no test leaves threads behind for the next.
 *
 * @returns `pool(size, name?)`: a new pool, shut down after the test
 */
export function poolsShutDownAfterEach(): (size: number, name?: string) => ThreadPool {
  const pools: ThreadPool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.shutdown()));
    Thread.setDefaultUncaughtExceptionHandler(null);
  });
  return (size, name) => {
    const created = new ThreadPool(name === undefined ? { size } : { size, name });
    pools.push(created);
    return created;
  };
}
