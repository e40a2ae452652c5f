import type { ThreadLocalObserver } from '../observer.js';
import { badArgument } from './describe.js';

/** An observer with every method present, so call sites need no per-method check. */
export type CompleteObserver = Required<ThreadLocalObserver>;

const METHODS = [
  'threadLocalCreated',
  'threadStarted',
  'threadExiting',
  'taskSubmitted',
  'taskStarted',
  'taskEnded',
  'entrySet',
  'entryRemoved',
  'entryExpunged',
  'terminatedThreadAccess',
] as const satisfies readonly (keyof ThreadLocalObserver)[];

const noop = (): void => {};

/**
 * The one observer slot. Hot paths read it once and branch on `null`; a module-level binding is a
 * plain context-slot load in V8, cheaper than a property on a shared object.
 */
export let observer: CompleteObserver | null = null;
let installed: ThreadLocalObserver | null = null;
/**
 * The completed form of each observer ever installed: reinstalling one reuses the same bound
 * methods, so call sites that V8 has specialised on them stay fast.
 */
const completed = new WeakMap<ThreadLocalObserver, CompleteObserver>();

/** See `setThreadLocalObserver` in observer.ts, the public entry point. */
export function installObserver(next: ThreadLocalObserver | null): ThreadLocalObserver | null {
  if (next !== null && (typeof next !== 'object' || Array.isArray(next))) {
    throw new TypeError(badArgument('observer', next, 'an object implementing ThreadLocalObserver, or null'));
  }
  let complete: CompleteObserver | null = next === null ? null : (completed.get(next) ?? null);
  if (next !== null && complete === null) {
    const methods: Record<string, unknown> = {};
    for (const name of METHODS) {
      const method: unknown = next[name];
      if (method !== undefined && typeof method !== 'function') {
        throw new TypeError(badArgument(`observer.${name}`, method, 'a function or undefined'));
      }
      methods[name] = method === undefined ? noop : (method as (...args: unknown[]) => unknown).bind(next);
    }
    complete = methods as unknown as CompleteObserver;
    completed.set(next, complete);
  }
  const previous = installed;
  installed = next;
  observer = complete;
  return previous;
}
