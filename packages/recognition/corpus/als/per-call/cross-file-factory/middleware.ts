// The per-request caller of the exported factory.
import { createContextStorage } from './factory.js';

export function withRequestId<R>(requestId: string, fn: () => R): R {
  const storage = createContextStorage(); // expect(scan): per-call-factory
  return storage.run({ requestId }, fn);
}
