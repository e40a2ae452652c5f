import { ThreadLocal } from '@tlkit/core';
import { collectGarbage, nextMacrotask } from '@tlkit/testing/gc';
import { describe, expect, it } from 'vitest';
import { startAudit, type AuditOptions } from '../../src/startAudit.js';

/**
 * The audit's memory follows the application's live thread-locals, never the number ever created:
 * the traces, infos and samplers of a collected ThreadLocal without stale entries go with it.
 * Measured as heap growth after full collections (bounded loops of `gc()` between macrotasks, so
 * FinalizationRegistry callbacks run), against the bound stated in docs/guide/staging.md.
 */

const SHORT_LIVED = 300_000;
/** The stated bound for 300,000 short-lived ThreadLocals at any level (measured: ~1–3 MB; before: 112 MB at `paranoid`). */
const BOUND_BYTES = 24 * 1024 * 1024;

async function settledHeap(): Promise<number> {
  await collectGarbage(10);
  return process.memoryUsage().heapUsed;
}

const levels: [string, AuditOptions][] = [
  ['simple', { level: 'simple' }],
  ['advanced, samplingInterval 1', { level: 'advanced', samplingInterval: 1 }],
  ['paranoid', { level: 'paranoid' }],
];

describe(`audit memory with ${SHORT_LIVED.toLocaleString('en-US')} short-lived ThreadLocals`, () => {
  for (const [name, options] of levels) {
    // A stack capture per operation at the higher levels: seconds on an idle machine, more on a loaded one.
    it(`stays under ${BOUND_BYTES / 1024 / 1024} MB at ${name}`, { timeout: 600_000 }, async () => {
      const audit = startAudit({ ...options, metrics: false, intervalMs: 0 });
      try {
        const before = await settledHeap();
        for (let i = 0; i < SHORT_LIVED; i++) {
          const local = new ThreadLocal<object>();
          try {
            local.set({ i });
          } finally {
            local.remove();
          }
          if (i % 10_000 === 0) await nextMacrotask();
        }
        const grown = (await settledHeap()) - before;
        expect(audit.scan().stats.threadLocalsTracked).toBeGreaterThanOrEqual(SHORT_LIVED);
        expect(grown).toBeLessThan(BOUND_BYTES);
      } finally {
        audit.stop();
      }
    });
  }
});
