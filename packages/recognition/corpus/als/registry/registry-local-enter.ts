// A local `const s = storage('audit')` from a same-file registry, entered with no restore inside a handler: reported.
// recognize: stores=none
import { AsyncLocalStorage } from 'node:async_hooks';

type Store = { readonly actor: string };

const stores = new Map<string, AsyncLocalStorage<Store>>();

function storage(name: string): AsyncLocalStorage<Store> {
  let found = stores.get(name);
  if (!found) {
    found = new AsyncLocalStorage<Store>();
    stores.set(name, found);
  }
  return found;
}

export function onAuditEvent(actor: string, emit: () => void): void {
  const s = storage('audit');
  s.enterWith({ actor }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  emit();
}
