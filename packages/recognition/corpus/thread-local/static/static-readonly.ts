// A static readonly thread-local from withInitial, used with scope(): created once, safe.
// recognize: Clock.offset=thread-local
import { ThreadLocal } from '@tlkit/core';

export class Clock {
  static readonly offset = ThreadLocal.withInitial(() => 0);

  static shifted<R>(ms: number, fn: () => R): R {
    using _ = Clock.offset.scope(ms);
    return fn();
  }

  static now(): number {
    return Date.now() + Clock.offset.get();
  }
}
