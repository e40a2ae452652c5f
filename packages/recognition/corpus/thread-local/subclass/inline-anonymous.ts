// An anonymous subclass instantiated inline, `new (class extends ThreadLocal<T> {})()`, is a thread-local; set with no remove anywhere: reported.
// recognize: traceContext=thread-local
import { ThreadLocal } from '@tlkit/core';

const traceContext = new (class extends ThreadLocal<string> { // expect(scan): never-removed
  protected override initialValue(): string {
    return 'untraced';
  }
})();

export function startTrace(id: string): void {
  traceContext.set(id); // expect(eslint,typed): remove-in-finally/missingRemove
}
