import type { AuditReport, Finding, FindingKind } from './AuditReport.js';
import type { FindingChange } from './changedFindings.js';

/** Where the staging guide lives; each finding links its section. */
export const DOCS_URL = 'https://github.com/tlkit/tlkit/blob/main/docs/guide/staging.md';

const ANCHORS: Record<FindingKind, string> = {
  'stale-entry': '#stale-entry',
  'left-behind': '#left-behind',
  'set-at-shutdown': '#set-at-shutdown',
  'terminated-thread-access': '#terminated-thread-access',
};

/**
 * Renders a report as readable text. Each finding is one block that opens with `LEAK:`, says what
 * was not done and where (the sites the level recorded), how to get more detail (raise the level)
 * and links the docs. Identical occurrences are already merged: a block shows their count.
 *
 * @param report - the report
 * @param findings - the findings to render; default all of the report's
 * @returns the text, ending with a newline; one summary line when there is nothing to report
 */
export function formatText(report: AuditReport, findings: readonly Finding[] = report.findings): string {
  const { stats } = report;
  if (findings.length === 0) {
    return `tlkit audit (${stats.level}): no leaks found; ${stats.liveThreads} threads, ${stats.entries} entries scanned at ${report.createdAt}\n`;
  }
  return findings.map((finding) => formatFinding(finding, stats.level, stats.samplingInterval)).join('\n');
}

/**
 * Renders what changed since earlier text output (see `changedFindings`): a new finding (or one
 * that gained a site) as its full `LEAK:` block, as {@link formatText} does; a finding whose count
 * merely grew as one short `LEAK:` line with the new count — so a leak that recurs at every report
 * adds a line, not its whole block again.
 *
 * @param report - the report the changes come from
 * @param changes - the changes, in report order
 * @returns the text, ending with a newline; empty when there are no changes
 */
export function formatChanges(report: AuditReport, changes: readonly FindingChange[]): string {
  const { level, samplingInterval } = report.stats;
  const blocks = changes.filter((c) => c.grownFrom === undefined).map((c) => formatFinding(c.finding, level, samplingInterval));
  const lines = changes.flatMap((c) => (c.grownFrom === undefined ? [] : [formatGrowth(c.finding, c.grownFrom)]));
  if (lines.length > 0) blocks.push(lines.join(''));
  return blocks.join('\n');
}

/**
 * `LEAK: left-behind (×14, +3): Connection value, ThreadLocal created at src/tx.ts:8:34 (pool jobs)`:
 * the finding's identity (kind, value type or late access, ThreadLocal, pool) and its new count.
 */
function formatGrowth(finding: Finding, grownFrom: number): string {
  const subject =
    finding.kind === 'terminated-thread-access'
      ? `${finding.access ?? 'access'}() on a terminated thread${finding.accessSite === undefined ? '' : ` at ${finding.accessSite}`}`
      : `${finding.valueType} value`;
  const threadLocal = finding.threadLocalSite === undefined ? `ThreadLocal #${finding.threadLocalId}` : `ThreadLocal created at ${finding.threadLocalSite}`;
  const pool = finding.pool === undefined ? '' : ` (pool ${finding.pool})`;
  return `LEAK: ${finding.kind} (×${finding.count}, +${finding.count - grownFrom}): ${subject}, ${threadLocal}${pool}\n`;
}

function formatFinding(finding: Finding, level: string, samplingInterval: number): string {
  const times = finding.count === 1 ? '' : ` (×${finding.count})`;
  const lines = [`LEAK: ${finding.kind}${times}: ${finding.message}`];
  const where: string[] = [];
  if (finding.threadLocalSite !== undefined) where.push(`ThreadLocal created at ${finding.threadLocalSite}`);
  if (finding.setSite !== undefined) where.push(`${finding.initial === true ? 'stored by get() at' : 'set at'} ${finding.setSite}`);
  if (finding.taskSite !== undefined) where.push(`task handed to ${finding.taskKind ?? 'submit'}() at ${finding.taskSite}`);
  if (finding.accessSite !== undefined && finding.accessSite !== finding.setSite) where.push(`accessed at ${finding.accessSite}`);
  for (const line of where) lines.push(`    ${line}`);
  const facts = [`value ${finding.valueType}`];
  if (finding.retainedBytes === null) facts.push(`size unknown (${finding.retainedBytesUnknown ?? 'not measurable'})`);
  else if (finding.retainedBytes !== undefined) facts.push(`${finding.retainedBytesLowerBound === true ? '≥' : '~'}${formatBytes(finding.retainedBytes)} each`);
  if (finding.totalRetainedBytes !== undefined && finding.count > 1) facts.push(`~${formatBytes(finding.totalRetainedBytes)} in all`);
  if (finding.staleForMs !== undefined) facts.push(`stale for ${formatDuration(finding.staleForMs)}`);
  facts.push(`ThreadLocal #${finding.threadLocalId}`);
  lines.push(`    ${facts.join(', ')}`);
  const threads = finding.threads.length > 1 ? `threads ${finding.threads.join(', ')}` : `thread ${finding.thread}`;
  lines.push(`    ${threads}${finding.pool === undefined ? '' : ` (pool ${finding.pool})`}; first seen ${finding.firstSeen}, last seen ${finding.lastSeen}`);
  for (const record of finding.records ?? []) lines.push(`    ${record.at} ${record.op}${record.site === undefined ? '' : ` at ${record.site}`}`);
  const hint = moreDetail(finding, level, samplingInterval);
  if (hint !== undefined) lines.push(`    More detail: ${hint}`);
  lines.push(`    See ${DOCS_URL}${ANCHORS[finding.kind]}`);
  return `${lines.join('\n')}\n`;
}

function moreDetail(finding: Finding, level: string, samplingInterval: number): string | undefined {
  if (level === 'simple') {
    return "no stack sites are recorded at level simple; raise it to advanced (TLKIT_AUDIT_LEVEL=advanced, or startAudit({ level: 'advanced' })) to see where the ThreadLocal was created and set.";
  }
  if (level === 'advanced' && (finding.kind === 'left-behind' || finding.kind === 'set-at-shutdown') && finding.setSite === undefined) {
    if (samplingInterval > 1) {
      return (
        `set sites are sampled at level advanced (known sites down to 1 in ${samplingInterval} sets; a repeated leak gets its site from a later occurrence); ` +
        "to capture every set, lower the sampling (TLKIT_AUDIT_SAMPLING=1, or startAudit({ samplingInterval: 1 })), which costs far less than level paranoid; paranoid also records the last accesses."
      );
    }
    // Every set is captured at 1: this value was stored before the audit started, or with no user frame on the stack.
    return 'no set of this value was captured (it was stored before the audit started, or from code with no user frame on the stack); start the audit earlier (NODE_OPTIONS="--import @tlkit/runtime-audit/register") to see every set.';
  }
  if (finding.threadLocalSite === undefined && level !== 'simple') {
    return 'the ThreadLocal was created before the audit started; start it earlier (NODE_OPTIONS="--import @tlkit/runtime-audit/register") to record its creation site.';
  }
  return undefined;
}

/** @returns `512 B`, `14.0 KiB`, `3.1 MiB` */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** @returns `850 ms`, `12 s`, `5 min`, `3.2 h` */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
