// Other node:async_hooks exports: an AsyncHook's enable()/disable() and AsyncResource are not an AsyncLocalStorage: silent.
// recognize: hook=none, resource=none
import { AsyncResource, createHook, executionAsyncId } from 'node:async_hooks';

const live = new Set<number>();

const hook = createHook({
  init(asyncId) {
    live.add(asyncId);
  },
  destroy(asyncId) {
    live.delete(asyncId);
  },
});

const resource = new AsyncResource('tlkit-corpus');

export function measure<R>(fn: () => R): R {
  hook.enable();
  try {
    return resource.runInAsyncScope(fn);
  } finally {
    hook.disable();
    live.delete(executionAsyncId());
  }
}
