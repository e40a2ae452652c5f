/**
 * The audit beside TransmittableThreadLocal: transmitted values that the pool restores are never
 * "left behind"; a value a task itself set on a transmittable and did not remove is, with the
 * submit site (the pool replays before `taskStarted` and restores after `taskEnded`).
 */
import { ThreadPool, TransmittableThreadLocal } from '@tlkit/core';
import { describe, expect, it } from 'vitest';
import { auditPerTest } from '../../src/test-utils/audit.js';
import { onNewThread } from '../../src/test-utils/threads.js';

class Tenant {
  constructor(readonly name: string) {}
}

const { start, findings } = auditPerTest();

/**
 * `file-name:line` of a site, whether the audit reports it absolute or relative to a project root
 * (both forms end in the file name, line and column).
 */
function fileLine(site: string | undefined): string {
  return /([^/\\]+:\d+):\d+\)?$/.exec(site ?? '')?.[1] ?? `(no site: ${String(site)})`;
}

/** `file-name:line` of the caller of this function. */
function hereLine(): string {
  return fileLine((new Error().stack ?? '').split('\n')[2]);
}

describe('transmission and the audit', () => {
  for (const level of ['simple', 'advanced', 'paranoid'] as const) {
    it(`${level}: reports no transmitted value as left behind or set at shutdown`, async () => {
      start({ level, samplingInterval: 1 });
      const tenant = new TransmittableThreadLocal<Tenant>();
      const requestId = new TransmittableThreadLocal<string>();
      const pool = new ThreadPool({ size: 1, name: `ttl-${level}` });
      await pool.submit(() => undefined);
      for (const name of ['acme', 'globex', 'initech']) {
        await onNewThread(async () => {
          tenant.set(new Tenant(name));
          requestId.set(`req-${name}`);
          try {
            // Tasks that only read, and one that removes and puts back: all restored by the pool.
            await pool.submit(() => tenant.get().name);
            await pool.submit(async () => {
              await Promise.resolve();
              return requestId.get();
            });
            await pool.submit(() => tenant.runWith(new Tenant('scoped'), () => tenant.get()));
          } finally {
            tenant.remove();
            requestId.remove();
          }
        });
      }
      expect(findings('left-behind')).toEqual([]);
      await pool.shutdown();
      expect(findings('set-at-shutdown')).toEqual([]);
    });
  }

  it('reports a value the task set on a transmittable and did not remove, with the submit site', async () => {
    start({ level: 'paranoid' });
    const tenant = new TransmittableThreadLocal<Tenant>();
    const cache = new TransmittableThreadLocal<Tenant>();
    const pool = new ThreadPool({ size: 1, name: 'ttl-leak' });
    // Created from here, the pool thread inherits nothing: what is set at shutdown is the task's.
    await pool.submit(() => undefined);
    let submitAt = '';
    let setAt = '';
    await onNewThread(async () => {
      tenant.set(new Tenant('acme'));
      try {
        submitAt = hereLine(); await pool.submit(() => {
          setAt = hereLine(); cache.set(new Tenant(`cached for ${tenant.get().name}`));
        });
      } finally {
        tenant.remove();
      }
    });
    const left = findings('left-behind');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ pool: 'ttl-leak', valueType: 'Tenant', taskKind: 'submit' });
    expect(fileLine(left[0]?.taskSite)).toBe(submitAt);
    expect(fileLine(left[0]?.setSite)).toBe(setAt);
    expect(submitAt).toMatch(/^transmission\.test\.ts:\d+$/);
    // The restore removed it all the same: nothing is left on the thread at shutdown.
    await pool.shutdown();
    expect(findings('set-at-shutdown')).toEqual([]);
  });

  it('reports a transmitted value the task replaced and did not put back', async () => {
    start({ level: 'simple' });
    const tenant = new TransmittableThreadLocal<Tenant>();
    const pool = new ThreadPool({ size: 1, name: 'ttl-replace' });
    await onNewThread(async () => {
      tenant.set(new Tenant('acme'));
      try {
        await pool.submit(() => tenant.set(new Tenant('switched by the task')));
      } finally {
        tenant.remove();
      }
    });
    expect(findings('left-behind')).toMatchObject([{ pool: 'ttl-replace', valueType: 'Tenant' }]);
    await pool.shutdown();
  });
});
