declare const gc: (() => void) | undefined;

/** Lets pending macrotasks (timers, I/O, setImmediate) run once. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Collects garbage until `done()` holds, at most `rounds` times. Each round first yields a
 * macrotask: V8 keeps WeakRef targets alive until the end of the job that created or dereferenced
 * them, so a collection in the same job could never clear them. Deterministic: no timers, a bound.
 *
 * @returns whether `done()` held within the bound
 */
export async function collectUntil(done: () => boolean, rounds = 50): Promise<boolean> {
  if (typeof gc !== 'function') throw new Error('run with --expose-gc (each package vitest config passes it)');
  for (let i = 0; i < rounds; i++) {
    await nextMacrotask();
    gc();
    if (done()) return true;
  }
  return false;
}

/** Runs `gc()` after a few macrotasks, for tests that expect something to survive collection. */
export async function collectGarbage(rounds = 3): Promise<void> {
  await collectUntil(() => false, rounds);
}
