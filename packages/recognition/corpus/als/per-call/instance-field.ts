// A per-instance AsyncLocalStorage field (a CLS service class): reported by convention; the message says it costs nothing if the class is a singleton.
// The scan has no finding: no factory is called in the field initializer (per-call-factory covers factory calls only).
import { AsyncLocalStorage } from 'node:async_hooks';

export class ClsService {
  private readonly als = new AsyncLocalStorage<Map<string, unknown>>(); // expect(eslint,typed): static-thread-local/instanceField

  run<R>(fn: () => R): R {
    return this.als.run(new Map(), fn);
  }

  get<T>(key: string): T | undefined {
    return this.als.getStore()?.get(key) as T | undefined;
  }
}
