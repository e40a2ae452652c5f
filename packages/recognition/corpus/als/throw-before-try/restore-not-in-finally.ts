// The saved store is put back on the normal path only: a throw from the callback skips the restore. The enterWith is reported, the restore never is.
// recognize: txStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Transaction {
  readonly id: number;
}

const txStore = new AsyncLocalStorage<Transaction>();

export function inTransaction<R>(tx: Transaction, fn: () => R): R {
  const outer = txStore.getStore();
  txStore.enterWith(tx); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  const result = fn();
  txStore.enterWith(outer!);
  return result;
}
