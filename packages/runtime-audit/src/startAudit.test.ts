import { setThreadLocalObserver } from '@tlkit/core';
import { describe, expect, it, vi } from 'vitest';
import { AuditStoppedError, TlkitAuditError } from './errors.js';
import { startAudit, type AuditOptions } from './startAudit.js';

describe('startAudit options', () => {
  it.each<[unknown, ErrorConstructor, string]>([
    [null, TypeError, "options: null (expected: an object such as { level: 'simple' })"],
    [{ level: 3 }, TypeError, 'options.level: 3 (expected: one of disabled, simple, advanced, paranoid)'],
    [{ level: 'verbose' }, RangeError, "options.level: 'verbose' (expected: one of disabled, simple, advanced, paranoid)"],
    [{ intervalMs: '60s' }, TypeError, "options.intervalMs: '60s' (expected: an integer from 0 to 2147483647)"],
    [{ intervalMs: -1 }, RangeError, 'options.intervalMs: -1 (expected: an integer from 0 to 2147483647)'],
    [{ intervalMs: 1.5 }, RangeError, 'options.intervalMs: 1.5 (expected: an integer from 0 to 2147483647)'],
    [{ samplingInterval: 0 }, RangeError, 'options.samplingInterval: 0 (expected: an integer from 1 to 1073741824)'],
    [{ maxRecords: 100 }, RangeError, 'options.maxRecords: 100 (expected: an integer from 1 to 64)'],
    [{ onReport: 'log' }, TypeError, "options.onReport: 'log' (expected: a function receiving each report)"],
    [{ metrics: 'yes' }, TypeError, "options.metrics: 'yes' (expected: a boolean)"],
    [{ meterProvider: {} }, TypeError, 'options.meterProvider: {} (expected: an OpenTelemetry MeterProvider (with getMeter()))'],
    [{ root: 3 }, TypeError, 'options.root: 3 (expected: a directory path, or false for absolute sites)'],
    [{ root: '' }, TypeError, "options.root: '' (expected: a directory path, or false for absolute sites)"],
    [{ root: true }, TypeError, 'options.root: true (expected: a directory path, or false for absolute sites)'],
    [{ root: '/no/such/dir' }, RangeError, "options.root: '/no/such/dir' (expected: an existing directory, or false for absolute sites)"],
    [{ levle: 'simple' }, TypeError, "options.levle: 'simple' (expected: one of the options level, intervalMs, onReport, samplingInterval, maxFindings, maxRecords, metrics, meterProvider, root)"],
  ])('rejects %o', (options, type, message) => {
    expect(() => startAudit(options as AuditOptions)).toThrow(new type(message));
    expect(setThreadLocalObserver(null)).toBeNull(); // nothing was installed
  });

  it('defaults to simple', () => {
    const audit = startAudit();
    try {
      expect(audit.level).toBe('simple');
      expect(audit.scan().stats).toMatchObject({ level: 'simple', samplingInterval: 4096 });
    } finally {
      audit.stop();
    }
  });

  it('rejects bad scan options', () => {
    const audit = startAudit();
    try {
      expect(() => audit.scan({ forceGc: 1 } as never)).toThrow(new TypeError('options.forceGc: 1 (expected: a boolean)'));
    } finally {
      audit.stop();
    }
  });
});

describe('lifecycle', () => {
  it('stop() unhooks core, is idempotent, and scan() then throws AuditStoppedError', () => {
    const audit = startAudit({ level: 'paranoid' });
    audit.stop();
    audit.stop();
    expect(audit.isStopped()).toBe(true);
    expect(setThreadLocalObserver(null)).toBeNull();
    let thrown: unknown;
    try {
      audit.scan();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AuditStoppedError);
    expect(thrown).toBeInstanceOf(TlkitAuditError);
    expect((thrown as TlkitAuditError).code).toBe('ERR_TLKIT_AUDIT_STOPPED');
  });

  it('disabled installs no observer at all', () => {
    const audit = startAudit({ level: 'disabled', onReport: () => {} });
    try {
      expect(setThreadLocalObserver(null)).toBeNull();
      expect(audit.scan().findings).toEqual([]);
    } finally {
      audit.stop();
    }
  });

  it("the report timer never keeps the process alive (it is unref()'d)", () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    const audit = startAudit({ intervalMs: 10, onReport: () => {} });
    try {
      expect(spy).toHaveBeenCalledTimes(1);
      expect((spy.mock.results[0]?.value as NodeJS.Timeout).hasRef()).toBe(false);
    } finally {
      audit.stop();
      spy.mockRestore();
    }
  });
});
