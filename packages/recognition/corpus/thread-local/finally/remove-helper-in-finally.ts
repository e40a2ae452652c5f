// The remove() lives in a helper that the covering finally calls (Spring's TransactionSynchronizationManager shape): safe.
// recognize: transaction=thread-local
import { ThreadLocal } from '@tlkit/core';

interface Transaction {
  commit(): void;
  rollback(): void;
}

const transaction = new ThreadLocal<Transaction>();

function unbind(): void {
  transaction.remove();
}

export function transactional(tx: Transaction, work: () => void): void {
  transaction.set(tx);
  try {
    work();
    tx.commit();
  } catch (error) {
    tx.rollback();
    throw error;
  } finally {
    unbind();
  }
}
