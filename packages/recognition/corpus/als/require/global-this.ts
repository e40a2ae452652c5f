// AsyncLocalStorage reached through globalThis (edge-runtime-compatible code, as in Next.js); the store is entered with no restore: reported.
// recognize: renderStore=async-local-storage
declare global {
  // Edge runtimes expose AsyncLocalStorage as a global; declared for the type checker.
  var AsyncLocalStorage: typeof import('node:async_hooks').AsyncLocalStorage;
}

interface RenderStore {
  readonly route: string;
}

const renderStore = new globalThis.AsyncLocalStorage<RenderStore>();

export function beginRender(route: string): void {
  renderStore.enterWith({ route }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}
