import { Thread, ThreadPool } from '@tlkit/core';
import { currentRequest, type TransferRequest } from '../requestContext.js';
import type { TransferResult, TransferService } from '../TransferService.js';
import type { Transfer } from '../workload.js';

/** What the server answered to one request. */
export interface TransferOutcome extends TransferResult {
  readonly request: TransferRequest;
  /** The pool thread that served it. */
  readonly thread: string;
}

/** Options of {@link TransferServer}. */
export interface TransferServerOptions {
  /** Pool threads; default 4. */
  threads?: number;
  /** Pool name, the prefix of its threads' names; default `transfer`. */
  name?: string;
}

/**
 * Serves transfer requests the way a servlet container does: each request runs on a thread of a
 * fixed {@link ThreadPool}, and the pool's threads are reused from one request to the next. The
 * request itself is bound to the thread with `runWith` for exactly the request's duration.
 */
export class TransferServer {
  readonly #pool: ThreadPool;
  readonly #service: TransferService;
  #nextId = 1;

  /**
   * @param service - the transfer service the requests go to
   * @param options - pool size and name
   * @throws RangeError when `threads` is not a positive integer
   */
  constructor(service: TransferService, options: TransferServerOptions = {}) {
    this.#service = service;
    this.#pool = new ThreadPool({ size: options.threads ?? 4, name: options.name ?? 'transfer' });
  }

  /**
   * Queues one transfer; requests are numbered in the order they are received, from 1.
   *
   * @param from - the payer
   * @param to - the payee
   * @param amount - how much
   * @returns what the service answered, and the thread that served it
   * @throws RejectedExecutionError (rejects) after {@link TransferServer.shutdown}
   */
  handle(from: string, to: string, amount: number): Promise<TransferOutcome> {
    const request: TransferRequest = { id: this.#nextId++, from, to, amount };
    return this.#pool.submit(() =>
      currentRequest.runWith(request, async (): Promise<TransferOutcome> => {
        const result = await this.#service.transfer(from, to, amount);
        return { ...result, request, thread: Thread.currentThread().name };
      }),
    );
  }

  /**
   * Queues every transfer at once (they are served concurrently, by the pool's threads).
   *
   * @param transfers - `[from, to, amount]` triples, in order
   * @returns the outcomes, in the same order
   */
  handleAll(transfers: readonly Transfer[]): Promise<TransferOutcome[]> {
    return Promise.all(transfers.map(([from, to, amount]) => this.handle(from, to, amount)));
  }

  /** Stops accepting requests, serves the queued ones, and lets the threads terminate. */
  async shutdown(): Promise<void> {
    await this.#pool.shutdown();
  }
}
