// A lazy singleton behind a getter is created once, however often the getter is called: safe.
// recognize: als=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

let als: AsyncLocalStorage<string> | undefined;

export function context(): AsyncLocalStorage<string> {
  if (!als) als = new AsyncLocalStorage<string>();
  return als;
}

export function handle<R>(user: string, fn: () => R): R {
  return context().run(user, fn);
}
