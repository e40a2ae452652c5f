import type { Balances } from './db/accounts.js';
import type { TransferRequest } from './requestContext.js';
import type { FailurePolicy } from './TransferService.js';

/** One transfer to make: `[from, to, amount]`. */
export type Transfer = readonly [from: string, to: string, amount: number];

/**
 * A deterministic burst of transfers between the given accounts, each pair in turn, with amounts
 * from 1 to 9: small enough that no account of 1000 runs dry in a few hundred transfers.
 *
 * @param count - how many transfers
 * @param accounts - account names (at least two)
 * @param lockOrdered - only from an account to a later one in `accounts`: transactions then lock
 *   rows in one order, so concurrent transfers on a real server never deadlock. Otherwise every
 *   ordered pair, both directions.
 * @returns the transfers, in order
 */
export function transferBurst(count: number, accounts: readonly string[], lockOrdered = false): Transfer[] {
  const pairs: [string, string][] = [];
  accounts.forEach((from, i) => {
    accounts.forEach((to, j) => {
      if (lockOrdered ? i < j : i !== j) pairs.push([from, to]);
    });
  });
  if (pairs.length === 0) throw new RangeError(`accounts: ${JSON.stringify(accounts)} (expected: at least two names)`);
  return Array.from({ length: count }, (_, index) => {
    const [from, to] = pairs[index % pairs.length] as [string, string];
    return [from, to, 1 + (index % 9)] as const;
  });
}

/**
 * A failure policy that crashes every `n`th request (by request id), so that which transfers
 * fail does not depend on scheduling.
 *
 * @param n - the period
 * @returns the policy
 */
export function failEvery(n: number): FailurePolicy {
  return ({ requestId }) => requestId !== undefined && requestId % n === 0;
}

/**
 * @param start - the balances before
 * @param transfers - transfers that committed
 * @returns the balances after them
 */
export function applyTransfers(start: Readonly<Balances>, transfers: readonly Pick<TransferRequest, 'from' | 'to' | 'amount'>[]): Balances {
  const balances: Balances = { ...start };
  for (const { from, to, amount } of transfers) {
    balances[from] = (balances[from] ?? 0) - amount;
    balances[to] = (balances[to] ?? 0) + amount;
  }
  return balances;
}
