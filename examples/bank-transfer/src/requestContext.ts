import { ThreadLocal } from '@tlkit/core';

/** One transfer request, as the server receives it. */
export interface TransferRequest {
  /** Increasing, from 1, in the order the requests were received. */
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly amount: number;
}

/**
 * The request the current thread is serving, like a servlet container's request attributes or
 * SLF4J's MDC. The server binds it with `runWith` for exactly the duration of the request, so it
 * never outlives it; connections record it to show which request opened them.
 */
export const currentRequest = new ThreadLocal<TransferRequest | undefined>();
