// An early return between the enterWith and the try leaves the store in place on that path: reported.
// recognize: sessionStore=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Session {
  readonly userId?: string;
}

const sessionStore = new AsyncLocalStorage<Session>();

export function withSession(session: Session, fn: () => void): void {
  const previous = sessionStore.getStore();
  sessionStore.enterWith(session); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  if (session.userId === undefined) return;
  try {
    fn();
  } finally {
    sessionStore.enterWith(previous!);
  }
}
