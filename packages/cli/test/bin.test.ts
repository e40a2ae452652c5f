import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// End to end through the built executable (test/globalSetup.ts builds dist/ first).
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(packageDir, 'dist', 'bin.js');

function tlkit(args: string[], cwd = packageDir, options: { nodeArgs?: string[]; env?: Record<string, string | undefined> } = {}) {
  const env = { ...process.env, ...options.env };
  // Colour is decided per test: start from an environment that asks for none either way.
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'NODE_DISABLE_COLORS']) if (options.env?.[name] === undefined) delete env[name];
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], { cwd, encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const series = path.join(packageDir, 'test', 'fixtures', 'audit', 'series.jsonl');
const blockTsMorph = ['--import', path.join(packageDir, 'test', 'blockTsMorph.mjs')];

describe('the tlkit executable', () => {
  it('exits 1 with findings on stdout', () => {
    const run = tlkit(['scan', '-p', 'test/fixtures/never-removed']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('5 findings (4 never-removed, 1 enter-with-not-restored) in 4 files');
    expect(run.stderr).toBe('');
  });

  it('exits 0 on a clean project', () => {
    expect(tlkit(['scan', '-p', 'test/fixtures/clean/tsconfig.json']).code).toBe(0);
  });

  it('exits 2 on a usage error, with the message on stderr', () => {
    const run = tlkit(['scan', '--format', 'yaml']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--format: yaml (expected: text, json, sarif)');
  });

  it('loads ts-morph only to scan: --version, help and report work with it blocked', () => {
    expect(tlkit(['--version'], packageDir, { nodeArgs: blockTsMorph })).toMatchObject({ code: 0, stderr: '' });
    expect(tlkit(['help', 'report'], packageDir, { nodeArgs: blockTsMorph })).toMatchObject({ code: 0, stderr: '' });
    const report = tlkit(['report', series], packageDir, { nodeArgs: blockTsMorph });
    expect(report).toMatchObject({ code: 1, stderr: '' });
    expect(report.stdout).toContain('LEAK: left-behind');
    // The block is real: a scan, which needs ts-morph, fails under it.
    const scan = tlkit(['scan', '-p', 'test/fixtures/clean'], packageDir, { nodeArgs: blockTsMorph });
    expect(scan.code).toBe(2);
    expect(scan.stderr).toContain('blocked by test/blockTsMorph.mjs: ts-morph');
  });

  it('colours LEAK:, check ids and the summary only where colour is wanted (FORCE_COLOR, not a pipe or NO_COLOR)', () => {
    const piped = tlkit(['report', series]);
    expect(piped.stdout).not.toContain('\x1b[');
    const forced = tlkit(['report', series], packageDir, { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\x1b[1m\x1b[31mLEAK:\x1b[39m\x1b[22m left-behind');
    expect(forced.stdout).toMatch(/\x1b\[1m\x1b\[31m5 findings \(43 occurrences\)/);
    expect(tlkit(['report', series], packageDir, { env: { NO_COLOR: '1' } }).stdout).not.toContain('\x1b[');
    const scan = tlkit(['scan', '-p', 'test/fixtures/never-removed'], packageDir, { env: { FORCE_COLOR: '1' } });
    expect(scan.stdout).toContain('\x1b[36mnever-removed\x1b[39m');
  });
});
