import type { ThreadLocalObserver } from '@tlkit/core';
import type { AuditLevel } from '../report/AuditReport.js';

/** An observer event name. */
export type HookName = keyof ThreadLocalObserver;

/**
 * `simple` subscribes to no per-operation event: `set()`/`remove()` never run audit code, and core
 * leaves the slots of unsubscribed events empty, so they cost one branch, as with no audit.
 * Task boundaries, thread exit, expunges and late accesses are rare by comparison.
 */
const SIMPLE: readonly HookName[] = [
  'threadLocalCreated',
  'threadExiting',
  'taskStarted',
  'taskEnded',
  'entryExpunged',
  'terminatedThreadAccess',
];

/** `advanced` adds sampled set and submit sites: one decrement per `set()`, a stack 1 in N. */
const ADVANCED: readonly HookName[] = [...SIMPLE, 'taskSubmitted', 'entrySet'];

/** `paranoid` adds removals, for the access records, and samples every operation. */
const PARANOID: readonly HookName[] = [...ADVANCED, 'entryRemoved'];

const HOOKS: Record<Exclude<AuditLevel, 'disabled'>, ReadonlySet<HookName>> = {
  simple: new Set(SIMPLE),
  advanced: new Set(ADVANCED),
  paranoid: new Set(PARANOID),
};

/**
 * @param level - an enabled level
 * @returns the observer events that level subscribes to
 */
export function hooksOf(level: Exclude<AuditLevel, 'disabled'>): ReadonlySet<HookName> {
  return HOOKS[level];
}
