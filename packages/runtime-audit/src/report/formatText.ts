import type { AuditReport, Finding } from './AuditReport.js';
import type { FindingChange } from './changedFindings.js';
import { formatFinding } from './formatFinding.js';

// The LEAK layout lives in formatFinding.ts (shared with `tlkit report`); DOCS_URL is re-exported
// for the package index, which has always exported it from here.
export { DOCS_URL } from './formatFinding.js';

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
  return findings.map((finding) => formatFinding(finding, stats)).join('\n');
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
  const blocks = changes.filter((c) => c.grownFrom === undefined).map((c) => formatFinding(c.finding, report.stats));
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
