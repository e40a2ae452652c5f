import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAuditEnv } from './readAuditEnv.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tlkit-env-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readAuditEnv', () => {
  it('has documented defaults: level advanced, so that the first report has sites', () => {
    expect(readAuditEnv({}, 42)).toEqual({
      level: 'advanced',
      intervalMs: 60_000,
      samplingInterval: 4096,
      jsonl: undefined,
      text: 'stderr',
      forceGc: false,
      metrics: true,
      root: undefined,
    });
  });

  it('reads every variable, and replaces %p with the pid', () => {
    const config = readAuditEnv(
      {
        TLKIT_AUDIT_LEVEL: 'paranoid',
        TLKIT_AUDIT_INTERVAL_MS: '0',
        TLKIT_AUDIT_SAMPLING: '16',
        TLKIT_AUDIT_JSONL: '/var/log/audit-%p.jsonl',
        TLKIT_AUDIT_TEXT: 'off',
        TLKIT_AUDIT_FORCE_GC: 'yes',
        TLKIT_AUDIT_METRICS: '0',
        TLKIT_AUDIT_ROOT: 'absolute',
      },
      42,
    );
    expect(config).toEqual({
      level: 'paranoid',
      intervalMs: 0,
      samplingInterval: 16,
      jsonl: '/var/log/audit-42.jsonl',
      text: 'off',
      forceGc: true,
      metrics: false,
      root: false,
    });
  });

  it('resolves TLKIT_AUDIT_ROOT against the working directory; ./absolute is a directory', () => {
    expect(readAuditEnv({ TLKIT_AUDIT_ROOT: dir }, 1).root).toBe(dir);
    expect(readAuditEnv({ TLKIT_AUDIT_ROOT: '..' }, 1, join(dir, 'app')).root).toBe(dir);
    mkdirSync(join(dir, 'absolute'));
    expect(readAuditEnv({ TLKIT_AUDIT_ROOT: './absolute' }, 1, dir).root).toBe(join(dir, 'absolute'));
  });

  it.each([
    ['TLKIT_AUDIT_LEVEL', 'loud', 'TLKIT_AUDIT_LEVEL: "loud" (expected: disabled, simple, advanced, paranoid)'],
    ['TLKIT_AUDIT_INTERVAL_MS', '1e3', 'TLKIT_AUDIT_INTERVAL_MS: "1e3" (expected: an integer from 0 to 2147483647)'],
    ['TLKIT_AUDIT_SAMPLING', '0', 'TLKIT_AUDIT_SAMPLING: "0" (expected: an integer from 1 to 1073741824)'],
    ['TLKIT_AUDIT_TEXT', 'syslog', 'TLKIT_AUDIT_TEXT: "syslog" (expected: stderr, stdout, off)'],
    ['TLKIT_AUDIT_FORCE_GC', 'maybe', 'TLKIT_AUDIT_FORCE_GC: "maybe" (expected: true or false (also 1/0, yes/no, on/off))'],
    ['TLKIT_AUDIT_ROOT', '/no/such/dir', 'TLKIT_AUDIT_ROOT: "/no/such/dir" (expected: an existing directory, or absolute)'],
  ])('rejects %s=%s with a clear message', (name, value, message) => {
    expect(() => readAuditEnv({ [name]: value })).toThrow(new RangeError(message));
  });

  it('rejects a TLKIT_AUDIT_ROOT that is a file', () => {
    const file = join(dir, 'package.json');
    writeFileSync(file, '{}');
    expect(() => readAuditEnv({ TLKIT_AUDIT_ROOT: file })).toThrow(new RangeError(`TLKIT_AUDIT_ROOT: ${JSON.stringify(file)} (expected: an existing directory, or absolute)`));
  });
});
