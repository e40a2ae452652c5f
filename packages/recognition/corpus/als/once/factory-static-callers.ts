// A factory whose every caller is a static field or module-level initialiser (a tracer and a logger each get one store): created once, safe.
// recognize: Tracer.spans=async-local-storage, logStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

function createStorage<T>(): AsyncLocalStorage<T> {
  return new AsyncLocalStorage<T>();
}

interface Span {
  readonly id: string;
}

export class Tracer {
  static readonly spans = createStorage<Span>();

  static withSpan<R>(span: Span, fn: () => R): R {
    return Tracer.spans.run(span, fn);
  }
}

export const logStore = createStorage<Record<string, string>>();
