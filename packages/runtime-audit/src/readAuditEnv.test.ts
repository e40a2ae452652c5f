import { describe, expect, it } from 'vitest';
import { readAuditEnv } from './readAuditEnv.js';

describe('readAuditEnv', () => {
  it('has documented defaults', () => {
    expect(readAuditEnv({}, 42)).toEqual({
      level: 'simple',
      intervalMs: 60_000,
      samplingInterval: 4096,
      jsonl: undefined,
      text: 'stderr',
      forceGc: false,
      metrics: true,
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
    });
  });

  it.each([
    ['TLKIT_AUDIT_LEVEL', 'loud', 'TLKIT_AUDIT_LEVEL: "loud" (expected: disabled, simple, advanced, paranoid)'],
    ['TLKIT_AUDIT_INTERVAL_MS', '1e3', 'TLKIT_AUDIT_INTERVAL_MS: "1e3" (expected: an integer from 0 to 2147483647)'],
    ['TLKIT_AUDIT_SAMPLING', '0', 'TLKIT_AUDIT_SAMPLING: "0" (expected: an integer from 1 to 1073741824)'],
    ['TLKIT_AUDIT_TEXT', 'syslog', 'TLKIT_AUDIT_TEXT: "syslog" (expected: stderr, stdout, off)'],
    ['TLKIT_AUDIT_FORCE_GC', 'maybe', 'TLKIT_AUDIT_FORCE_GC: "maybe" (expected: true or false (also 1/0, yes/no, on/off))'],
  ])('rejects %s=%s with a clear message', (name, value, message) => {
    expect(() => readAuditEnv({ [name]: value })).toThrow(new RangeError(message));
  });
});
