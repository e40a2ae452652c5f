import { Thread, ThreadLocal, ThreadPool } from '@tlkit/core';

/** Who the current request is for: bound to the thread that serves it, like a servlet's user. */
export const currentUser = new ThreadLocal<string>();

/** What one request saw, for the demo to print. */
export interface Served {
  request: number;
  user: string;
  thread: string;
  /** The user a previous request left on this pooled thread, if any: the leak. */
  inherited: string | undefined;
}

/** The fixed handler: the value lives exactly as long as the request, whatever happens. */
export function handleFixed(request: number, user: string): Served {
  const inherited = currentUser.get();
  return currentUser.runWith(user, () => ({ request, user, thread: Thread.currentThread().name, inherited }));
}

/** A request handler: gets the request number and user, runs on the pooled thread serving it. */
export type Handler = (request: number, user: string) => Served;

/** Serves `users` on a fresh pool of `size` threads with `handler`, then shuts the pool down. */
export async function serve(users: readonly string[], size: number, handler: Handler): Promise<Served[]> {
  const pool = new ThreadPool({ size, name: 'http' });
  try {
    const served: Served[] = [];
    for (const [index, user] of users.entries()) {
      served.push(await pool.submit(() => handler(index + 1, user)));
    }
    return served;
  } finally {
    await pool.shutdown();
  }
}
