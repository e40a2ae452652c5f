// An async enterWith around an awaited callback, the saved span put back in the finally (dd-trace's scope.activate shape): safe.
// recognize: activeSpan=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Span {
  readonly name: string;
  readonly parent?: Span;
}

const activeSpan = new AsyncLocalStorage<Span>();

export async function activate<R>(span: Span, fn: () => Promise<R>): Promise<R> {
  const previous = activeSpan.getStore();
  activeSpan.enterWith(span);
  try {
    return await fn();
  } finally {
    activeSpan.enterWith(previous as Span);
  }
}

export function currentSpanName(): string {
  return activeSpan.getStore()?.name ?? 'root';
}
