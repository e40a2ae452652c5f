import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/report/AuditReport.js';

const fixtures = fileURLToPath(new URL('../fixtures/leaky/', import.meta.url));
const app = join(fixtures, 'app.mjs');
const dir = mkdtempSync(join(tmpdir(), 'tlkit-register-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  // The preload is the built entry point, exactly as users load it; turbo builds before testing.
  const built = fileURLToPath(new URL('../../dist/register.js', import.meta.url));
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` in packages/runtime-audit first`);
});

/** Runs the fixture app under the preload, the way staging does: through NODE_OPTIONS. */
function runApp(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [app], {
    cwd: fixtures,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '--import @tlkit/runtime-audit/register', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `file:line:col` of the first `new ThreadLocal` in the app, as V8 reports a constructor call. */
function creationSite(): string {
  const lines = readFileSync(app, 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes('new ThreadLocal'));
  return `${app}:${line + 1}:${(lines[line] ?? '').indexOf('new ThreadLocal') + 1}`;
}

describe('register (the staging preload)', () => {
  it('audits the app from before its first module runs, and writes the final report as JSONL', () => {
    const jsonl = join(dir, 'audit-%p.jsonl');
    const { status, stdout, stderr } = runApp({
      TLKIT_AUDIT_LEVEL: 'advanced',
      TLKIT_AUDIT_INTERVAL_MS: '0',
      TLKIT_AUDIT_SAMPLING: '1',
      TLKIT_AUDIT_JSONL: jsonl,
      TLKIT_AUDIT_TEXT: 'stderr',
    });
    expect(status).toBe(0);
    expect(stdout).toBe('app done\n');
    const files = readdirSync(dir).filter((name) => /^audit-\d+\.jsonl$/.test(name));
    expect(files).toHaveLength(1);
    const reports = readFileSync(join(dir, files[0] as string), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditReport);
    expect(reports).toHaveLength(1);
    const findings = reports[0]?.findings ?? [];
    const left = findings.find((f) => f.kind === 'left-behind');
    expect(left).toMatchObject({ pool: 'app-pool', valueType: 'Object', count: 4, threadLocalSite: creationSite() });
    expect(left?.setSite).toMatch(/app\.mjs:\d+:\d+$/);
    expect(left?.taskSite).toMatch(/app\.mjs:\d+:\d+$/);
    expect(findings.find((f) => f.kind === 'set-at-shutdown')).toMatchObject({ threadLocalSite: creationSite(), count: 2 });
    expect(stderr).toContain('LEAK: left-behind (×4)');
    expect(stderr).toContain('https://github.com/tlkit/tlkit/blob/main/docs/guide/staging.md#left-behind');
  });

  it('at simple level reports without sites and tells how to get them', () => {
    const { status, stderr } = runApp({ TLKIT_AUDIT_INTERVAL_MS: '0' });
    expect(status).toBe(0);
    expect(stderr).toContain('LEAK: left-behind');
    expect(stderr).toContain('TLKIT_AUDIT_LEVEL=advanced');
    expect(stderr).not.toContain('app.mjs:');
  });

  it('a bad variable prints one clear line, leaves the audit off, and the app runs', () => {
    const { status, stdout, stderr } = runApp({ TLKIT_AUDIT_LEVEL: 'loud' });
    expect(status).toBe(0);
    expect(stdout).toBe('app done\n');
    expect(stderr.trim().split('\n')).toEqual([
      '@tlkit/runtime-audit/register: TLKIT_AUDIT_LEVEL: "loud" (expected: disabled, simple, advanced, paranoid); the audit is off',
    ]);
  });

  it('an unwritable JSONL path is reported once and does not break the app', () => {
    const { status, stdout, stderr } = runApp({ TLKIT_AUDIT_JSONL: join(dir, 'missing-dir', 'audit.jsonl'), TLKIT_AUDIT_TEXT: 'off' });
    expect(status).toBe(0);
    expect(stdout).toBe('app done\n');
    expect(stderr).toMatch(/^@tlkit\/runtime-audit\/register: cannot append to .*ENOENT/);
  });
});
