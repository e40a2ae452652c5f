import type { Project } from 'ts-morph';
import type { CheckMeta, Finding } from '../Finding.js';
import { locationOf, relatedOf } from '../analysis/location.js';
import type { ThreadLocalFamily } from '../analysis/threadLocalIndex.js';
import { functionName, threadLocalIndex } from '../analysis/threadLocalIndex.js';

/** Metadata of the `per-call-factory` check. */
export const perCallFactoryMeta: CheckMeta = {
  id: 'per-call-factory',
  level: 'warning',
  shortDescription: 'A factory that creates a thread-local or an AsyncLocalStorage is called per call or per instance.',
  fullDescription:
    'A function that returns a new ThreadLocal (or AsyncLocalStorage) is harmless when its result is stored once, ' +
    'in a module-level const or a static readonly field. Called inside a function (per request) or in an instance ' +
    'field initializer (per object), it creates a new one each time: each ThreadLocal set leaves an entry in the ' +
    "thread's map that becomes a stale entry, its value still held, once the thread-local is collected; each live " +
    'AsyncLocalStorage adds work to every new promise of the async chains it was entered in (Node 22 and older). ' +
    'A factory that keeps what it creates (a lazy singleton, a registry memoised per key) and factories called ' +
    'only at module or static initialization are not reported. The factory usually lives in another file, where a ' +
    'single-file linter cannot connect it to its callers.',
};

/** What one more instance of each kind costs, for the message. */
const COST: Readonly<Record<ThreadLocalFamily, string>> = {
  'thread-local': 'creates another thread-local whose entries turn stale on every thread that used it',
  'async-local-storage': 'creates another AsyncLocalStorage, and every live instance adds work to each new promise of the async chains that entered it (Node 22 and older)',
};

/**
 * Reports each call to a thread-local factory that runs per call (inside a function) or per
 * instance (in an instance field initializer). Factories are functions returning a new
 * thread-local, directly or through a local, or returning another factory's result; a factory that
 * keeps what it creates (memoised) is never reported.
 *
 * @param project - the program to check
 * @returns one finding per call site
 */
export function perCallFactory(project: Project): Finding[] {
  return threadLocalIndex(project).factoryCalls.map(({ factory, call, fn, context, sourceFile }): Finding => {
    const where =
      context === 'instance'
        ? 'in an instance field initializer, so every new object'
        : `inside \`${fn === undefined ? '(anonymous function)' : functionName(fn)}\`, so every call`;
    return {
      checkId: 'per-call-factory',
      message:
        `\`${factory.name}()\` (at {0}) returns a new \`${factory.className}\`, and it is called here ${where} ` +
        `${COST[factory.family]}. Create it once in a module-level \`const\` or a \`static readonly\` field and reuse it.`,
      location: locationOf(call, sourceFile),
      related: [relatedOf(factory.fn.name ?? factory.fn, `\`${factory.name}()\` creates a \`${factory.className}\``)],
    };
  });
}
