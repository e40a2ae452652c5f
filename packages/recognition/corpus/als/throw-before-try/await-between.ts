// An awaited audit call sits between the enterWith and the try: if it rejects, the finally never runs and the store stays on the chain: reported.
// recognize: auditStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface AuditContext {
  readonly actor: string;
}

const auditStore = new AsyncLocalStorage<AuditContext>();

export async function asActor<R>(actor: string, record: (actor: string) => Promise<void>, fn: () => Promise<R>): Promise<R> {
  const previous = auditStore.getStore();
  auditStore.enterWith({ actor }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  await record(actor);
  try {
    return await fn();
  } finally {
    auditStore.enterWith(previous!);
  }
}
