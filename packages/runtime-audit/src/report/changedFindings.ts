import type { Finding } from './AuditReport.js';

/** Findings remembered per filter; past this, the oldest are forgotten (and may print again). */
const MAX_REMEMBERED = 10_000;

/**
 * Makes a filter for periodic text output: it passes the findings that are new, or whose count
 * grew, since the findings it passed before — so each leak is printed once, and again only when it
 * recurs, with its updated count.
 *
 * @returns the filter
 */
export function changedFindings(): (findings: readonly Finding[]) => Finding[] {
  const printed = new Map<string, number>();
  return (findings) => {
    const changed = findings.filter((finding) => (printed.get(finding.id) ?? 0) < finding.count);
    for (const finding of changed) {
      printed.delete(finding.id);
      printed.set(finding.id, finding.count);
      if (printed.size > MAX_REMEMBERED) printed.delete(printed.keys().next().value as string);
    }
    return changed;
  };
}
