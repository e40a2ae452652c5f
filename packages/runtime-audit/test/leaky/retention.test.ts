import { ThreadLocal, ThreadPool } from '@tlkit/core';
import { describe, expect, it } from 'vitest';
import { AUDIT_LEVELS } from '../../src/report/AuditReport.js';
import { startAudit } from '../../src/startAudit.js';
import { collectUntil } from '@tlkit/testing/gc';
import { ParkedThread } from '../../src/test-utils/threads.js';

/**
 * The audit must never be part of the problem: whatever it saw, reported and merged, the
 * ThreadLocals and values it watched are collected once the application lets go of them. Proven
 * with a FinalizationRegistry, which only fires for objects that really were collected.
 */
describe('auditing keeps nothing alive', () => {
  for (const level of AUDIT_LEVELS.filter((l) => l !== 'disabled')) {
    it(`at ${level}: left-behind, set-at-shutdown and scanned values are collected`, async () => {
      const collected = new Set<string>();
      const registry = new FinalizationRegistry<string>((tag) => collected.add(tag));
      const audit = startAudit({ level, samplingInterval: 1 });
      try {
        const pool = new ThreadPool({ size: 1, name: `retention-${level}` });
        await pool.submit(() => {
          const local = new ThreadLocal<object>();
          const value = { payload: new Array(100).fill('x') };
          registry.register(local, 'threadLocal');
          registry.register(value, 'value');
          local.set(value); // left behind, then set at shutdown
          const initial = ThreadLocal.withInitial(() => ({ cached: true }));
          registry.register(initial.get(), 'initial value');
          registry.register(initial, 'withInitial');
        });
        expect(audit.scan().findings.length).toBeGreaterThan(0);
        await pool.shutdown();
        const report = audit.scan();
        expect(report.findings.some((f) => f.kind === 'set-at-shutdown')).toBe(true);
        expect(await collectUntil(() => collected.size === 4)).toBe(true);
        expect([...collected].sort()).toEqual(['initial value', 'threadLocal', 'value', 'withInitial']);
      } finally {
        audit.stop();
      }
    });

    it(`at ${level}: a stale entry's value is collected once its thread ends`, async () => {
      const collected = new Set<string>();
      const registry = new FinalizationRegistry<string>((tag) => collected.add(tag));
      const audit = startAudit({ level, samplingInterval: 1 });
      try {
        const parked = new ParkedThread(`stale-${level}`);
        await parked.run(() => {
          const local = new ThreadLocal<object>();
          const value = new Map([[1, 'one']]);
          registry.register(local, 'threadLocal');
          registry.register(value, 'value');
          local.set(value);
        });
        expect(await collectUntil(() => collected.has('threadLocal'))).toBe(true);
        expect(audit.scan().findings.filter((f) => f.kind === 'stale-entry')).toHaveLength(1);
        expect(collected.has('value')).toBe(false); // held by the live thread's map, as it should be
        await parked.end();
        expect(await collectUntil(() => collected.has('value'))).toBe(true);
      } finally {
        audit.stop();
      }
    });
  }
});
