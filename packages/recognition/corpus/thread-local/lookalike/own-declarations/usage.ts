// Uses the vendored classes: a set with no remove, in and out of a pool task, is not a @tlkit/core thread-local.
// recognize: flags=none, workers=none
import { ThreadLocal, ThreadPool } from './threads.js';

const flags = new ThreadLocal<string[]>();
const workers = new ThreadPool({ size: 2 });

export function enableFlags(names: string[]): Promise<number> {
  flags.set(names);
  return workers.submit(() => {
    flags.set([]);
    return names.length;
  });
}
