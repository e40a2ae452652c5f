// `using _ = als.withScope(span)` in an async function across awaits (a tracing wrapper on Node >= 24): safe.
// recognize: spanStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

// @types/node 20.x does not declare withScope (Node >= 24): declared here for the type checker.
declare module 'node:async_hooks' {
  interface AsyncLocalStorage<T> {
    withScope(store: T): Disposable;
  }
}

interface Span {
  readonly name: string;
  end(): void;
}

const spanStore = new AsyncLocalStorage<Span>();

export async function traced<R>(span: Span, fn: () => Promise<R>): Promise<R> {
  using _ = spanStore.withScope(span);
  try {
    return await fn();
  } finally {
    span.end();
  }
}
