// A module-level `enterWith(store)` with a real store binds it to the root context for the life of the process: reported.
// recognize: configStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface RuntimeConfig {
  readonly region: string;
  readonly debug: boolean;
}

const configStore = new AsyncLocalStorage<RuntimeConfig>();

configStore.enterWith({ region: 'eu-west-1', debug: false }); // expect(eslint,typed): remove-in-finally/enterWithAtModuleLevel expect(scan): enter-with-not-restored

export function region(): string {
  return configStore.getStore()?.region ?? 'unknown';
}
