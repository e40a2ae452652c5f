// enterWith whose undo is returned as a closure that puts the saved store back: safe.
// recognize: als=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

const als = new AsyncLocalStorage<{ readonly tenant: string }>();

export function enterTenant(tenant: string): () => void {
  const previous = als.getStore();
  als.enterWith({ tenant });
  return () => als.enterWith(previous!);
}
