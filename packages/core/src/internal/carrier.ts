import { AsyncLocalStorage } from 'node:async_hooks';
import type { Thread } from '../Thread.js';

/**
 * The one AsyncLocalStorage of the process (of the isolate): its store is the logical thread the
 * current async call chain runs on. One instance serves every ThreadLocal, because on Node 20 each
 * enabled AsyncLocalStorage is copied onto every promise created while it is enabled — one per
 * ThreadLocal would make every `await` pay for all of them (docs/decisions/0001-logical-threads.md).
 */
export const carrier = new AsyncLocalStorage<Thread>();
