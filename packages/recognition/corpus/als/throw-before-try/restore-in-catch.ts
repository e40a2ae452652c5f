// The restore is in a catch, not a finally: the successful path leaves the entered store on the chain: reported.
// recognize: localeStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

const localeStore = new AsyncLocalStorage<string>();

export function withLocale<R>(locale: string, fn: () => R): R {
  const previous = localeStore.getStore();
  try {
    localeStore.enterWith(locale); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
    return fn();
  } catch (error) {
    localeStore.enterWith(previous!);
    throw error;
  }
}
