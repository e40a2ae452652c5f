// Subclasses written as class expressions are thread-locals too.
// recognize: user=thread-local, counter=thread-local
import { ThreadLocal } from '@tlkit/core';

const UserLocal = class extends ThreadLocal<string> {};

const user = new UserLocal(); // expect(scan): never-removed
const counter = new (class extends ThreadLocal<number> {})();

export function login(name: string): void {
  user.set(name); // expect(eslint,typed): remove-in-finally/missingRemove
}

export function count(work: () => void): void {
  counter.set(1);
  try {
    work();
  } finally {
    counter.remove();
  }
}
