// AsyncLocalStorage reached through process.getBuiltinModule('node:async_hooks') (code that must not import node builtins statically): entered with no restore: reported.
// recognize: store=async-local-storage
const { AsyncLocalStorage } = process.getBuiltinModule('node:async_hooks');

interface Ctx {
  readonly requestId: string;
}

const store = new AsyncLocalStorage<Ctx>();

export function bindRequest(requestId: string): void {
  store.enterWith({ requestId }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}

export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}
