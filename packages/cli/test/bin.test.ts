import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// End to end through the built executable (test/globalSetup.ts builds dist/ first).
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(packageDir, 'dist', 'bin.js');

function tlkit(args: string[], cwd = packageDir) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

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
});
