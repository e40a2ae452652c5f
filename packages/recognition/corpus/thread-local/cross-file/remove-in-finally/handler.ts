// The handler removes in a finally.
// recognize: currentTenant=thread-local
import { currentTenant } from './context.js';

export function onRequest(tenant: string, next: () => void): void {
  currentTenant.set(tenant);
  try {
    next();
  } finally {
    currentTenant.remove();
  }
}
