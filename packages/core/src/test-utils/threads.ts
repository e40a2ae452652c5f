import { Thread } from '../Thread.js';

/**
 * Runs `fn` on a new thread and returns its result; an error thrown on the thread is rethrown here
 * instead of going to the uncaught-exception handler, so a failed assertion fails the test.
 */
export async function onNewThread<R>(fn: () => R | Promise<R>, name?: string): Promise<Awaited<R>> {
  let outcome: { ok: true; value: Awaited<R> } | { ok: false; error: unknown } | undefined;
  const thread = new Thread(async () => {
    outcome = { ok: true, value: await fn() };
  }, name === undefined ? undefined : { name });
  thread.setUncaughtExceptionHandler((_, error) => {
    outcome = { ok: false, error };
  });
  await thread.start().join();
  if (outcome === undefined) throw new Error('thread ended without an outcome');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

export { nextMacrotask } from '@tlkit/testing/gc';
