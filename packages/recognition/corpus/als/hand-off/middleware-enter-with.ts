// Express-style middleware that enterWith()s the request context and calls next(): the store stays on the request's chain with no restore: reported.
// recognize: requestContext=async-local-storage
import { AsyncLocalStorage } from 'node:async_hooks';

interface Request {
  readonly headers: Record<string, string | undefined>;
}

const requestContext = new AsyncLocalStorage<{ readonly requestId: string }>();

export function contextMiddleware(req: Request, _res: unknown, next: () => void): void {
  const requestId = req.headers['x-request-id'] ?? 'generated';
  requestContext.enterWith({ requestId }); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
  next();
}
