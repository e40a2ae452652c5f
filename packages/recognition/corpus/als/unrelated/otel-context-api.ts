// An OpenTelemetry-API-shaped `context` object (with(), active(), disable()) is not an AsyncLocalStorage: silent in every mode.
// recognize: context=none
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
const SPAN_KEY = Symbol('span');

export function withSpan<R>(span: object, fn: () => R): R {
  return context.with(context.active().setValue(SPAN_KEY, span), fn);
}

export function shutdown(): void {
  context.disable();
}
