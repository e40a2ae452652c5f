// The remove() lives in a clearContext() helper that runs on the normal path only, never from a finally: reported at the set (ESLint) and at the helper's remove (scan).
// recognize: transaction=thread-local
import { ThreadLocal } from '@tlkit/core';

interface Transaction {
  commit(): void;
}

const transaction = new ThreadLocal<Transaction>();

function clearContext(): void {
  transaction.remove(); // expect(scan): remove-not-in-finally
}

export function transactional(tx: Transaction, work: () => void): void {
  transaction.set(tx); // expect(eslint,typed): remove-in-finally/missingRemove
  work();
  tx.commit();
  clearContext();
}
