import type { AuditReport, Finding } from './AuditReport.js';
import { formatFinding } from './formatFinding.js';

// The LEAK layout moved to formatFinding.ts (shared with `tlkit report`); re-exported for the
// package index, which has always exported DOCS_URL from here.
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
