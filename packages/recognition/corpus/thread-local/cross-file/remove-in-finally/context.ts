// A ThreadLocal exported from context.ts, set in handler.ts and removed in the covering finally: safe.
// recognize: currentTenant=thread-local
import { ThreadLocal } from '@tlkit/core';

export const currentTenant = new ThreadLocal<string>();
