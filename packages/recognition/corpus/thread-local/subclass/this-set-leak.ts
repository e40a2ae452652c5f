// A ThreadLocal subclass's method does this.set() with the remove() on the normal path only: the this.set is a set on that thread-local: reported by ESLint.
// The scan has no finding: the remove is in the method that sets (remove-not-in-finally leaves that case to the ESLint rule).
// recognize: currentLocale=thread-local
import { ThreadLocal } from '@tlkit/core';

class LocaleHolder extends ThreadLocal<string> {
  render(locale: string, view: () => string): string {
    this.set(locale); // expect(eslint,typed): remove-in-finally/missingRemove
    const html = view();
    this.remove();
    return html;
  }
}

export const currentLocale = new LocaleHolder();
