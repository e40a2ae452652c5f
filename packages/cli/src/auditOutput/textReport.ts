import type { LeakFinding } from '@tlkit/runtime-audit';
import { formatBytes, formatFinding } from '@tlkit/runtime-audit';
import { escapeControl } from '../escapeControl.js';
import type { Style } from '../style.js';
import { plain } from '../style.js';
import type { AuditSummary, MergedFinding } from './auditSummary.js';

/** Sites listed in the table of bytes held; the rest are counted in one line. */
const MAX_SITE_ROWS = 20;

/**
 * Renders an audit summary as text: one `LEAK:` block per merged finding, in the layout
 * runtime-audit prints (`formatFinding`, with the level and sampling of the report that recorded
 * it, so that the hint for more detail fits how the audit actually ran), then the bytes held per
 * ThreadLocal site and a closing count.
 *
 * Every string from the report is untrusted: control characters are escaped before anything is
 * laid out, so a report cannot move the cursor, retitle the terminal or fake a line.
 *
 * @param summary - the summarized reports
 * @param name - the input file name, for the heading
 * @param style - colours for a terminal (`LEAK:` and the closing count); {@link plain} by default
 * @returns the text, ending with a newline
 */
export function renderAuditText(summary: AuditSummary, name: string, style: Style = plain): string {
  const out: string[] = [];
  const span =
    summary.reportCount === 1 ? `at ${iso(summary.from)}` : `from ${iso(summary.from)} to ${iso(summary.to)}`;
  const level = summary.levels.length > 0 ? `, level ${escapeControl(summary.levels.join('/'))}` : '';
  out.push(style('bold', `tlkit report: ${escapeControl(name)}: ${plural(summary.reportCount, 'report')} ${span}${level}`));
  if (summary.findings.length === 0) {
    out.push('', style('green', 'No leaks: the reports have no findings.'));
    return `${out.join('\n')}\n`;
  }
  out.push('');
  for (const finding of summary.findings) {
    const block = formatFinding(printable(finding), { level: finding.level ?? 'unknown', samplingInterval: finding.samplingInterval ?? 0 });
    out.push(style(['bold', 'red'], 'LEAK:') + block.slice('LEAK:'.length));
  }
  if (summary.series.length > 0) {
    out.push('Bytes held per ThreadLocal site (at the last report / peak):');
    const shown = summary.series.slice(0, MAX_SITE_ROWS);
    const rows = shown.map((series) => ({ site: escapeControl(series.site), series }));
    const width = rows.reduce((max, { site }) => Math.max(max, site.length), 0);
    for (const { site, series } of rows) {
      out.push(`  ${site.padEnd(width)}  ${formatBytes(series.latest).padStart(10)} / ${formatBytes(series.peak)}`);
    }
    if (summary.series.length > shown.length) out.push(`  … and ${plural(summary.series.length - shown.length, 'more site')}`);
    out.push(
      '  (stale values as measured by each report, plus the largest value left behind once per pool thread',
      '  still alive: an upper bound, as a later task may have removed it; released when the thread ends)',
      '',
    );
  }
  let total = 0;
  for (const finding of summary.findings) total += finding.count;
  out.push(
    style(
      ['bold', 'red'],
      `${plural(summary.findings.length, 'finding')} (${plural(total, 'occurrence')}), ${formatBytes(summary.latestRetained)} held at the last report.`,
    ),
  );
  out.push('Finding kinds and fields: https://github.com/tlkit/tlkit/blob/main/docs/reference/report-schema.md');
  return `${out.join('\n')}\n`;
}

/** The finding with every string escaped for the terminal. */
function printable(finding: MergedFinding): LeakFinding {
  const text = (value: string | undefined): string | undefined => (value === undefined ? undefined : escapeControl(value));
  return {
    kind: escapeControl(finding.kind),
    message: escapeControl(finding.message),
    count: finding.count,
    valueType: escapeControl(finding.valueType),
    thread: escapeControl(finding.thread),
    threads: finding.threads?.map(escapeControl),
    pool: text(finding.pool),
    // The reader drops a `null` size and keeps why: the layout says "size unknown (why)" for null.
    retainedBytes: finding.retainedBytes ?? (finding.retainedBytesUnknown === undefined ? undefined : null),
    retainedBytesLowerBound: finding.retainedBytesLowerBound,
    retainedBytesUnknown: text(finding.retainedBytesUnknown),
    totalRetainedBytes: finding.totalRetainedBytes,
    threadLocalId: finding.threadLocalId,
    threadLocalSite: text(finding.threadLocalSite),
    setSite: text(finding.setSite),
    initial: finding.initial,
    taskSite: text(finding.taskSite),
    taskKind: text(finding.taskKind),
    accessSite: text(finding.accessSite),
    staleForMs: finding.staleForMs,
    firstSeen: text(finding.firstSeen),
    lastSeen: text(finding.lastSeen),
  };
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
