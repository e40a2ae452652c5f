// A request user set() on the thread with no remove() anywhere: the value outlives the request: reported at the set (ESLint) and at the declaration (scan).
// recognize: currentUser=thread-local
import { ThreadLocal } from '@tlkit/core';

interface User {
  readonly id: string;
  readonly roles: readonly string[];
}

const currentUser = new ThreadLocal<User>(); // expect(scan): never-removed

export function authenticate(user: User, next: () => void): void {
  currentUser.set(user); // expect(eslint,typed): remove-in-finally/missingRemove
  next();
}
