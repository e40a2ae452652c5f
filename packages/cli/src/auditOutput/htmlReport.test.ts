import { describe, expect, it } from 'vitest';
import type { AuditFinding, AuditReportInput } from './auditInput.js';
import { summarizeAudit } from './auditSummary.js';
import { renderAuditHtml } from './htmlReport.js';

const finding: AuditFinding = {
  kind: 'stale-entry',
  message: 'stale',
  thread: 'pool-1',
  valueType: 'Buffer',
  totalRetainedBytes: 4096,
  threadLocalSite: 'src/a.ts:1:1',
  count: 1,
};

function series(start: string, stepMs: number, count: number): AuditReportInput[] {
  const from = Date.parse(start);
  return Array.from({ length: count }, (_, i) => {
    const time = from + i * stepMs;
    return { schemaVersion: 1, createdAt: new Date(time).toISOString(), time, findings: [finding], stats: { level: 'paranoid' } };
  });
}

/** The x-axis labels of the chart, in order. */
function timeLabels(html: string): string[] {
  return [...html.matchAll(/<text class="tick" [^>]*text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('the HTML chart', () => {
  it('labels a 2.5 s series (an audit every 100 ms) with distinct times, to the millisecond', () => {
    const labels = timeLabels(renderAuditHtml(summarizeAudit(series('2026-11-22T06:57:32.120Z', 100, 26)), 'a.jsonl'));
    expect(labels.length).toBeGreaterThanOrEqual(3);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels[0]).toMatch(/^06:57:32\.\d{3}$/);
  });

  it('labels minutes and days at round steps, without repeats', () => {
    const minutes = timeLabels(renderAuditHtml(summarizeAudit(series('2026-11-22T09:00:07.000Z', 60_000, 31)), 'b.jsonl'));
    expect(minutes).toEqual(['09:05', '09:10', '09:15', '09:20', '09:25', '09:30']);
    const days = timeLabels(renderAuditHtml(summarizeAudit(series('2026-11-20T00:00:00.000Z', 6 * 3_600_000, 17)), 'c.jsonl'));
    expect(new Set(days).size).toBe(days.length);
    expect(days[0]).toBe('11-20');
  });

  it('gives one report one label, and says what the plotted number means', () => {
    const html = renderAuditHtml(summarizeAudit(series('2026-11-22T09:00:00.000Z', 1, 1)), 'd.json');
    expect(timeLabels(html)).toEqual(['09:00:00']);
    expect(html).toContain('Bytes held at each report: stale values as that report measured them');
  });
});
