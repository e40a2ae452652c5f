/**
 * A FIFO async mutex. `acquire()` resolves with a release function once every earlier holder has
 * released; releasing twice is a no-op, so a `finally` can always release.
 *
 * Invariant: `#tail` settles exactly when the most recent acquirer has released.
 */
export class AsyncMutex {
  #tail: Promise<void> = Promise.resolve();

  /** @returns a promise of the release function, resolved when the mutex is ours */
  acquire(): Promise<() => void> {
    let releaseNext!: () => void;
    const next = new Promise<void>((resolve) => {
      releaseNext = resolve;
    });
    const previous = this.#tail;
    this.#tail = next;
    return previous.then(() => {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        releaseNext();
      };
    });
  }

  /**
   * Runs `fn` holding the mutex.
   *
   * @param fn - the critical section
   * @returns what `fn` resolved with
   */
  async runExclusive<R>(fn: () => Promise<R>): Promise<R> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
