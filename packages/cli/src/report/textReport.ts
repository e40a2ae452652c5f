import type { AuditSummary, MergedFinding } from './auditSummary.js';
import { formatBytes } from './auditSummary.js';

/**
 * Renders an audit summary as text. Each merged finding opens with `LEAK:` (its kind and count),
 * then its message, its sites, threads and times; a table of retained bytes per ThreadLocal site
 * follows, and a hint to raise the audit level when sites are missing.
 *
 * @param summary - the summarized reports
 * @param name - the input file name, for the heading
 * @returns the text, ending with a newline
 */
export function renderAuditText(summary: AuditSummary, name: string): string {
  const out: string[] = [];
  const span =
    summary.reportCount === 1 ? `at ${iso(summary.from)}` : `from ${iso(summary.from)} to ${iso(summary.to)}`;
  const level = summary.levels.length > 0 ? `, level ${summary.levels.join('/')}` : '';
  out.push(`tlkit report: ${name}: ${plural(summary.reportCount, 'report')} ${span}${level}`);
  if (summary.findings.length === 0) {
    out.push('', 'No leaks: the reports have no findings.');
    return `${out.join('\n')}\n`;
  }
  out.push('');
  for (const finding of summary.findings) out.push(...findingLines(finding), '');
  if (summary.series.length > 0) {
    out.push('Retained bytes per ThreadLocal site (last report / peak):');
    const width = Math.max(...summary.series.map((s) => s.site.length));
    for (const series of summary.series) {
      out.push(`  ${series.site.padEnd(width)}  ${formatBytes(series.latest).padStart(9)} / ${formatBytes(series.peak)}`);
    }
    out.push('');
  }
  const total = summary.findings.reduce((sum, f) => sum + f.count, 0);
  out.push(
    `${plural(summary.findings.length, 'finding')} (${plural(total, 'occurrence')}), ` +
      `${formatBytes(summary.latestRetained)} retained at the last report.`,
  );
  if (summary.findings.some((f) => f.threadLocalSite === undefined || (f.kind !== 'terminated-thread-access' && f.setSite === undefined))) {
    out.push('Some sites are unknown: run the audit at level `advanced` (sampled sites) or `paranoid` (every site) for more detail.');
  }
  out.push('Finding kinds and fields: https://github.com/tlkit/tlkit/blob/main/docs/reference/report-schema.md');
  return `${out.join('\n')}\n`;
}

function findingLines(finding: MergedFinding): string[] {
  const retained = finding.retained === undefined ? '' : `, ${formatBytes(finding.retained)} retained`;
  const lines = [`LEAK: ${finding.kind} ×${finding.count}: ${finding.valueType} value${retained}`, `  ${finding.message}`];
  const sites = [
    finding.threadLocalSite === undefined ? undefined : `ThreadLocal created at ${finding.threadLocalSite}`,
    finding.setSite === undefined ? undefined : `set at ${finding.setSite}`,
    finding.taskSite === undefined ? undefined : `task submitted at ${finding.taskSite}`,
    finding.accessSite === undefined ? undefined : `accessed at ${finding.accessSite}`,
  ].filter((s) => s !== undefined);
  if (sites.length > 0) lines.push(`  ${sites.join('; ')}`);
  const threads = finding.threads !== undefined && finding.threads.length > 0 ? finding.threads.join(', ') : finding.thread;
  const pool = finding.pool === undefined ? '' : ` (pool ${finding.pool})`;
  const seen = finding.firstSeen === undefined ? '' : `; first seen ${finding.firstSeen}, last seen ${finding.lastSeen ?? finding.firstSeen}`;
  lines.push(`  thread ${threads}${pool}${seen}`);
  return lines;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
