// A class-expression subclass, `const Sub = class extends ThreadLocal<string> {}`: its instance is a thread-local; set with no remove anywhere: reported.
// recognize: tenantLocal=thread-local
import { ThreadLocal } from '@tlkit/core';

const TenantLocal = class extends ThreadLocal<string> {};

const tenantLocal = new TenantLocal(); // expect(scan): never-removed

export function useTenant(tenant: string): void {
  tenantLocal.set(tenant); // expect(eslint,typed): remove-in-finally/missingRemove
}
