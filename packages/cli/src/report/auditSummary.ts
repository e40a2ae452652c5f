import type { AuditFinding, AuditReportInput } from './auditInput.js';

/*
 * The data both report formats show, computed once from the reports:
 * - merged findings: identical findings (same `id`, or same kind/sites/type/pool when a report has
 *   no ids) reported once with a count. Within one process (one `stats.startedAt`) counts are
 *   cumulative, so the largest count is taken; across processes counts add up;
 * - retained bytes over time per ThreadLocal site: for each report, the bytes its findings retain
 *   (`totalRetainedBytes` when given, else `retainedBytes`), summed per `threadLocalSite`.
 */

/** A finding merged across reports. */
export interface MergedFinding extends AuditFinding {
  /** Occurrences across all reports (see the merge rule above). */
  readonly count: number;
  /** Largest bytes retained by the merged occurrences (`totalRetainedBytes`, else `retainedBytes`). */
  readonly retained: number | undefined;
  /** Number of reports it appears in. */
  readonly reportCount: number;
}

/** One line of the chart: a ThreadLocal site and its retained bytes in each report. */
export interface SiteSeries {
  /** `file:line:col`, `ThreadLocal #id`, or `(unknown site)`. */
  readonly site: string;
  /** One point per report in which the site retains something: time (ms) and bytes. */
  readonly points: readonly { readonly time: number; readonly bytes: number }[];
  /** Bytes in the latest report (0 when the site no longer appears). */
  readonly latest: number;
  readonly peak: number;
}

/** Everything the text and HTML reports show. */
export interface AuditSummary {
  readonly reportCount: number;
  /** Times of the first and last report (ms). */
  readonly from: number;
  readonly to: number;
  /** Audit levels seen in the reports' stats. */
  readonly levels: readonly string[];
  /** Merged findings, most retained bytes first, then most occurrences. */
  readonly findings: readonly MergedFinding[];
  /** Per-site series, largest peak first. */
  readonly series: readonly SiteSeries[];
  /** Times of all reports (ms), ascending. */
  readonly times: readonly number[];
  /** Bytes retained in the latest report, all sites. */
  readonly latestRetained: number;
}

/**
 * Summarizes reports (sorted by time) for rendering.
 *
 * @param reports - validated reports, ascending `createdAt`
 * @returns the summary
 */
export function summarizeAudit(reports: readonly AuditReportInput[]): AuditSummary {
  const merged = new Map<string, { finding: AuditFinding; perProcess: Map<string, number>; retained: number | undefined; reports: number }>();
  const perSite = new Map<string, Map<number, number>>();
  const levels = new Set<string>();
  for (const report of reports) {
    const process = typeof report.stats.startedAt === 'string' ? report.stats.startedAt : `report@${report.createdAt}`;
    if (typeof report.stats.level === 'string') levels.add(report.stats.level);
    for (const finding of report.findings) {
      const key = finding.id ?? [finding.kind, finding.threadLocalSite ?? finding.threadLocalId, finding.setSite, finding.valueType, finding.pool].join('|');
      const bytes = retainedOf(finding);
      let entry = merged.get(key);
      if (entry === undefined) {
        entry = { finding, perProcess: new Map(), retained: bytes, reports: 0 };
        merged.set(key, entry);
      } else {
        entry.finding = mergeThreads(mergeTimes(entry.finding, finding), finding);
        if (bytes !== undefined) entry.retained = Math.max(entry.retained ?? 0, bytes);
      }
      entry.reports++;
      entry.perProcess.set(process, Math.max(entry.perProcess.get(process) ?? 0, finding.count));
      if (bytes !== undefined) {
        const site = siteOf(finding);
        let series = perSite.get(site);
        if (series === undefined) perSite.set(site, (series = new Map()));
        series.set(report.time, (series.get(report.time) ?? 0) + bytes);
      }
    }
  }
  const times = reports.map((r) => r.time);
  const last = times.at(-1) ?? 0;
  const findings: MergedFinding[] = [...merged.values()].map(({ finding, perProcess, retained, reports: reportCount }) => ({
    ...finding,
    count: [...perProcess.values()].reduce((a, b) => a + b, 0),
    retained,
    reportCount,
  }));
  findings.sort((a, b) => (b.retained ?? -1) - (a.retained ?? -1) || b.count - a.count || a.kind.localeCompare(b.kind));
  const series: SiteSeries[] = [...perSite].map(([site, points]) => {
    const sorted = [...points].sort((a, b) => a[0] - b[0]).map(([time, bytes]) => ({ time, bytes }));
    return { site, points: sorted, latest: points.get(last) ?? 0, peak: Math.max(...sorted.map((p) => p.bytes)) };
  });
  series.sort((a, b) => b.peak - a.peak || a.site.localeCompare(b.site));
  return {
    reportCount: reports.length,
    from: times[0] ?? 0,
    to: last,
    levels: [...levels],
    findings,
    series,
    times,
    latestRetained: series.reduce((sum, s) => sum + s.latest, 0),
  };
}

/**
 * The chart label of a finding's ThreadLocal.
 *
 * @param finding - a finding
 * @returns its creation site, `ThreadLocal #id`, or `(unknown site)`
 */
export function siteOf(finding: AuditFinding): string {
  if (finding.threadLocalSite !== undefined) return finding.threadLocalSite;
  if (finding.threadLocalId !== undefined) return `ThreadLocal #${finding.threadLocalId}`;
  return '(unknown site)';
}

/** Threads of both occurrences, first ones kept, at most 8 (as runtime-audit keeps them). */
function mergeThreads(a: AuditFinding, b: AuditFinding): AuditFinding {
  const threads = [...new Set([...(a.threads ?? [a.thread]), ...(b.threads ?? [b.thread])])].slice(0, 8);
  return { ...a, threads };
}

function retainedOf(finding: AuditFinding): number | undefined {
  return finding.totalRetainedBytes ?? finding.retainedBytes ?? undefined;
}

function mergeTimes(a: AuditFinding, b: AuditFinding): AuditFinding {
  const firstSeen = earliest(a.firstSeen, b.firstSeen);
  const lastSeen = latest(a.lastSeen, b.lastSeen);
  return { ...a, ...(firstSeen === undefined ? {} : { firstSeen }), ...(lastSeen === undefined ? {} : { lastSeen }) };
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * Bytes in a human unit: `512 B`, `1.5 KiB`, `23.4 MiB`.
 *
 * @param bytes - a byte count
 * @returns the formatted size
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  // Switch to the next unit from 1000 on, so that no figure needs four digits (1023 KiB → 1.00 MiB).
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} B`;
  return `${value.toFixed(value < 1 ? 2 : value < 10 ? 1 : 0)} ${units[unit]}`;
}
