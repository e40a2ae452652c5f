// A static thread-local field that is not readonly and is reassigned by reset(): not created once: reported at the field and at the re-creation.
// recognize: Context.current=thread-local
import { ThreadLocal } from '@tlkit/core';

export class Context {
  static current = new ThreadLocal<Map<string, string>>(); // expect(eslint,typed): static-thread-local/staticNotReadonly

  static with<R>(values: Map<string, string>, fn: () => R): R {
    return Context.current.runWith(values, fn);
  }

  static reset(): void {
    Context.current = new ThreadLocal<Map<string, string>>(); // expect(eslint,typed): static-thread-local/createdRepeatedly
  }
}
