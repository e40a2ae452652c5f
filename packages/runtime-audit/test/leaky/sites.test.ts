import { ThreadLocal, ThreadPool } from '@tlkit/core';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/report/AuditReport.js';
import { startAudit, type AuditOptions } from '../../src/startAudit.js';

/** This package's directory: the nearest one with a package.json above test/leaky/. */
const packageDir = realpathSync(fileURLToPath(new URL('../../', import.meta.url)));
const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'tlkit-sites-')));
const cwd = process.cwd();
afterEach(() => process.chdir(cwd));
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

/** The absolute `file:line:col` of the call to this function, as V8 reports it. */
function callerFrame(): string {
  const frame = (new Error().stack ?? '').split('\n')[2] ?? '';
  return /\((.*)\)$/.exec(frame)?.[1] ?? frame.replace(/^\s*at /, '');
}

/** Audits one ThreadLocal created on the calling line, left behind by a pool task; returns the report and where it was created. */
async function leakOnce(options: AuditOptions): Promise<{ report: AuditReport; created: string }> {
  const audit = startAudit({ level: 'advanced', samplingInterval: 1, ...options });
  try {
    const created = callerFrame(); const local = new ThreadLocal<object>();
    const pool = new ThreadPool({ size: 1, name: 'sites' });
    await pool.submit(() => local.set({}));
    await pool.shutdown();
    return { report: audit.scan(), created };
  } finally {
    audit.stop();
  }
}

/** The creation site, line only (the column is the `new`, not the `callerFrame()` call). */
function line(site: string | undefined): string {
  return (site ?? '').replace(/:\d+$/, '');
}

describe('sites are relative to the project root', () => {
  it('by default, to the nearest directory with a package.json above the working directory; the report names it', async () => {
    process.chdir(join(packageDir, 'test', 'leaky'));
    const { report, created } = await leakOnce({});
    expect(report.root).toBe(packageDir);
    expect(Object.keys(report).slice(0, 3)).toEqual(['schemaVersion', 'createdAt', 'root']);
    const site = report.findings.find((f) => f.kind === 'left-behind')?.threadLocalSite;
    expect(line(site)).toBe(line(relative(packageDir, created).split(sep).join('/')));
    expect(site).toMatch(/^test\/leaky\/sites\.test\.ts:\d+:\d+$/);
  });

  it('to the root option, resolved against the working directory', async () => {
    process.chdir(packageDir);
    const { report } = await leakOnce({ root: 'test' });
    expect(report.root).toBe(join(packageDir, 'test'));
    const left = report.findings.find((f) => f.kind === 'left-behind');
    for (const site of [left?.threadLocalSite, left?.setSite, left?.taskSite]) expect(site).toMatch(/^leaky\/sites\.test\.ts:\d+:\d+$/);
  });

  it('absolute with root: false, and then the report names no root', async () => {
    const { report, created } = await leakOnce({ root: false });
    expect('root' in report).toBe(false);
    expect(line(report.findings.find((f) => f.kind === 'left-behind')?.threadLocalSite)).toBe(line(created));
  });

  it('absolute for files outside the root', async () => {
    const { report, created } = await leakOnce({ root: elsewhere });
    expect(report.root).toBe(elsewhere);
    expect(line(report.findings.find((f) => f.kind === 'left-behind')?.threadLocalSite)).toBe(line(created));
  });

  it('per audit: a stopped audit hands the root back to the one still running', async () => {
    const outer = startAudit({ level: 'advanced', samplingInterval: 1, root: false });
    try {
      await leakOnce({ root: packageDir });
      const { report } = await leakOnce({ root: false });
      expect(report.root).toBeUndefined();
      const local = new ThreadLocal<object>();
      const pool = new ThreadPool({ size: 1, name: 'outer' });
      await pool.submit(() => local.set({}));
      await pool.shutdown();
      const sites = outer.scan().findings.filter((f) => f.pool === 'outer').map((f) => f.threadLocalSite);
      expect(sites.length).toBeGreaterThan(0);
      for (const site of sites) expect(site?.startsWith(packageDir)).toBe(true);
    } finally {
      outer.stop();
    }
  });
});
