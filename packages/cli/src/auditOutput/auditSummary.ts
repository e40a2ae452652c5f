import type { AuditFinding, AuditReportInput } from './auditInput.js';

/*
 * The data both report formats show, computed once from the reports:
 * - merged findings: identical findings (same `id`, or same kind/sites/type/pool when a report has
 *   no ids) reported once with a count. Within one process (one `stats.startedAt`) counts are
 *   cumulative, so the largest count is taken; across processes counts add up. The figures shown
 *   (sizes, level) are those of the latest report the finding is in;
 * - bytes held per ThreadLocal site at each report (see `heldBytes` for what counts).
 *
 * Reports can be many (a long-running audit, or a hostile file within the input limit): no
 * function here spreads an array into arguments (`Math.max(...xs)` overflows the stack from about
 * 125,000 elements), and work is linear in the number of findings.
 */

/** A finding merged across reports. */
export interface MergedFinding extends AuditFinding {
  /** Occurrences across all reports (see the merge rule above). */
  readonly count: number;
  /** Bytes the latest occurrence reports: `totalRetainedBytes` when given, else `retainedBytes`. */
  readonly retained: number | undefined;
  /** Number of reports it appears in. */
  readonly reportCount: number;
  /** `stats.level` of the latest report it appears in, when that report states it. */
  readonly level: string | undefined;
  /** `stats.samplingInterval` of that report, when stated. */
  readonly samplingInterval: number | undefined;
}

/** A point of a site's series: bytes held at the time of one report. */
export interface HeldPoint {
  readonly time: number;
  readonly bytes: number;
}

/** One line of the chart: a ThreadLocal site and the bytes its values hold at each report. */
export interface SiteSeries {
  /** `file:line:col`, `ThreadLocal #id`, or `(unknown site)`. */
  readonly site: string;
  /**
   * One point per report in which the site has a finding with a measured size, and a point at 0
   * for the first report after that in which it has none (its values were released).
   */
  readonly points: readonly HeldPoint[];
  /** Bytes held at the latest report (0 when the site no longer appears). */
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
  /** Bytes held at the latest report, all sites. */
  readonly latestRetained: number;
}

interface MergeEntry {
  finding: AuditFinding;
  threads: string[];
  firstSeen: string | undefined;
  lastSeen: string | undefined;
  readonly perProcess: Map<string, number>;
  reports: number;
  level: string | undefined;
  samplingInterval: number | undefined;
}

/** Threads a finding was seen on: `threads` when given, else its one `thread`. */
function threadsOf(finding: AuditFinding): readonly string[] {
  return finding.threads !== undefined && finding.threads.length > 0 ? finding.threads : [finding.thread];
}

/**
 * Summarizes reports (sorted by time) for rendering.
 *
 * @param reports - validated reports, ascending `createdAt`
 * @returns the summary
 */
export function summarizeAudit(reports: readonly AuditReportInput[]): AuditSummary {
  const merged = new Map<string, MergeEntry>();
  const perSite = new Map<string, { points: HeldPoint[]; lastReport: number; peak: number }>();
  const levels = new Set<string>();
  reports.forEach((report, reportIndex) => {
    const process = typeof report.stats.startedAt === 'string' ? report.stats.startedAt : `report@${report.createdAt}`;
    const level = typeof report.stats.level === 'string' ? report.stats.level : undefined;
    const sampling = typeof report.stats.samplingInterval === 'number' ? report.stats.samplingInterval : undefined;
    if (level !== undefined) levels.add(level);
    for (const finding of report.findings) {
      const key = finding.id ?? [finding.kind, finding.threadLocalSite ?? finding.threadLocalId, finding.setSite, finding.valueType, finding.pool].join('|');
      let entry = merged.get(key);
      if (entry === undefined) {
        entry = { finding, threads: [], firstSeen: undefined, lastSeen: undefined, perProcess: new Map(), reports: 0, level, samplingInterval: sampling };
        merged.set(key, entry);
      }
      // Reports come in time order: the latest occurrence's figures and settings are the current ones.
      entry.finding = finding;
      entry.level = level ?? entry.level;
      entry.samplingInterval = sampling ?? entry.samplingInterval;
      addThreads(entry.threads, threadsOf(finding));
      entry.firstSeen = earliest(entry.firstSeen, finding.firstSeen);
      entry.lastSeen = latest(entry.lastSeen, finding.lastSeen);
      entry.reports++;
      entry.perProcess.set(process, Math.max(entry.perProcess.get(process) ?? 0, finding.count));
    }
    for (const [site, bytes] of heldBytes(report.findings)) {
      let series = perSite.get(site);
      if (series === undefined) perSite.set(site, (series = { points: [], lastReport: -1, peak: 0 }));
      const previous = series.points.at(-1);
      const next = series.lastReport < reportIndex - 1 ? reports[series.lastReport + 1] : undefined;
      if (previous !== undefined && previous.bytes > 0 && next !== undefined) {
        // The site had no measured finding in the reports in between: its values were released then.
        series.points.push({ time: next.time, bytes: 0 });
      }
      series.points.push({ time: report.time, bytes });
      series.lastReport = reportIndex;
      series.peak = Math.max(series.peak, bytes);
    }
  });
  const times = reports.map((r) => r.time);
  const lastIndex = reports.length - 1;
  const last = times.at(-1) ?? 0;
  const findings: MergedFinding[] = [];
  for (const entry of merged.values()) {
    let count = 0;
    for (const perProcess of entry.perProcess.values()) count += perProcess;
    findings.push({
      ...entry.finding,
      threads: entry.threads,
      ...(entry.firstSeen === undefined ? {} : { firstSeen: entry.firstSeen }),
      ...(entry.lastSeen === undefined ? {} : { lastSeen: entry.lastSeen }),
      count,
      retained: entry.finding.totalRetainedBytes ?? entry.finding.retainedBytes ?? undefined,
      reportCount: entry.reports,
      level: entry.level,
      samplingInterval: entry.samplingInterval,
    });
  }
  findings.sort((a, b) => (b.retained ?? -1) - (a.retained ?? -1) || b.count - a.count || compare(a.kind, b.kind));
  const series: SiteSeries[] = [];
  for (const [site, { points, lastReport, peak }] of perSite) {
    // Every site has a point: it is in perSite because a report measured it.
    const final = points.at(-1)?.bytes ?? 0;
    const held = lastReport === lastIndex ? final : 0;
    const next = lastReport < lastIndex ? times[lastReport + 1] : undefined;
    if (final > 0 && next !== undefined) points.push({ time: next, bytes: 0 });
    series.push({ site, points, latest: held, peak });
  }
  series.sort((a, b) => b.peak - a.peak || compare(a.site, b.site));
  let latestRetained = 0;
  for (const s of series) latestRetained += s.latest;
  return { reportCount: reports.length, from: times[0] ?? 0, to: last, levels: [...levels], findings, series, times, latestRetained };
}

/**
 * Bytes held per ThreadLocal site at the time of one report, from what the report can tell:
 * - `stale-entry` is a snapshot of that scan: `totalRetainedBytes` (all merged stale values), else
 *   `retainedBytes`;
 * - `left-behind` accumulates since the audit started, and `retainedBytes` is the largest value
 *   left: a pool thread holds at most one value per ThreadLocal (the next `set` replaces it), so the
 *   site holds at most that size once per pool thread it was left on. A thread that a
 *   `set-at-shutdown` finding of the same site shows terminated holds nothing (a terminated thread
 *   drops its map), nor does one whose value a `stale-entry` of the site already counts;
 * - `set-at-shutdown` and `terminated-thread-access` hold nothing at the report: the threads are gone;
 * - a kind this version does not know counts with the size it reports.
 * A site appears only when one of its findings has a measured size.
 *
 * @param findings - the findings of one report
 * @returns bytes per site, in order of first appearance
 */
function heldBytes(findings: readonly AuditFinding[]): Map<string, number> {
  const released = new Set<string>();
  for (const finding of findings) {
    if (finding.kind !== 'set-at-shutdown' && finding.kind !== 'stale-entry') continue;
    for (const thread of threadsOf(finding)) released.add(`${siteOf(finding)}\n${thread}`);
  }
  const held = new Map<string, number>();
  for (const finding of findings) {
    // An unsized value (`retainedBytes` absent or null) adds nothing: the chart shows measured bytes only.
    const size = finding.totalRetainedBytes ?? finding.retainedBytes ?? undefined;
    if (size === undefined) continue;
    const site = siteOf(finding);
    let bytes: number;
    switch (finding.kind) {
      case 'left-behind': {
        // Only the named threads are known (runtime-audit keeps the first 8): a lower bound beyond that.
        let alive = 0;
        for (const thread of threadsOf(finding)) if (!released.has(`${site}\n${thread}`)) alive++;
        bytes = (finding.retainedBytes ?? 0) * alive;
        break;
      }
      case 'set-at-shutdown':
      case 'terminated-thread-access':
        bytes = 0;
        break;
      default:
        bytes = size;
    }
    held.set(site, (held.get(site) ?? 0) + bytes);
  }
  return held;
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

/** Adds threads not yet listed, keeping the first 8 (as runtime-audit keeps them). */
function addThreads(into: string[], threads: readonly string[]): void {
  for (const thread of threads) {
    if (into.length >= 8) return;
    if (!into.includes(thread)) into.push(thread);
  }
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
