import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/report/AuditReport.js';

const fixtures = fileURLToPath(new URL('../fixtures/leaky/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tlkit-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  const built = fileURLToPath(new URL('../../dist/register.js', import.meta.url));
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` in packages/runtime-audit first`);
});

interface Ended {
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly reports: AuditReport[];
  /** The JSONL file's text, to check that it ends with a complete line. */
  readonly jsonl: string;
}

let runs = 0;

/**
 * Starts the service fixture under the preload (final report only: no interval), waits until it
 * says `ready`, sends `signal`, and waits until it has ended and its output is closed.
 */
async function signalService(signal: NodeJS.Signals, env: Record<string, string> = {}): Promise<Ended> {
  const jsonl = join(dir, `audit-${++runs}.jsonl`);
  const child = spawn(process.execPath, [join(fixtures, 'signal-app.mjs')], {
    cwd: fixtures,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_OPTIONS: '--import @tlkit/runtime-audit/register',
      TLKIT_AUDIT_INTERVAL_MS: '0',
      TLKIT_AUDIT_JSONL: jsonl,
      TLKIT_AUDIT_TEXT: 'stderr',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('ready\n')) resolve();
    });
    child.once('exit', () => reject(new Error(`the service ended before it was ready; stderr: ${stderr}`)));
  });
  child.kill(signal);
  await closed;
  const text = existsSync(jsonl) ? readFileSync(jsonl, 'utf8') : '';
  const reports = text === '' ? [] : text.trimEnd().split('\n').map((line) => JSON.parse(line) as AuditReport);
  return { exitCode: child.exitCode, signalCode: child.signalCode, stdout, stderr, reports, jsonl: text };
}

describe('the preload on a signal', { timeout: 60_000 }, () => {
  it.each<NodeJS.Signals>(['SIGTERM', 'SIGINT', 'SIGHUP'])(
    'an unhandled %s: the final report is written, then the process dies of the signal',
    async (signal) => {
      const ended = await signalService(signal);
      expect(ended.signalCode).toBe(signal);
      expect(ended.exitCode).toBeNull();
      expect(ended.jsonl.endsWith('\n')).toBe(true);
      expect(ended.reports).toHaveLength(1);
      const left = ended.reports[0]?.findings.find((f) => f.kind === 'left-behind');
      expect(left).toMatchObject({ pool: 'service-pool', count: 4, threadLocalSite: expect.stringMatching(/^test\/fixtures\/leaky\/signal-app\.mjs:\d+:\d+$/) as unknown });
      expect(ended.stderr).toContain('LEAK: left-behind (×4)');
    },
  );

  it('an app that handles SIGTERM itself keeps control: its handler runs to the end, and the report is written when it exits', async () => {
    const ended = await signalService('SIGTERM', { APP_HANDLES_SIGTERM: '1' });
    expect(ended.stdout).toBe('ready\napp: SIGTERM received, finishing\napp: closed\n');
    expect(ended.signalCode).toBeNull();
    expect(ended.exitCode).toBe(0);
    // One report, taken at exit, after the handler's work: the fifth leak and the shutdown are in it.
    expect(ended.reports).toHaveLength(1);
    const findings = ended.reports[0]?.findings ?? [];
    expect(findings.find((f) => f.kind === 'left-behind')?.count).toBe(5);
    expect(findings.find((f) => f.kind === 'set-at-shutdown')).toMatchObject({ pool: 'service-pool' });
  });

  it('with the audit disabled, a signal has its default effect and nothing is written', async () => {
    const ended = await signalService('SIGTERM', { TLKIT_AUDIT_LEVEL: 'disabled' });
    expect(ended.signalCode).toBe('SIGTERM');
    expect(ended.reports).toEqual([]);
    expect(ended.stderr).toBe('');
  });
});
