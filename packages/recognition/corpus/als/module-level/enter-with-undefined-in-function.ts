// `enterWith(undefined)` inside a function is not the module-level root clear: it wipes the caller's store for the rest of its chain with no restore: reported.
// recognize: userStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

const userStore = new AsyncLocalStorage<string | undefined>();

export function logout(): void {
  userStore.enterWith(undefined); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}
