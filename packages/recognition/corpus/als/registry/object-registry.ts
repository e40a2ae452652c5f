// A module-level object holds several stores; `contexts.tenant.enterWith(id)` with no restore is reported, `contexts.request.run()` is safe.
// recognize: contexts=none
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestInfo {
  readonly path: string;
}

const contexts = {
  request: new AsyncLocalStorage<RequestInfo>(),
  tenant: new AsyncLocalStorage<string>(),
};

export function withRequest<R>(info: RequestInfo, fn: () => R): R {
  return contexts.request.run(info, fn);
}

export function selectTenant(tenant: string): void {
  contexts.tenant.enterWith(tenant); // expect(eslint,typed): remove-in-finally/enterWithWithoutRestore expect(scan): enter-with-not-restored
}
