// `enterWith(undefined)` inside a function clears the chain's store: it keeps nothing alive, so it is never reported as a leak (it may lose an outer store; that is not a retention).
// recognize: userStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

const userStore = new AsyncLocalStorage<string | undefined>();

export function logout(): void {
  userStore.enterWith(undefined);
}
