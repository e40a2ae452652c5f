// A same-file factory returning a new AsyncLocalStorage is called per request by a middleware: a new instance per request: reported.
// ESLint reports the creation inside the factory (a caller runs per request); the scan reports the per-request call.
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestInfo {
  readonly method: string;
  readonly path: string;
}

function createRequestStorage(): AsyncLocalStorage<RequestInfo> {
  return new AsyncLocalStorage<RequestInfo>(); // expect(eslint,typed): static-thread-local/createdRepeatedly
}

export function requestMiddleware(info: RequestInfo, next: () => void): void {
  const storage = createRequestStorage(); // expect(scan): per-call-factory
  storage.run(info, next);
}
