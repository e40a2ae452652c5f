// A file's own class named ThreadLocal (a tiny per-request cache) is not @tlkit/core's: its set/remove are never reported.
// recognize: cache=none
class ThreadLocal<T> {
  #value: T | undefined;

  set(value: T): void {
    this.#value = value;
  }

  get(): T | undefined {
    return this.#value;
  }

  remove(): void {
    this.#value = undefined;
  }
}

const cache = new ThreadLocal<Map<string, number>>();

export function warm(entries: Map<string, number>): number {
  cache.set(entries);
  return cache.get()?.size ?? 0;
}
