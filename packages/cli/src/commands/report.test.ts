import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAuditInput } from '../auditOutput/auditInput.js';
import { summarizeAudit } from '../auditOutput/auditSummary.js';
import { fixtureDir, packageDir } from '../test-utils/fixtures.js';
import { runCliCapture } from '../test-utils/runCliCapture.js';

const auditDir = fixtureDir('audit');
const read = (name: string): string => readFileSync(path.join(auditDir, name), 'utf8');

describe('parseAuditInput', () => {
  it('reads JSONL, one report per line, sorted by time', () => {
    const { reports, warnings } = parseAuditInput(read('series.jsonl'), 'series.jsonl');
    expect(reports).toHaveLength(6);
    expect(warnings).toEqual([]);
    expect(reports.map((r) => r.createdAt)[0]).toBe('2026-11-22T09:01:00.000Z');
  });

  it('reads one JSON report, and a JSON array of reports', () => {
    expect(parseAuditInput(read('single.json'), 'single.json').reports).toHaveLength(1);
    const array = `[${read('single.json')},${read('clean.json')}]`;
    expect(parseAuditInput(array, 'array.json').reports.map((r) => r.findings.length)).toEqual([0, 5]);
  });

  it('reads a file that starts with a byte-order mark, JSON or JSONL', () => {
    expect(parseAuditInput(`\uFEFF${read('single.json')}`, 'bom.json').reports).toHaveLength(1);
    expect(parseAuditInput(`\uFEFF${read('series.jsonl')}`, 'bom.jsonl').reports).toHaveLength(6);
  });

  it('tolerates a torn last JSONL line with a warning', () => {
    const { reports, warnings } = parseAuditInput(read('torn.jsonl'), 'torn.jsonl');
    expect(reports).toHaveLength(3);
    expect(warnings).toEqual(['torn.jsonl:4: ignoring a torn last line (the writer stopped mid-line)']);
  });

  it('rejects a broken line that is not the last one', () => {
    const lines = read('series.jsonl').split('\n');
    lines[1] = lines[1]!.slice(0, 50);
    expect(() => parseAuditInput(lines.join('\n'), 'x.jsonl')).toThrow(/^x\.jsonl:2: not JSON/);
  });

  it('says which field is wrong in a file that is not a report', () => {
    expect(() => parseAuditInput(read('not-a-report.json'), 'p.json')).toThrow(
      'p.json: not a runtime-audit report: missing `schemaVersion` or `findings`',
    );
    expect(() => parseAuditInput(read('bad-field.json'), 'b.json')).toThrow(
      'b.json: not a runtime-audit report: findings[0].retainedBytes: "lots" (expected: a non-negative number)',
    );
    const future = read('clean.json').replace('"schemaVersion": 1', '"schemaVersion": 2');
    expect(() => parseAuditInput(future, 'f.json')).toThrow('schemaVersion: 2 (expected: 1');
    expect(() => parseAuditInput('', 'e.json')).toThrow('e.json: empty file');
    expect(() => parseAuditInput('42', 'n.json')).toThrow('n.json: not a runtime-audit report: expected an object, got number 42');
  });

  it('keeps an unknown finding kind and warns about it', () => {
    const text = read('single.json').replace('"kind": "set-at-shutdown"', '"kind": "future-kind"');
    const { reports, warnings } = parseAuditInput(text, 's.json');
    expect(reports[0]?.findings.some((f) => f.kind === 'future-kind')).toBe(true);
    expect(warnings[0]).toContain('unknown finding kind `future-kind`');
  });
});

describe('summarizeAudit', () => {
  const summary = summarizeAudit(parseAuditInput(read('series.jsonl'), 'series.jsonl').reports);

  it('merges identical findings across reports of one process, taking the cumulative count', () => {
    expect(summary.findings).toHaveLength(5);
    const leftBehind = summary.findings.find((f) => f.id === 'b7c2b7c2b7c2b7c2');
    expect(leftBehind).toMatchObject({ count: 22, reportCount: 6, retained: 14336, firstSeen: '2026-11-22T09:00:30.000Z' });
    expect(leftBehind?.threads).toEqual(['jobs-1', 'jobs-2']);
  });

  it('adds counts of the same finding seen by different processes', () => {
    const one = JSON.parse(read('single.json')) as { stats: { startedAt: string } };
    const other = structuredClone(one);
    other.stats.startedAt = '2026-11-22T10:00:00.000Z';
    const merged = summarizeAudit(parseAuditInput(`${JSON.stringify(one)}\n${JSON.stringify(other)}\n`, 'two.jsonl').reports);
    expect(merged.findings.find((f) => f.id === 'b7c2b7c2b7c2b7c2')?.count).toBe(44);
  });

  it('builds one series of bytes held per ThreadLocal site, largest first', () => {
    expect(summary.series.map((s) => s.site)).toEqual([
      'src/session/SessionCache.ts:14:29',
      'src/auth/RequestUser.ts:5:28',
      'src/db/TransactionManager.ts:8:34',
    ]);
    expect(summary.series[0]?.points).toHaveLength(5);
    // stale-entry is a snapshot: its total is what the scan measured.
    expect(summary.series[0]?.latest).toBe(65536 * 15);
  });

  it('counts a left-behind value once per pool thread still alive, and nothing on threads ended by shutdown', () => {
    const transactions = summary.series.find((s) => s.site === 'src/db/TransactionManager.ts:8:34');
    // Two pool threads (jobs-1, jobs-2) each hold the largest value left so far, until jobs-1 is
    // shut down with its value (set-at-shutdown): from then on only jobs-2's counts.
    expect(transactions?.points.map((p) => p.bytes)).toEqual([2 * 4096, 2 * 6144, 2 * 8192, 2 * 10240, 2 * 12288, 14336]);
    expect(transactions).toMatchObject({ latest: 14336, peak: 2 * 12288 });
    expect(summary.latestRetained).toBe(65536 * 15 + 36000 + 14336);
  });

  it('drops a site to 0 at the first report that no longer has it', () => {
    const lines = read('series.jsonl').trim().split('\n');
    const last = JSON.parse(lines.at(-1)!) as { createdAt: string; findings: unknown[] };
    const later = { ...last, createdAt: '2026-11-22T09:07:00.000Z', findings: [] };
    const dropped = summarizeAudit(parseAuditInput([...lines, JSON.stringify(later)].join('\n'), 'x.jsonl').reports);
    expect(dropped.series[0]?.points.at(-1)).toEqual({ time: Date.parse('2026-11-22T09:07:00.000Z'), bytes: 0 });
    expect(dropped.latestRetained).toBe(0);
  });

  it('takes the figures, level and sampling of the latest report a finding is in', () => {
    const leftBehind = summary.findings.find((f) => f.id === 'b7c2b7c2b7c2b7c2');
    expect(leftBehind).toMatchObject({ retainedBytes: 14336, level: 'advanced' });
  });
});

describe('tlkit report', () => {
  it('renders text: LEAK lines with counts, sites, a per-site table; exits 1 on findings', async () => {
    const run = await runCliCapture(['report', 'series.jsonl'], auditDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^tlkit report: series\.jsonl: 6 reports from 2026-11-22T09:01:00\.000Z to 2026-11-22T09:06:00\.000Z, level advanced\n/);
    // The LEAK layout of runtime-audit's own text reports (formatFinding), one block per merged finding.
    expect(run.stdout).toContain('\nLEAK: stale-entry (×15): Stale entry: its ThreadLocal was garbage-collected');
    expect(run.stdout).toContain('    value Buffer, ~64.0 KiB each, ~960.0 KiB in all, stale for 5 min, ThreadLocal #7\n');
    expect(run.stdout).toContain('\nLEAK: left-behind (×22): A pool task ended without remove()');
    expect(run.stdout).toContain('    task handed to submit() at src/jobs/worker.ts:57:10\n');
    expect(run.stdout).toContain('    See https://github.com/tlkit/tlkit/blob/main/docs/guide/staging.md#left-behind\n');
    expect(run.stdout).toContain('Bytes held per ThreadLocal site (at the last report / peak):');
    expect(run.stdout).toContain('5 findings (43 occurrences), 1009.2 KiB held at the last report.');
  });

  it('prints the lines docs/reference/cli.md shows as its text example, in that order', async () => {
    const doc = readFileSync(path.join(packageDir, '..', '..', 'docs', 'reference', 'cli.md'), 'utf8');
    const block = /<!-- report-text-example:[^>]*-->\n```text\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const output = (await runCliCapture(['report', 'series.jsonl'], auditDir)).stdout.split('\n');
    let from = 0;
    for (const line of block!.split('\n').filter((l) => l !== '')) {
      const at = output.indexOf(line, from);
      expect({ line, found: at >= 0 }).toEqual({ line, found: true });
      from = at + 1;
    }
  });

  it('says when a size is unknown (and why) or a lower bound, as runtime-audit does', async () => {
    const run = await runCliCapture(['report', 'unsized.json'], auditDir);
    expect(run.stdout).toContain('    value Proxy, size unknown (sizing threw RangeError: Maximum call stack size exceeded), ThreadLocal #5\n');
    expect(run.stdout).toContain('    value Object, ≥7.6 MiB each, stale for 1 s, ThreadLocal #9\n');
  });

  it('exits 0 on a report without findings', async () => {
    const run = await runCliCapture(['report', 'clean.json'], auditDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No leaks');
  });

  it('warns on stderr about a torn JSONL line and renders the rest', async () => {
    const run = await runCliCapture(['report', 'torn.jsonl'], auditDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('tlkit: warning: torn.jsonl:4: ignoring a torn last line (the writer stopped mid-line)\n');
    expect(run.stdout).toContain('3 reports');
  });

  it('renders HTML as one self-contained page', async () => {
    const run = await runCliCapture(['report', 'series.jsonl', '--format', 'html'], auditDir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^<!doctype html>/);
    expect(run.stdout).toContain("default-src 'none'");
    expect(run.stdout).not.toMatch(/<script|<link|\bsrc=|url\(/i);
    expect(run.stdout.match(/<polyline class="series"/g)).toHaveLength(3);
    expect(run.stdout.match(/<tr>\n<td><span class="kind/g)).toHaveLength(5);
  });

  it('escapes values from the report in HTML', async () => {
    const text = read('single.json').replace('"valueType": "Object"', '"valueType": "<img src=x onerror=alert(1)>"');
    const { reports } = parseAuditInput(text, 's.json');
    const { renderAuditHtml } = await import('../auditOutput/htmlReport.js');
    const html = renderAuditHtml(summarizeAudit(reports), 's.json');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('exits 2 with a clear message for input that is not an audit report, missing, or absent', async () => {
    const notReport = await runCliCapture(['report', 'not-a-report.json'], auditDir);
    expect(notReport).toEqual({
      code: 2,
      stdout: '',
      stderr: 'tlkit: not-a-report.json: not a runtime-audit report: missing `schemaVersion` or `findings` (expected: the JSON written by @tlkit/runtime-audit)\n',
    });
    const missing = await runCliCapture(['report', 'nope.json'], auditDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('tlkit: cannot read nope.json: no such file (expected: an audit.json or audit.jsonl file)\n');
    const none = await runCliCapture(['report'], auditDir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('report: missing the audit file');
    const format = await runCliCapture(['report', 'clean.json', '-f', 'pdf'], auditDir);
    expect(format.code).toBe(2);
    expect(format.stderr).toBe('tlkit: --format: pdf (expected: text, html)\n');
  });
});
