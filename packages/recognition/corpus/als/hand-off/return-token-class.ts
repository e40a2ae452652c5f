// OpenTelemetry-style attach(): the enterWith returns a token of a same-file class whose detach() puts the previous context back: safe.
// recognize: traceStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
}

const traceStore = new AsyncLocalStorage<TraceContext>();

class ContextToken<T> {
  constructor(
    private readonly storage: AsyncLocalStorage<T>,
    private readonly previous: T | undefined,
  ) {}

  detach(): void {
    this.storage.enterWith(this.previous as T);
  }
}

export function attach(context: TraceContext): ContextToken<TraceContext> {
  const previous = traceStore.getStore();
  traceStore.enterWith(context);
  return new ContextToken(traceStore, previous);
}
