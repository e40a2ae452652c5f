import type { DataSource } from './db/DataSource.js';
import type { AccountServiceOptions, TransferService } from './TransferService.js';

/** The two halves of the example: the seed's code (`src/leaky`) and its fix (`src/fixed`). */
export type Variant = 'leaky' | 'fixed';

/** Either variant's `AccountService` class. */
export type AccountServiceClass = new (dataSource: DataSource, options?: AccountServiceOptions) => TransferService;

/**
 * Loads a variant's `AccountService`. The import is dynamic on purpose: the variant's module-level
 * ThreadLocal is created when its module first loads, so a runtime audit started before this call
 * records where it was created (in staging, the `--import @tlkit/runtime-audit/register` preload
 * does the same).
 *
 * @param variant - which `AccountService`
 * @returns its class
 */
export async function importVariant(variant: Variant): Promise<AccountServiceClass> {
  const { AccountService } = variant === 'leaky' ? await import('./leaky/AccountService.js') : await import('./fixed/AccountService.js');
  return AccountService;
}
