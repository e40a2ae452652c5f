import type { ConnectionInfo } from './db/Connection.js';
import { InjectedFailureError } from './errors.js';
import { currentRequest } from './requestContext.js';

/** What a transfer did. */
export interface TransferResult {
  /** Whether the transfer committed. */
  readonly ok: boolean;
  /** The connection the transfer's transaction ran on (`undefined` if none was obtained). */
  readonly connection: ConnectionInfo | undefined;
  /** The payer's balance after the transfer, when it committed. */
  readonly balance?: number;
  /** Why it failed, when it did. */
  readonly error?: string;
}

/** The seed's `AccountService`, as both variants implement it. */
export interface TransferService {
  /**
   * Moves `amount` from one account to another in one transaction: both or neither.
   *
   * @param from - the payer
   * @param to - the payee
   * @param amount - how much
   * @returns what happened; a failed transfer resolves with `ok: false`, it does not reject
   */
  transfer(from: string, to: string, amount: number): Promise<TransferResult>;
}

/** One transfer, as a failure policy sees it. */
export interface TransferAttempt {
  readonly from: string;
  readonly to: string;
  readonly amount: number;
  /** The request being served, when the transfer runs inside one. */
  readonly requestId: number | undefined;
}

/** Decides whether a transfer crashes between its debit and its credit. */
export type FailurePolicy = (attempt: TransferAttempt) => boolean;

/** Options of both variants' `AccountService`. */
export interface AccountServiceOptions {
  /** Crash between debit and credit when this returns `true` (the seed's `1 / 0`); default never. */
  failWhen?: FailurePolicy;
}

/**
 * The seed's `int i = 1 / 0;`, placed between `out` and `in`: throws when the policy says so.
 *
 * @param policy - the failure policy, if any
 * @param from - the payer
 * @param to - the payee
 * @param amount - how much
 * @throws InjectedFailureError when the policy returns `true`
 */
export function crashIfPolicySays(policy: FailurePolicy | undefined, from: string, to: string, amount: number): void {
  if (policy === undefined) return;
  const requestId = currentRequest.get()?.id;
  if (policy({ from, to, amount, requestId })) {
    const which = requestId === undefined ? '' : ` (request ${requestId})`;
    throw new InjectedFailureError(`injected failure between out() and in() of ${amount} from ${from} to ${to}${which}`);
  }
}

/**
 * @param error - anything thrown
 * @returns its message
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
