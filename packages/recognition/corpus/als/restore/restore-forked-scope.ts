// Sentry-style scope forking: the parent scope is read, a fork entered, and the parent put back in the finally even when the callback throws: safe.
// recognize: scopeStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

class Scope {
  readonly tags = new Map<string, string>();

  fork(): Scope {
    const forked = new Scope();
    for (const [key, value] of this.tags) forked.tags.set(key, value);
    return forked;
  }
}

const rootScope = new Scope();
const scopeStore = new AsyncLocalStorage<Scope>();

export function withIsolatedScope<R>(callback: (scope: Scope) => R): R {
  const parent = scopeStore.getStore();
  const forked = (parent ?? rootScope).fork();
  scopeStore.enterWith(forked);
  try {
    return callback(forked);
  } catch (error) {
    forked.tags.set('error', String(error));
    throw error;
  } finally {
    scopeStore.enterWith(parent!);
  }
}
