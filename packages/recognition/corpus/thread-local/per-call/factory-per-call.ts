// A same-file factory returning a new ThreadLocal, called per request: reported at the creation (ESLint) and at the per-request call (scan).
import { ThreadLocal } from '@tlkit/core';

function createLocal<T>(): ThreadLocal<T> {
  return new ThreadLocal<T>(); // expect(eslint,typed): static-thread-local/createdRepeatedly
}

export function handle(sessionId: string, work: () => void): void {
  const session = createLocal<string>(); // expect(scan): per-call-factory
  session.runWith(sessionId, work);
}
