// A same-file registry returns one AsyncLocalStorage per name; `const legacy = storage('legacy')` is entered with no restore: reported.
// recognize: legacy=async-local-storage, registry=none
import { AsyncLocalStorage } from 'node:async_hooks';

type Store = Record<string, unknown>;

const registry = new Map<string, AsyncLocalStorage<Store>>();

function storage(name: string): AsyncLocalStorage<Store> {
  let found = registry.get(name);
  if (!found) {
    found = new AsyncLocalStorage<Store>();
    registry.set(name, found);
  }
  return found;
}

const legacy = storage('legacy');

export function enterLegacy(values: Store): void {
  legacy.enterWith(values); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}
