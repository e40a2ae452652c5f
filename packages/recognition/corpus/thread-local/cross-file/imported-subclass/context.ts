// A ThreadLocal subclass exported from context.ts, instantiated and set in handler.ts with no remove anywhere: reported in handler.ts untyped too.
import { ThreadLocal } from '@tlkit/core';

export class RequestLocal<T> extends ThreadLocal<T> {
  describe(): string {
    return `request-local(${String(this.get())})`;
  }
}
