// The handler enters a TenantContext through the imported class's static store.
import { TenantContext } from './context.js';

export function switchTenant(tenantId: string): void {
  TenantContext.storage.enterWith(new TenantContext(tenantId)); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}
