// A module-level `let` thread-local can be reassigned, stranding the old instance's entries: reported.
// recognize: auditTrail=thread-local
import { ThreadLocal } from '@tlkit/core';

export let auditTrail = new ThreadLocal<string[]>(); // expect(eslint,typed): static-thread-local/mutableBinding

export function record<R>(entries: string[], fn: () => R): R {
  return auditTrail.runWith(entries, fn);
}
