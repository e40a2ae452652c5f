// An http server callback creates an AsyncLocalStorage per request and enters it with run(): the creation is per request: reported.
// The scan has no finding: the instance is not returned, so no factory call exists to report (per-call-factory).
// recognize: server=none
import { createServer } from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';

export const server = createServer((req, res) => {
  const perRequest = new AsyncLocalStorage<{ readonly path: string }>(); // expect(eslint,typed): static-thread-local/createdRepeatedly
  perRequest.run({ path: req.url ?? '/' }, () => {
    res.end(perRequest.getStore()?.path);
  });
});
