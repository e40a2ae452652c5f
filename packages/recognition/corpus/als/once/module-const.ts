// One AsyncLocalStorage in a module-level const, entered only with run() (OpenTelemetry's context manager shape): created once, safe.
// recognize: contextStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

export type Context = ReadonlyMap<symbol, unknown>;

const ROOT_CONTEXT: Context = new Map();
export const contextStore = new AsyncLocalStorage<Context>();

export function active(): Context {
  return contextStore.getStore() ?? ROOT_CONTEXT;
}

export function withContext<R>(context: Context, fn: () => R): R {
  return contextStore.run(context, fn);
}
