import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCapture } from '../test-utils/runCliCapture.js';
import type { AuditFinding, AuditReportInput } from './auditInput.js';
import { summarizeAudit } from './auditSummary.js';
import { renderAuditHtml } from './htmlReport.js';
import { readAuditFile } from './readAuditFile.js';
import { renderAuditText } from './textReport.js';

/*
 * `tlkit report` on input made to hurt it: sizes that overflow a spread, files that never end,
 * strings that drive the terminal. Each must give a bounded, readable answer or exit 2, never a
 * stack trace and never unbounded memory.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'tlkit-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stats = { level: 'advanced', samplingInterval: 4096, startedAt: '2026-11-22T09:00:00.000Z' };

function leftBehind(overrides: Partial<AuditFinding> = {}): AuditFinding {
  return {
    kind: 'left-behind',
    message: 'A pool task ended without remove().',
    thread: 'jobs-1',
    threads: ['jobs-1'],
    pool: 'jobs',
    valueType: 'Buffer',
    retainedBytes: 1024,
    threadLocalSite: 'src/a.ts:1:1',
    count: 1,
    ...overrides,
  };
}

function reportAt(time: number, findings: readonly AuditFinding[]): AuditReportInput {
  return { schemaVersion: 1, createdAt: new Date(time).toISOString(), time, findings, stats };
}

/** More elements than a spread into a call survives (measured: from 123,182 on Node 20 to 125,335 on 22). */
const MANY = 130_000;

describe('tlkit report on hostile input', () => {
  it(`summarizes and renders ${MANY} reports of one site without a stack overflow`, () => {
    const start = Date.parse('2026-11-22T09:00:00.000Z');
    const reports = Array.from({ length: MANY }, (_, i) => reportAt(start + i * 10, [leftBehind({ count: i + 1, retainedBytes: 1024 + i })]));
    const summary = summarizeAudit(reports);
    expect(summary.findings).toHaveLength(1);
    expect(summary.findings[0]?.count).toBe(MANY);
    expect(summary.series[0]?.points).toHaveLength(MANY);
    expect(summary.series[0]?.peak).toBe(1024 + MANY - 1);
    expect(renderAuditText(summary, 'many.jsonl')).toContain('LEAK: left-behind (×130000)');
    const html = renderAuditHtml(summary, 'many.jsonl');
    // The line is thinned to a few points per pixel column, and so many points get no dots.
    expect(html.match(/<polyline[^>]*points="([^"]*)"/)?.[1]?.split(' ').length).toBeLessThan(5000);
    expect(html).not.toContain('<circle');
  });

  it(`summarizes and renders ${MANY} sites in one report`, () => {
    const findings = Array.from({ length: MANY }, (_, i) => leftBehind({ threadLocalSite: `src/site${i}.ts:1:1`, retainedBytes: i + 1 }));
    const summary = summarizeAudit([reportAt(0, findings)]);
    expect(summary.series).toHaveLength(MANY);
    const text = renderAuditText(summary, 'sites.json');
    expect(text).toContain(`… and ${MANY - 20} more sites`);
    const html = renderAuditHtml(summary, 'sites.json');
    expect(html.match(/<polyline|<circle/g)?.length).toBeLessThanOrEqual(8);
    expect(html).toContain(`… and ${MANY - 8} more sites, not drawn`);
  });

  it('refuses a file larger than --max-input-size with exit 2, before reading it', async () => {
    const file = path.join(dir, 'big.jsonl');
    writeFileSync(file, 'x'.repeat(5000));
    const run = await runCliCapture(['report', file, '--max-input-size', '4K'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('big.jsonl: larger than 4.0 KiB, the input limit; nothing was rendered');
    expect(run.stderr).toContain('--max-input-size');
  });

  it('refuses a line longer than --max-line-size with exit 2', async () => {
    const file = path.join(dir, 'long-line.jsonl');
    writeFileSync(file, `${'{"a":"'.padEnd(3000, 'y')}"}\n`);
    const run = await runCliCapture(['report', file, '--max-line-size', '2K'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('long-line.jsonl: a line longer than 2.0 KiB, the line limit');
  });

  it.runIf(existsSync('/dev/zero'))('refuses /dev/zero (no size known in advance, no line break) at the line limit', async () => {
    const run = await runCliCapture(['report', '/dev/zero', '--max-line-size', '1M'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/dev/zero: a line longer than 1.0 MiB, the line limit');
  });

  it('refuses a stream past the input limit while reading it, when its size is not known in advance', async () => {
    // A FIFO would need a writer; /dev/urandom has no size and (almost surely) many line breaks.
    if (!existsSync('/dev/urandom')) return;
    await expect(readAuditFile('/dev/urandom', 'random', { maxBytes: 2 * 1024 * 1024, maxLineBytes: 1024 * 1024 })).rejects.toThrow(
      /random: (larger than 2\.0 MiB, the input limit|a line longer than 1\.0 MiB|.*not JSON)/,
    );
  });

  it('rejects a size option that is not a size', async () => {
    const run = await runCliCapture(['report', 'x.json', '--max-input-size', 'lots'], dir);
    expect(run).toMatchObject({ code: 2, stderr: 'tlkit: --max-input-size: lots (expected: a size such as 268435456, 512K, 256MiB or 1G)\n' });
  });

  it('escapes terminal control sequences from report strings in text, warnings and errors', async () => {
    const evil = '\x1b]0;pwned\x07\x1b[2J\rLEAK: fake\n\u009b31m';
    const report = {
      schemaVersion: 1,
      createdAt: '2026-11-22T09:00:00.000Z',
      stats,
      findings: [
        { ...leftBehind(), kind: `future${evil}`, message: evil, valueType: evil, thread: evil, threads: [evil], pool: evil, setSite: evil },
      ],
    };
    const file = path.join(dir, 'evil.json');
    writeFileSync(file, JSON.stringify(report));
    const run = await runCliCapture(['report', file], dir);
    expect(run.code).toBe(1);
    for (const output of [run.stdout, run.stderr]) {
      expect(output.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
    expect(run.stdout).toContain('\\x1B]0;pwned\\x07\\x1B[2J\\rLEAK: fake\\n\\x9B31m');
    expect(run.stdout.split('\n').filter((line) => line.startsWith('LEAK:'))).toHaveLength(1);
    expect(run.stderr).toContain('unknown finding kind `future\\x1B]0;pwned');
    const badName = await runCliCapture(['report', 'no\x1b[31mfile.json'], dir);
    expect(badName.stderr).toBe('tlkit: cannot read no\\x1B[31mfile.json: no such file (expected: an audit.json or audit.jsonl file)\n');
  });

  it('escapes control characters in HTML too (as visible text, then as HTML)', () => {
    const html = renderAuditHtml(summarizeAudit([reportAt(0, [leftBehind({ valueType: 'a\x1b[31m<b>\u202e' })])]), 'x\x07.json');
    expect(html.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(html).toContain('a\\x1B[31m&lt;b&gt;\\u202E');
    expect(html).toContain('x\\x07.json');
  });
});
