import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
function runApp(env: Record<string, string>, where = { cwd: fixtures, app }): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [where.app], {
    cwd: where.cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '--import @tlkit/runtime-audit/register', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `file:line:col` of the first `new ThreadLocal` in the app, as V8 reports a constructor call, and
 * relative to the project root (this package: the nearest package.json above the fixtures).
 */
function creationSite(): string {
  const lines = readFileSync(app, 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes('new ThreadLocal'));
  return `test/fixtures/leaky/app.mjs:${line + 1}:${(lines[line] ?? '').indexOf('new ThreadLocal') + 1}`;
}

/** The reports of the one JSONL file matching `pattern` in `dir`. */
function readReports(pattern: RegExp, where = dir): AuditReport[] {
  const files = readdirSync(where).filter((name) => pattern.test(name));
  expect(files).toHaveLength(1);
  return readFileSync(join(where, files[0] as string), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditReport);
}

// Each test starts node processes: a loaded machine can take seconds; the timeout only guards against a hang.
describe('register (the staging preload)', { timeout: 60_000 }, () => {
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
    const reports = readReports(/^audit-\d+\.jsonl$/);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.root).toBe(realpathSync(fileURLToPath(new URL('../../', import.meta.url))));
    const findings = reports[0]?.findings ?? [];
    const left = findings.find((f) => f.kind === 'left-behind');
    expect(left).toMatchObject({ pool: 'app-pool', valueType: 'Object', count: 4, threadLocalSite: creationSite() });
    expect(left?.setSite).toMatch(/^test\/fixtures\/leaky\/app\.mjs:\d+:\d+$/);
    expect(left?.taskSite).toMatch(/^test\/fixtures\/leaky\/app\.mjs:\d+:\d+$/);
    expect(findings.find((f) => f.kind === 'set-at-shutdown')).toMatchObject({ threadLocalSite: creationSite(), count: 2 });
    expect(stderr).toContain('LEAK: left-behind (×4)');
    expect(stderr).toContain('https://github.com/tlkit/tlkit/blob/main/docs/guide/staging.md#left-behind');
  });

  it('by default runs at advanced: the first report already has the sites', () => {
    const jsonl = join(dir, 'default-%p.jsonl');
    const { status, stderr } = runApp({ TLKIT_AUDIT_INTERVAL_MS: '0', TLKIT_AUDIT_JSONL: jsonl });
    expect(status).toBe(0);
    const [report] = readReports(/^default-\d+\.jsonl$/);
    expect(report?.stats.level).toBe('advanced');
    const left = report?.findings.find((f) => f.kind === 'left-behind');
    expect(left).toMatchObject({ count: 4, threadLocalSite: creationSite() });
    // The first occurrence's set and submit are always captured at advanced.
    expect(left?.setSite).toMatch(/^test\/fixtures\/leaky\/app\.mjs:\d+:\d+$/);
    expect(left?.taskSite).toMatch(/^test\/fixtures\/leaky\/app\.mjs:\d+:\d+$/);
    expect(stderr).toContain(`    ThreadLocal created at ${creationSite()}\n`);
    expect(stderr).not.toContain('unknown site');
  });

  it('reports the same sites and finding ids for the same app in two different directories', () => {
    const nodeModules = realpathSync(fileURLToPath(new URL('../../../../node_modules', import.meta.url)));
    const runIn = (name: string): AuditReport => {
      const project = join(dir, name, 'srv', 'app');
      mkdirSync(join(project, 'src'), { recursive: true });
      writeFileSync(join(project, 'package.json'), '{ "private": true }');
      symlinkSync(nodeModules, join(project, 'node_modules'), 'dir');
      copyFileSync(app, join(project, 'src', 'app.mjs'));
      const { status, stderr } = runApp(
        { TLKIT_AUDIT_INTERVAL_MS: '0', TLKIT_AUDIT_TEXT: 'off', TLKIT_AUDIT_JSONL: join(project, 'audit.jsonl') },
        { cwd: join(project, 'src'), app: join(project, 'src', 'app.mjs') },
      );
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      const [report] = readReports(/^audit\.jsonl$/, project);
      expect(report?.root).toBe(realpathSync(project));
      return report as AuditReport;
    };
    const [staging, laptop] = [runIn('staging-host'), runIn('laptop')];
    const identity = (report: AuditReport): unknown =>
      report.findings.map(({ kind, id, threadLocalSite, setSite, taskSite }) => ({ kind, id, threadLocalSite, setSite, taskSite }));
    expect(identity(staging)).toEqual(identity(laptop));
    expect(staging.findings.find((f) => f.kind === 'left-behind')?.threadLocalSite).toMatch(/^src\/app\.mjs:\d+:\d+$/);
  });

  it('keeps absolute sites with TLKIT_AUDIT_ROOT=absolute', () => {
    const jsonl = join(dir, 'absolute-%p.jsonl');
    const { status } = runApp({ TLKIT_AUDIT_INTERVAL_MS: '0', TLKIT_AUDIT_JSONL: jsonl, TLKIT_AUDIT_ROOT: 'absolute', TLKIT_AUDIT_TEXT: 'off' });
    expect(status).toBe(0);
    const [report] = readReports(/^absolute-\d+\.jsonl$/);
    expect(report?.root).toBeUndefined();
    expect(report?.findings.find((f) => f.kind === 'left-behind')?.threadLocalSite).toBe(join(realpathSync(fixtures), creationSite().slice('test/fixtures/leaky/'.length)));
  });

  it.each([
    ['exit', 5],
    ['exitCode', 7],
    ['throw', 1],
  ])('leaves the exit status as the app made it (%s → %i) and still writes the final report', (mode, status) => {
    const jsonl = join(dir, `exit-${mode}-%p.jsonl`);
    const result = spawnSync(process.execPath, [join(fixtures, 'exit-app.mjs')], {
      cwd: fixtures,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '--import @tlkit/runtime-audit/register', TLKIT_AUDIT_INTERVAL_MS: '0', TLKIT_AUDIT_JSONL: jsonl, EXIT_MODE: mode },
    });
    expect(result.status).toBe(status);
    const [report] = readReports(new RegExp(`^exit-${mode}-\\d+\\.jsonl$`));
    expect(report?.findings.map((f) => f.kind)).toEqual(['terminated-thread-access']);
    if (mode === 'throw') expect(result.stderr).toContain('Error: the app failed');
  });

  it('at simple level reports without sites and tells how to get them', () => {
    const { status, stderr } = runApp({ TLKIT_AUDIT_LEVEL: 'simple', TLKIT_AUDIT_INTERVAL_MS: '0' });
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
