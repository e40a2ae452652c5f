// nestjs-cls-like enter(): returns an instance of a same-file disposable class whose dispose puts the saved store back, used with `using`: safe.
// recognize: clsStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

type ClsStore = Map<string, unknown>;

const clsStore = new AsyncLocalStorage<ClsStore>();

class ClsScope implements Disposable {
  constructor(
    private readonly storage: AsyncLocalStorage<ClsStore>,
    private readonly saved: ClsStore | undefined,
  ) {}

  [Symbol.dispose](): void {
    this.storage.enterWith(this.saved!);
  }
}

export function enterCls(values: ClsStore): ClsScope {
  const saved = clsStore.getStore();
  clsStore.enterWith(values);
  return new ClsScope(clsStore, saved);
}

export function inCls<R>(fn: () => R): R {
  using _ = enterCls(new Map());
  return fn();
}
