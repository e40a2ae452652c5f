import { startAudit, type Audit, type Finding } from '@tlkit/runtime-audit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountDao } from '../AccountDao.js';
import { INITIAL_BALANCES, readBalances, resetAccounts, totalOf } from '../db/accounts.js';
import type { DataSource } from '../db/DataSource.js';
import { TransferServer, type TransferOutcome } from '../server/TransferServer.js';
import { importVariant, type AccountServiceClass, type Variant } from '../importVariant.js';
import { applyTransfers, failEvery, transferBurst } from '../workload.js';

/** How a suite gets its database. */
export interface SuiteTarget {
  /** `PGlite` or `Postgres`, for the suite's name. */
  readonly label: string;
  /** Opens one data source for the whole suite. */
  readonly open: () => Promise<DataSource>;
  /**
   * Whether transactions really run concurrently (a server), so that transfers in opposite
   * directions could deadlock: the bursts then lock rows in one order (PGlite serialises them).
   */
  readonly concurrent: boolean;
}

const ACCOUNTS = Object.keys(INITIAL_BALANCES);

/** What every test of a variant suite shares; set in `beforeAll`. */
interface VariantSuite {
  /** Started before the variant was imported, so it knows where the variant's ThreadLocal was created. */
  audit: Audit;
  AccountService: AccountServiceClass;
  /** One data source for the whole suite; the accounts are reset before each test. */
  dataSource: DataSource;
}

/**
 * Declares the `describe` block of one variant on one database: starts a runtime audit recording
 * creation and set sites, imports the variant under it, opens the data source, resets the accounts
 * before each test, and stops and closes everything afterwards.
 *
 * @param variant - which `AccountService`
 * @param target - the database
 * @param tests - declares the tests; reads the suite's state inside them, once `beforeAll` has run
 */
function describeVariant(variant: Variant, target: SuiteTarget, tests: (suite: Readonly<VariantSuite>) => void): void {
  describe(`${variant} variant on ${target.label}`, () => {
    const suite = {} as VariantSuite;

    beforeAll(async () => {
      suite.audit = startAudit({ level: 'advanced', samplingInterval: 1, intervalMs: 0, metrics: false });
      suite.AccountService = await importVariant(variant);
      suite.dataSource = await target.open();
    });

    afterAll(async () => {
      suite.audit.stop();
      await suite.dataSource.close();
    });

    beforeEach(async () => {
      await resetAccounts(suite.dataSource);
    });

    tests(suite);
  });
}

/** Serves a burst of `count` transfers on a fresh 4-thread pool named `pool`, every `failPeriod`th request crashing. */
async function serve(
  target: SuiteTarget,
  suite: Readonly<VariantSuite>,
  pool: string,
  count: number,
  failPeriod: number,
): Promise<TransferOutcome[]> {
  const service = new suite.AccountService(suite.dataSource, { failWhen: failEvery(failPeriod) });
  const server = new TransferServer(service, { threads: 4, name: pool });
  try {
    return await server.handleAll(transferBurst(count, ACCOUNTS, target.concurrent));
  } finally {
    await server.shutdown();
  }
}

/** The requests of each thread, in the order the thread served them (FIFO queue: by request id). */
function byThread(outcomes: readonly TransferOutcome[]): Map<string, TransferOutcome[]> {
  const threads = new Map<string, TransferOutcome[]>();
  for (const outcome of [...outcomes].sort((a, b) => a.request.id - b.request.id)) {
    const served = threads.get(outcome.thread) ?? [];
    served.push(outcome);
    threads.set(outcome.thread, served);
  }
  return threads;
}

function findingsOf(audit: Audit, pool: string): Finding[] {
  return audit.scan().findings.filter((finding) => finding.pool === pool);
}

function countOf(findings: readonly Finding[], kind: Finding['kind']): number {
  return findings.filter((finding) => finding.kind === kind).reduce((sum, finding) => sum + finding.count, 0);
}

/**
 * The fixed variant: consistent under concurrency and failures, every connection returned,
 * nothing left on the pool threads.
 *
 * @param target - the database to run against
 */
export function fixedVariantSuite(target: SuiteTarget): void {
  describeVariant('fixed', target, (suite) => {
    it('keeps every balance consistent under 200 concurrent transfers on 4 threads, every 7th failing', async () => {
      const outcomes = await serve(target, suite, 'fixed-burst', 200, 7);

      const injected = outcomes.filter((o) => o.request.id % 7 === 0);
      expect(injected).toHaveLength(28);
      for (const outcome of injected) {
        expect(outcome.ok).toBe(false);
        expect(outcome.error).toMatch(/^injected failure between out\(\) and in\(\)/);
      }
      expect(outcomes.filter((o) => !o.ok)).toEqual(injected);
      const committed = outcomes.filter((o) => o.ok).map((o) => o.request);
      const after = await readBalances(suite.dataSource);
      expect(after).toEqual(applyTransfers(INITIAL_BALANCES, committed));
      expect(totalOf(after)).toBe(totalOf(INITIAL_BALANCES));
      expect(new Set(outcomes.map((o) => o.thread)).size).toBe(4);
      expect(suite.dataSource.checkedOut).toBe(0);
    });

    it('leaves both balances unchanged when a transfer crashes between out() and in()', async () => {
      const service = new suite.AccountService(suite.dataSource, { failWhen: () => true });
      const result = await service.transfer('Jack', 'Rose', 100);
      expect(result.ok).toBe(false);
      expect(result.error).toBe('injected failure between out() and in() of 100 from Jack to Rose');
      expect(await readBalances(suite.dataSource)).toEqual(INITIAL_BALANCES);
      expect(suite.dataSource.checkedOut).toBe(0);
    });

    it('rolls back a transfer that would overdraw the payer (check constraint)', async () => {
      const result = await new suite.AccountService(suite.dataSource).transfer('Jack', 'Rose', 5000);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/account_money_check/);
      expect(await readBalances(suite.dataSource)).toEqual(INITIAL_BALANCES);
      expect(suite.dataSource.checkedOut).toBe(0);
    });

    it('rolls back the debit when the payee does not exist', async () => {
      const result = await new suite.AccountService(suite.dataSource).transfer('Jack', 'Nobody', 10);
      expect(result).toMatchObject({ ok: false, error: 'account "Nobody" does not exist' });
      expect(await readBalances(suite.dataSource)).toEqual(INITIAL_BALANCES);
    });

    it('commits a transfer and reports the new balance read in the same transaction', async () => {
      const result = await new suite.AccountService(suite.dataSource).transfer('Jack', 'Rose', 100);
      expect(result).toMatchObject({ ok: true, balance: 900 });
      expect(await readBalances(suite.dataSource)).toEqual({ ...INITIAL_BALANCES, Jack: 900, Rose: 1100 });
    });

    it('gives every request a connection it opened itself, and takes every one back', async () => {
      const outcomes = await serve(target, suite, 'fixed-own', 40, 5);
      for (const outcome of outcomes) {
        expect(outcome.connection).toMatchObject({ openedBy: outcome.request.id, openedOn: outcome.thread });
      }
      expect(suite.dataSource.checkedOut).toBe(0);
    });

    it('leaves nothing on the pool threads: the runtime audit has no finding', async () => {
      await serve(target, suite, 'fixed-audit', 40, 5);
      const report = suite.audit.scan();
      expect(report.stats.tasksObserved).toBeGreaterThanOrEqual(40);
      expect(report.findings).toEqual([]);
    });

    it('fails loudly, instead of binding a connection, when the DAO runs outside a transaction', async () => {
      const { JdbcUtils } = await import('../fixed/JdbcUtils.js');
      const dao = new AccountDao(new JdbcUtils(suite.dataSource));
      await expect(dao.balance('Jack')).rejects.toMatchObject({ code: 'ERR_BANK_NO_TRANSACTION' });
      expect(suite.dataSource.checkedOut).toBe(0);
    });
  });
}

/**
 * The leaky variant: each pooled thread keeps the connection its last transfer bound after the
 * commit, hands it to its next request, and the runtime audit reports it.
 *
 * @param target - the database to run against
 */
export function leakyVariantSuite(target: SuiteTarget): void {
  describeVariant('leaky', target, (suite) => {
    it("hands a thread's leftover connection to the next request served on that thread", async () => {
      const before = suite.dataSource.checkedOut;
      const outcomes = await serve(target, suite, 'leaky-handoff', 40, 5);
      const threads = byThread(outcomes);
      expect(threads.size).toBe(4);

      let inherited = 0;
      let stillBound = 0;
      for (const [thread, served] of threads) {
        served.forEach((outcome, index) => {
          const previous = served[index - 1];
          if (previous?.ok === true) {
            // Opened by the previous request on this thread (its post-commit balance read), never closed.
            expect(outcome.connection).toMatchObject({ openedBy: previous.request.id, openedOn: thread });
            expect(outcome.connection?.openedBy).toBeLessThan(outcome.request.id);
            inherited++;
          } else {
            expect(outcome.connection).toMatchObject({ openedBy: outcome.request.id, openedOn: thread });
          }
        });
        if (served.at(-1)?.ok === true) stillBound++;
      }
      const committed = outcomes.filter((o) => o.ok).length;
      expect(committed).toBe(32);
      // Every committed transfer but each thread's last handed its connection on.
      expect(inherited).toBe(committed - stillBound);
      // The connections bound to the threads when the pool shut down never come back.
      expect(stillBound).toBeGreaterThan(0);
      expect(suite.dataSource.checkedOut - before).toBe(stillBound);
      // The money is still right: the leak is about connections and memory, not balances.
      expect(totalOf(await readBalances(suite.dataSource))).toBe(totalOf(INITIAL_BALANCES));
    });

    it('is reported by the runtime audit: Connection values left behind and set at shutdown, created in src/leaky', async () => {
      const outcomes = await serve(target, suite, 'leaky-audit', 40, 5);
      const threads = byThread(outcomes);
      const committed = outcomes.filter((o) => o.ok).length;
      const lastCommitted = [...threads.values()].filter((served) => served.at(-1)?.ok === true).length;

      const findings = findingsOf(suite.audit, 'leaky-audit');
      expect(findings.length).toBeGreaterThan(0);
      for (const finding of findings) {
        expect(finding.valueType).toBe('Connection');
        // Sites are relative to the project root (this example), absolute when outside it.
        expect(finding.threadLocalSite).toMatch(/(^|[\\/])src[\\/]leaky[\\/]JdbcUtils\.ts:/);
        expect(finding.setSite).toMatch(/(^|[\\/])src[\\/]leaky[\\/]JdbcUtils\.ts:/);
      }
      // One left-behind occurrence per committed transfer, one set-at-shutdown per thread whose last transfer committed.
      expect(countOf(findings, 'left-behind')).toBe(committed);
      expect(countOf(findings, 'set-at-shutdown')).toBe(lastCommitted);
    });
  });
}
