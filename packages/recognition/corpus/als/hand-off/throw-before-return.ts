// The undo is returned as a closure, but a throwing check runs between the enterWith and the return: on that path the caller never gets the undo: reported.
// recognize: permissionStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Permissions {
  readonly scopes: readonly string[];
}

const permissionStore = new AsyncLocalStorage<Permissions>();

function assertScopes(permissions: Permissions): void {
  if (permissions.scopes.length === 0) throw new Error('no scopes granted');
}

export function grant(permissions: Permissions): () => void {
  const previous = permissionStore.getStore();
  permissionStore.enterWith(permissions); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  assertScopes(permissions);
  return () => permissionStore.enterWith(previous!);
}
