// An InheritableThreadLocal and a pool exported from context.ts, read in a task in handler.ts: reported in handler.ts, untyped too.
// recognize: requestId=thread-local, pool=thread-pool
import { InheritableThreadLocal, ThreadPool } from '@tlkit/core';

export const requestId = new InheritableThreadLocal<string>();
export const pool = new ThreadPool({ size: 2 });
