// MikroORM-style RequestContext: the AsyncLocalStorage is a static readonly field, entered with run(): created once, safe.
// recognize: RequestContext.storage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface EntityManager {
  fork(): EntityManager;
}

export class RequestContext {
  private static readonly storage = new AsyncLocalStorage<RequestContext>();

  constructor(readonly em: EntityManager) {}

  static create<R>(em: EntityManager, next: () => R): R {
    return RequestContext.storage.run(new RequestContext(em.fork()), next);
  }

  static currentRequestContext(): RequestContext | undefined {
    return RequestContext.storage.getStore();
  }
}
