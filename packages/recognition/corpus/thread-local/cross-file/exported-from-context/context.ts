// A ThreadLocal exported from context.ts and set in handler.ts with no remove anywhere: reported in handler.ts untyped too, and by the scan at the declaration.
// recognize: currentTenant=thread-local
import { ThreadLocal } from '@tlkit/core';

export const currentTenant = new ThreadLocal<string>(); // expect(scan): never-removed
