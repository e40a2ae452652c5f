// The saved logger travels in a local token object and its member is put back in the finally (per-request child loggers): safe.
// recognize: loggerStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Logger {
  info(message: string): void;
  child(bindings: Record<string, string>): Logger;
}

const loggerStore = new AsyncLocalStorage<Logger>();

export function withRequestLogger<R>(base: Logger, requestId: string, fn: () => R): R {
  const token = { previous: loggerStore.getStore() };
  loggerStore.enterWith(base.child({ requestId }));
  try {
    return fn();
  } finally {
    loggerStore.enterWith(token.previous!);
  }
}
