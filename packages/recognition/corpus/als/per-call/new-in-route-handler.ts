// A route handler creates a new AsyncLocalStorage on every request: each live instance slows every promise on Node <= 22: reported.
// The scan has no finding: the instance is not returned, so there is no factory whose callers it could report (per-call-factory).
import { AsyncLocalStorage } from 'node:async_hooks';

interface IncomingRequest {
  readonly url: string;
  readonly userId?: string;
}

export async function handleRequest(req: IncomingRequest, render: () => Promise<string>): Promise<string> {
  const requestStorage = new AsyncLocalStorage<IncomingRequest>(); // expect(eslint,typed): static-thread-local/createdRepeatedly
  return requestStorage.run(req, render);
}
