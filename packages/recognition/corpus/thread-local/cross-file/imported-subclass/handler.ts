// The handler creates its thread-local from the imported subclass and sets it without a remove.
// recognize: requestUser=thread-local
import { RequestLocal } from './context.js';

const requestUser = new RequestLocal<string>(); // expect(scan): never-removed

export function login(user: string, next: () => void): void {
  requestUser.set(user); // expect(eslint,typed): remove-in-finally/missingRemove
  next();
}
