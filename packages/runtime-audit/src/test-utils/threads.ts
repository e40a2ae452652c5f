import { Thread } from '@tlkit/core';

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

/**
 * A started thread that stays alive until `end()`, running the functions given to `run()` in its
 * own context: a stand-in for a long-lived thread such as a pool worker, without the pool.
 */
export class ParkedThread {
  readonly thread: Thread;
  #pending: (() => void)[] = [];
  #wake: (() => void) | undefined;
  #ended = false;

  constructor(name: string) {
    this.thread = new Thread(async () => {
      for (;;) {
        const job = this.#pending.shift();
        if (job !== undefined) {
          job();
          continue;
        }
        if (this.#ended) return;
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
    }, { name });
    this.thread.start();
  }

  /** Runs `fn` on the thread and returns its result. */
  run<R>(fn: () => R): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#pending.push(() => {
        try {
          resolve(fn());
        } catch (error) {
          reject(error as Error);
        }
      });
      this.#wake?.();
    });
  }

  /** Lets the thread terminate; resolves once it has. */
  end(): Promise<void> {
    this.#ended = true;
    this.#wake?.();
    return this.thread.join();
  }
}
