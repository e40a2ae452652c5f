// A set() at module level only reaches the main thread, where nothing removes it: reported (ESLint) and never removed anywhere (scan).
// recognize: defaultTenant=thread-local
import { ThreadLocal } from '@tlkit/core';

const defaultTenant = new ThreadLocal<string>(); // expect(scan): never-removed

defaultTenant.set('public'); // expect(eslint,typed): remove-in-finally/setAtModuleLevel

export function tenant(): string {
  return defaultTenant.get();
}
