// The enterWith is the first statement of the try whose finally puts the saved tenant back: safe, no path leaves it in place.
// recognize: tenantStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface TenantState {
  readonly tenant: string;
  readonly schema: string;
}

const tenantStore = new AsyncLocalStorage<TenantState>();

export function withTenant<R>(tenant: string, fn: () => R): R {
  const saved = tenantStore.getStore();
  try {
    tenantStore.enterWith({ tenant, schema: `tenant_${tenant}` });
    return fn();
  } finally {
    tenantStore.enterWith(saved!);
  }
}
