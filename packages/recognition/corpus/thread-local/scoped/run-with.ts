// runWith() sets the value for the callback and restores the previous state itself: safe.
// recognize: locale=thread-local
import { ThreadLocal } from '@tlkit/core';

const locale = ThreadLocal.withInitial(() => 'en');

export function inLocale<R>(tag: string, render: () => R): R {
  return locale.runWith(tag, render);
}
