import { formatText, startAudit } from '@tlkit/runtime-audit';
import { INITIAL_BALANCES, readBalances, resetAccounts, totalOf } from '../db/accounts.js';
import type { DataSource } from '../db/DataSource.js';
import { TransferServer, type TransferOutcome } from '../server/TransferServer.js';
import { importVariant, type Variant } from '../importVariant.js';
import { failEvery, transferBurst } from '../workload.js';
import type { StepOutcome } from './lintStep.js';
import { EXAMPLE_ROOT, indent } from './output.js';

/** The burst each variant serves. */
export const BURST = { requests: 40, threads: 4, failEvery: 5 } as const;

/** Requests that ran on a connection an earlier request left bound to their thread. */
function handoffs(outcomes: readonly TransferOutcome[]): TransferOutcome[] {
  return outcomes.filter((o) => o.connection !== undefined && o.connection.openedBy !== o.request.id);
}

/**
 * Steps 3 and 4: serves a burst of transfers with one variant under the runtime audit, then prints
 * the audit's text report, the balances and the connections still checked out.
 *
 * The audit starts before the variant's module is loaded (see {@link importVariant}), so that it
 * records where the module's ThreadLocal is created.
 *
 * @param variant - which `AccountService`
 * @param dataSource - the database, shared by both steps
 * @returns the surprises, if any
 */
export async function auditStep(variant: Variant, dataSource: DataSource): Promise<StepOutcome> {
  const surprises: string[] = [];
  await resetAccounts(dataSource);
  const checkedOutBefore = dataSource.checkedOut;

  // Sites relative to the example, wherever the demo is started from (the default root is the
  // nearest package.json above the working directory).
  const audit = startAudit({ level: 'advanced', samplingInterval: 1, intervalMs: 0, metrics: false, root: EXAMPLE_ROOT });
  let report;
  let outcomes: TransferOutcome[];
  try {
    const AccountService = await importVariant(variant);
    const service = new AccountService(dataSource, { failWhen: failEvery(BURST.failEvery) });
    const server = new TransferServer(service, { threads: BURST.threads, name: variant });
    try {
      const accounts = Object.keys(INITIAL_BALANCES);
      outcomes = await server.handleAll(transferBurst(BURST.requests, accounts, dataSource.kind === 'postgres'));
    } finally {
      await server.shutdown();
    }
    report = audit.scan();
  } finally {
    audit.stop();
  }

  const committed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - committed;
  const injected = outcomes.filter((o) => o.request.id % BURST.failEvery === 0).length;
  const before = totalOf(INITIAL_BALANCES);
  const after = totalOf(await readBalances(dataSource));
  const leaked = dataSource.checkedOut - checkedOutBefore;
  const reused = handoffs(outcomes);

  console.log(`  ${committed} transfers committed, ${failed} rolled back (${injected} injected failures); total balance ${before} → ${after}`);
  if (reused.length === 0) {
    console.log('  every request ran on a connection it opened itself');
  } else {
    console.log(`  ${reused.length} of ${outcomes.length} requests ran on a connection that an earlier request left on their thread, e.g.:`);
    for (const o of reused.slice(0, 3)) {
      const c = o.connection;
      if (c === undefined) continue;
      console.log(`    request ${o.request.id} on ${o.thread} got Connection#${c.id}, opened by request ${c.openedBy ?? '?'} on ${c.openedOn}`);
    }
  }
  console.log(
    `  connections still checked out after the pool shut down: ${leaked}` +
      (leaked > 0 ? ' (leaked: the threads that held them are gone, nothing can close them)' : ''),
  );
  console.log('  runtime audit report:');
  console.log(indent(formatText(report)));

  const connectionFindings = report.findings.filter(
    (f) => f.valueType === 'Connection' && (f.kind === 'left-behind' || f.kind === 'set-at-shutdown'),
  );
  if (after !== before) surprises.push(`${variant}: the total balance changed from ${before} to ${after}`);
  if (variant === 'leaky') {
    if (reused.length === 0) surprises.push('leaky: no request received a connection left by an earlier one');
    if (leaked === 0) surprises.push('leaky: no connection was left checked out');
    if (!connectionFindings.some((f) => f.threadLocalSite?.includes('leaky') === true)) {
      surprises.push('leaky: the audit reported no Connection left behind by the ThreadLocal in src/leaky');
    }
  } else {
    if (reused.length > 0) surprises.push('fixed: a request received another request’s connection');
    if (leaked !== 0) surprises.push(`fixed: ${leaked} connections were left checked out`);
    if (report.findings.length > 0) surprises.push(`fixed: the audit reported ${report.findings.length} findings`);
    if (failed !== injected) surprises.push(`fixed: ${failed} transfers failed, expected exactly the ${injected} injected failures`);
  }
  return { surprises };
}
