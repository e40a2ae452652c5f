// The consumer's thread-locals, created once at module level (as the rules want), in their own
// module: the leak below is in another file, which the rules and the scan follow.
import { ThreadLocal, ThreadPool } from '@tlkit/core';

/** The user the current request is served for. */
export const currentUser = new ThreadLocal<string>();

/** The pool that serves requests; its threads are reused, so whatever a task leaves set stays. */
export const workers = new ThreadPool({ size: 2, name: 'http' });
