// The enterWith returns a closure that puts the saved store back (a test harness's "enter, then restore later" helper): safe.
// recognize: clockStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface FakeClock {
  now(): number;
}

const clockStore = new AsyncLocalStorage<FakeClock>();

export function installClock(clock: FakeClock): () => void {
  const saved = clockStore.getStore();
  clockStore.enterWith(clock);
  return () => clockStore.enterWith(saved!);
}

export function now(): number {
  return clockStore.getStore()?.now() ?? Date.now();
}
