// A ThreadLocal created inside a handler on every call: each instance strands map entries: reported by ESLint.
// The scan has no finding: the instance is not returned, so there is no factory call to report (per-call-factory).
import { ThreadLocal } from '@tlkit/core';

export function handle(userId: string, work: () => void): void {
  const user = new ThreadLocal<string>(); // expect(eslint,typed): static-thread-local/createdRepeatedly
  user.runWith(userId, work);
}
