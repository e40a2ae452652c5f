import { liveThreads, Thread, type ThreadPool, threadLocalEntries, threadPoolOf, Transmitter } from '@tlkit/core';
import { inherited, transmitted } from './context.js';

/** A request as the front end receives it. */
export interface Request {
  readonly id: string;
  readonly tenant: string;
}

/** What the pooled work of one request saw of its context. */
export interface Seen {
  request: Request;
  /** The pool thread that ran the work. */
  thread: string;
  /** Read through InheritableThreadLocal: copied when the pool thread was created. */
  inherited: { requestId: string | undefined; tenant: string | undefined };
  /** Read through TransmittableThreadLocal: captured when the work was submitted. */
  transmitted: { requestId: string | undefined; tenant: string | undefined };
  /** Read in a timer callback wrapped by `Transmitter.wrap` (an executor that is not a ThreadPool). */
  timer: { requestId: string | undefined; tenant: string | undefined };
}

/** The work a request hands to the pool: say, rendering an invoice, logged with the request's context. */
function renderInvoice(request: Request): Omit<Seen, 'timer'> {
  return {
    request,
    thread: Thread.currentThread().name,
    inherited: { requestId: inherited.requestId.get(), tenant: inherited.tenant.get() },
    transmitted: { requestId: transmitted.requestId.get(), tenant: transmitted.tenant.get() },
  };
}

/** Runs `fn` with the request's context set in both forms, on the current (request) thread. */
function withContext<R>(request: Request, fn: () => R): R {
  return inherited.requestId.runWith(request.id, () =>
    inherited.tenant.runWith(request.tenant, () =>
      transmitted.requestId.runWith(request.id, () => transmitted.tenant.runWith(request.tenant, fn)),
    ),
  );
}

/**
 * Serves each request on a thread of its own (as a servlet container would), handing its invoice
 * rendering to one shared pool, and a follow-up to a timer.
 *
 * @returns what each request's pooled work and timer saw
 */
export async function serve(requests: readonly Request[], pool: ThreadPool): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (const request of requests) {
    let result!: Seen;
    const requestThread = new Thread(() =>
      withContext(request, async () => {
        const pooled = await pool.submit(() => renderInvoice(request));
        const timer = await new Promise<Seen['timer']>((resolve) => {
          // Timers are not a ThreadPool: wrap the callback to carry the context captured here.
          setTimeout(Transmitter.wrap(() => resolve({ requestId: transmitted.requestId.get(), tenant: transmitted.tenant.get() })), 0);
        });
        result = { ...pooled, timer };
      }),
      { name: `request-${request.id}` },
    );
    await requestThread.start().join();
    seen.push(result);
  }
  return seen;
}

/**
 * What each of the pool's threads holds on its own between tasks, through the transmittable
 * thread-locals: only what it inherited when it was created (by the request that caused it), never
 * a later request's values — the transmission restores the thread after every task.
 *
 * @returns thread name → `requestId/tenant` it holds
 */
export function heldByPool(pool: ThreadPool): Record<string, string> {
  const held: Record<string, string> = {};
  for (const thread of liveThreads()) {
    if (threadPoolOf(thread) !== pool) continue;
    const value = (tl: unknown): unknown => threadLocalEntries(thread).find((entry) => entry.threadLocal === tl)?.value;
    held[thread.name] = `${String(value(transmitted.requestId))}/${String(value(transmitted.tenant))}`;
  }
  return held;
}
