// A subclass's own method sets with this.set() and nothing in the program removes: never removed.
// recognize: currentTenant=thread-local
import { ThreadLocal } from '@tlkit/core';

class TenantHolder extends ThreadLocal<string> {
  enter(tenant: string): void {
    this.set(tenant); // expect(eslint,typed): remove-in-finally/missingRemove
  }
}

export const currentTenant = new TenantHolder(); // expect(scan): never-removed

export function handle(tenant: string, work: () => void): void {
  currentTenant.enter(tenant);
  work();
}
