// A same-file factory called once at module level; the result is entered without a restore in a handler: the creation is fine, the enterWith is reported.
// recognize: store=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Ctx {
  readonly correlationId: string;
}

function makeStore(): AsyncLocalStorage<Ctx> {
  return new AsyncLocalStorage<Ctx>();
}

const store = makeStore();

export function correlate(correlationId: string): void {
  store.enterWith({ correlationId }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}
