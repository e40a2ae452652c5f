// An OpenTelemetry-API-shaped `context` object (with(), active(), disable()) beside a real AsyncLocalStorage: the API object is not an ALS, silent in every mode.
// recognize: context=none, managerStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Context {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): Context;
}

interface ContextAPI {
  active(): Context;
  with<R>(context: Context, fn: () => R): R;
  disable(): void;
}

declare const api: { readonly context: ContextAPI };

const context = api.context;
const managerStore = new AsyncLocalStorage<Context>();
const SPAN_KEY = Symbol('span');

export function withSpan<R>(span: object, fn: () => R): R {
  return context.with(context.active().setValue(SPAN_KEY, span), fn);
}

export function managed<R>(ctx: Context, fn: () => R): R {
  return managerStore.run(ctx, fn);
}

export function shutdown(): void {
  context.disable();
}
