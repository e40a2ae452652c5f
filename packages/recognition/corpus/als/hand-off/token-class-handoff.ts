// enterWith whose undo is handed to the caller as a token class that puts the saved store back: safe.
// recognize: als=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

const als = new AsyncLocalStorage<string>();

class Restore implements Disposable {
  constructor(
    private readonly storage: AsyncLocalStorage<string>,
    private readonly previous: string | undefined,
  ) {}

  [Symbol.dispose](): void {
    this.storage.enterWith(this.previous!);
  }
}

export function enter(user: string): Disposable {
  const previous = als.getStore();
  als.enterWith(user);
  return new Restore(als, previous);
}
