// A statement that may throw between the enterWith and the try leaves the store in place.
// recognize: als=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

const als = new AsyncLocalStorage<string>();

function validate(user: string): void {
  if (user === '') throw new TypeError('user: "" (expected: a name)');
}

export function asUser(user: string, work: () => void): void {
  const previous = als.getStore();
  als.enterWith(user); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  validate(user);
  try {
    work();
  } finally {
    als.enterWith(previous!);
  }
}
