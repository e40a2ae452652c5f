// An ESM module loads node:async_hooks through createRequire inside a setup function behind an installed guard; a later enterWith has no restore: reported.
// recognize: store=async-local-storage
import { createRequire } from 'node:module';
import type { AsyncLocalStorage as Storage } from 'node:async_hooks';

interface Ctx {
  readonly locale: string;
}

let store: Storage<Ctx> | undefined;

export function setup(): void {
  if (store) return;
  const require = createRequire(import.meta.url);
  const { AsyncLocalStorage } = require('node:async_hooks') as typeof import('node:async_hooks');
  store = new AsyncLocalStorage<Ctx>();
}

export function useLocale(locale: string): void {
  store?.enterWith({ locale }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}
