import { Thread } from '@tlkit/core';
import { currentUser, type Served } from '../requests.js';

// Deliberately wrong: this folder is the "before" half of the example (the lint config lets
// files under leaky/ break the tlkit rules; everywhere else the same code is an error).
/**
 * The leaky handler: sets the user and never removes it. On a pooled thread, the next request
 * served there starts with this request's user still set.
 */
export function handleLeaky(request: number, user: string): Served {
  const inherited = currentUser.get();
  currentUser.set(user);
  return { request, user, thread: Thread.currentThread().name, inherited };
}
