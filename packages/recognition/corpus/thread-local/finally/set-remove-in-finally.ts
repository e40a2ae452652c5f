// A set undone by remove() in the finally that covers it: safe.
// recognize: user=thread-local
import { ThreadLocal } from '@tlkit/core';

const user = new ThreadLocal<string>();

export function handle(name: string, work: () => void): void {
  user.set(name);
  try {
    work();
  } finally {
    user.remove();
  }
}
