// The handler sets the imported thread-local and never removes it.
// recognize: currentTenant=thread-local
import { currentTenant } from './context.js';

export function onRequest(tenant: string, next: () => void): void {
  currentTenant.set(tenant); // expect(eslint,typed): remove-in-finally/missingRemove
  next();
}
