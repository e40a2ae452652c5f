import type { Finding } from './AuditReport.js';

/** Findings remembered per filter; past this, the oldest are forgotten (and may print again). */
const MAX_REMEMBERED = 10_000;

/** One finding that changed since a {@link changedFindings} filter last passed it. */
export interface FindingChange {
  /** The finding as it is now. */
  readonly finding: Finding;
  /**
   * Its count when the filter last passed it, when nothing but the count changed since: worth one
   * short line. Absent when it is new, or has gained a site since (a sampled set or submit site
   * arrives with a later occurrence): worth printing in full.
   */
  readonly grownFrom?: number;
}

/** What was passed last for a finding: its count, and which of its sites were known. */
interface Passed {
  readonly count: number;
  readonly sites: number;
}

/**
 * Makes a filter for periodic text output: it passes the findings that are new, whose count grew,
 * or that gained a site, since the findings it passed before — so each leak is described once, and
 * a recurring one is noted again with its new count (see {@link FindingChange.grownFrom}).
 * Findings keep the order they have in the report.
 *
 * @returns the filter
 */
export function changedFindings(): (findings: readonly Finding[]) => FindingChange[] {
  const passed = new Map<string, Passed>();
  return (findings) => {
    const changes: FindingChange[] = [];
    for (const finding of findings) {
      const before = passed.get(finding.id);
      const sites = sitesOf(finding);
      if (before !== undefined && before.count >= finding.count && (sites & ~before.sites) === 0) continue;
      changes.push(before === undefined || (sites & ~before.sites) !== 0 ? { finding } : { finding, grownFrom: before.count });
      // Re-inserted, so that the map's order is least recently passed first.
      passed.delete(finding.id);
      passed.set(finding.id, { count: Math.max(finding.count, before?.count ?? 0), sites: sites | (before?.sites ?? 0) });
      if (passed.size > MAX_REMEMBERED) passed.delete(passed.keys().next().value as string);
    }
    return changes;
  };
}

/** The sites a finding has, one bit each: they only ever fill in as samples arrive. */
function sitesOf(finding: Finding): number {
  return (
    (finding.threadLocalSite === undefined ? 0 : 1) |
    (finding.setSite === undefined ? 0 : 2) |
    (finding.taskSite === undefined ? 0 : 4) |
    (finding.accessSite === undefined ? 0 : 8)
  );
}
