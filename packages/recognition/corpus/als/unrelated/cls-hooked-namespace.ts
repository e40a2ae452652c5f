// A cls-hooked-style Namespace built on one AsyncLocalStorage, with its own enter/exit/set: the namespace calls and the store Map's set() are not ALS calls: silent.
// recognize: session=none, storage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

type NamespaceContext = Map<string, unknown>;

const storage = new AsyncLocalStorage<NamespaceContext>();

class Namespace {
  #entered: NamespaceContext[] = [];

  createContext(): NamespaceContext {
    return new Map(storage.getStore());
  }

  enter(context: NamespaceContext): void {
    this.#entered.push(context);
  }

  exit(context: NamespaceContext): void {
    this.#entered = this.#entered.filter((each) => each !== context);
  }

  set(key: string, value: unknown): void {
    storage.getStore()?.set(key, value);
  }

  run<R>(fn: () => R): R {
    return storage.run(this.createContext(), fn);
  }
}

function createNamespace(_name: string): Namespace {
  return new Namespace();
}

const session = createNamespace('session');

export function withUser(userId: string, fn: () => void): void {
  session.run(() => {
    const context = session.createContext();
    session.enter(context);
    session.set('userId', userId);
    fn();
    session.exit(context);
  });
}
