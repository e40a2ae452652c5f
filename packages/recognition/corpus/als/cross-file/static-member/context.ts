// A static readonly AsyncLocalStorage of an exported class, entered without a restore from another file: reported in handler.ts.
// recognize: TenantContext.storage=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

export class TenantContext {
  static readonly storage = new AsyncLocalStorage<TenantContext>();

  constructor(readonly tenantId: string) {}

  static current(): TenantContext | undefined {
    return TenantContext.storage.getStore();
  }
}
