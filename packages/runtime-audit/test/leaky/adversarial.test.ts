import { ThreadLocal, ThreadPool } from '@tlkit/core';
import { collectUntil } from '@tlkit/testing/gc';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Detector } from '../../src/detector/Detector.js';
import { ErrorSink } from '../../src/detector/ErrorSink.js';
import { estimateSize } from '../../src/detector/estimateSize.js';
import { valueType } from '../../src/detector/valueType.js';
import type { AuditReport, Finding, FindingKind } from '../../src/report/AuditReport.js';
import { adversarialValues, loadTdzNamespace, Probe } from '../../src/test-utils/adversarial.js';
import { ParkedThread } from '../../src/test-utils/threads.js';

/*
 * The audit against hostile values, property-based: random mixes of adversarial values (proxies
 * with throwing traps, revoked proxies, accessors, subclasses overriding every size-bearing member,
 * huge dictionaries, cycles, other realms, a module namespace in its TDZ) and ordinary leaks, left
 * behind by a pool task, still set at shutdown, or stale on another thread. Some values are marked
 * unsizeable: their estimate throws as an exhausted stack would (the one failure left once the
 * estimator runs no user code). Whatever the mix:
 * - no user code runs (every trap, getter and override counts its calls);
 * - the audit never throws;
 * - every leak is reported, with its kind, value type and (at `advanced`+) its sites;
 * - a value that cannot be sized is reported with `retainedBytes: null` and a reason, never dropped.
 */

const probe = new Probe();
let hostile: Record<string, () => unknown> = {};
beforeAll(async () => {
  hostile = adversarialValues(probe, await loadTdzNamespace());
});

/** The ordinary leaks, with the value type the report must give them. */
const ORDINARY: Record<string, [type: string, make: () => unknown]> = {
  buffer: ['Buffer', () => Buffer.alloc(2048)],
  session: ['Object', () => ({ user: 'ada', roles: ['admin'], since: new Date(0) })],
  map: ['Map', () => new Map([['k', { v: 1 }]])],
  string: ['string', () => 'x'.repeat(300)],
};

interface Slot {
  readonly where: 'pool' | 'stale';
  readonly hostile: boolean;
  readonly name: string;
  readonly unsizeable: boolean;
}

const slotArb = (names: string[]): fc.Arbitrary<Slot> =>
  fc.record({
    where: fc.constantFrom('pool' as const, 'stale' as const),
    hostile: fc.boolean(),
    name: fc.nat(),
    unsizeable: fc.boolean(),
  }).map((raw) => {
    const pool = raw.hostile ? names : Object.keys(ORDINARY);
    return { ...raw, name: pool[raw.name % pool.length]! };
  });

/** Values whose estimate throws, as with an exhausted stack. */
const unsizeable = new WeakSet<object>();
const faulty: typeof estimateSize = (value, budget, work) => {
  if ((typeof value === 'object' || typeof value === 'function') && value !== null && unsizeable.has(value)) {
    throw new RangeError('Maximum call stack size exceeded');
  }
  return estimateSize(value, budget, work);
};

const sumCounts = (report: AuditReport, kind: FindingKind): number =>
  report.findings.filter((f) => f.kind === kind).reduce((sum, f) => sum + f.count, 0);

function checkSize(finding: Finding): void {
  if (finding.retainedBytes === null) {
    expect(finding.retainedBytesUnknown).toMatch(/^sizing threw RangeError/);
  } else {
    expect(finding.retainedBytes).toBeGreaterThanOrEqual(0);
  }
}

describe('the audit against adversarial values (fast-check)', () => {
  it('never runs user code, never throws, never drops a leak', { timeout: 600_000 }, async () => {
    const names = Object.keys(hostile);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('simple' as const, 'advanced' as const, 'paranoid' as const),
        fc.array(slotArb(names), { minLength: 1, maxLength: 6 }),
        async (level, slots) => {
          run++;
          const detector = new Detector({
            level,
            samplingInterval: 1,
            maxFindings: 1000,
            maxRecords: 4,
            errors: new ErrorSink(() => undefined),
            estimate: faulty,
          });
          detector.install();
          const parked = new ParkedThread(`adversarial-${run}`);
          const pool = new ThreadPool({ size: 1, name: `adversarial-${run}` });
          try {
            /** What each (kind, value type) group holds: sizeable and unsizeable values. */
            const groups = new Map<string, { sized: number; unsized: number }>();
            const valueOf = (slot: Slot, kinds: readonly FindingKind[]): unknown => {
              const value = slot.hostile ? hostile[slot.name]!() : ORDINARY[slot.name]![1]();
              const isObject = (typeof value === 'object' && value !== null) || typeof value === 'function';
              if (slot.unsizeable && isObject) unsizeable.add(value);
              for (const kind of kinds) {
                const key = `${kind} ${valueType(value)}`;
                const group = groups.get(key) ?? { sized: 0, unsized: 0 };
                if (slot.unsizeable && isObject) group.unsized++;
                else group.sized++;
                groups.set(key, group);
              }
              return value;
            };
            const pooled = slots.filter((s) => s.where === 'pool');
            const stale = slots.filter((s) => s.where === 'stale');
            // One ThreadLocal per slot, made here so that its creation and set sites are in this file.
            const locals = pooled.map(() => new ThreadLocal<unknown>());
            await pool.submit(() => {
              pooled.forEach((slot, i) => locals[i]!.set(valueOf(slot, ['left-behind', 'set-at-shutdown'])));
            });
            const refs = await parked.run(() =>
              stale.map((slot) => {
                const local = new ThreadLocal<unknown>();
                local.set(valueOf(slot, ['stale-entry']));
                return new WeakRef(local);
              }),
            );
            expect(await collectUntil(() => refs.every((ref) => ref.deref() === undefined))).toBe(true);
            const beforeShutdown = detector.report(false);
            await pool.shutdown();
            const report = detector.report(false);

            expect(probe.where).toEqual([]);
            expect(sumCounts(beforeShutdown, 'left-behind')).toBe(pooled.length);
            expect(report.stats.leftBehind).toBe(pooled.length);
            expect(sumCounts(report, 'set-at-shutdown')).toBe(pooled.length);
            expect(sumCounts(report, 'stale-entry')).toBe(stale.length);
            for (const finding of report.findings) checkSize(finding);

            for (const slot of slots.filter((s) => !s.hostile)) {
              const type = ORDINARY[slot.name]![0];
              const kinds: FindingKind[] = slot.where === 'pool' ? ['left-behind', 'set-at-shutdown'] : ['stale-entry'];
              for (const kind of kinds) {
                const found = report.findings.filter((f) => f.kind === kind && f.valueType === type);
                expect(found.length, `${kind} ${type}`).toBeGreaterThan(0);
                if (level === 'simple') continue;
                for (const finding of found) {
                  expect(finding.threadLocalSite).toContain('adversarial.test.ts');
                  expect(finding.setSite).toContain('adversarial.test.ts');
                }
              }
            }
            // Unsizeable values are reported with their size unknown; a group with any sizeable
            // value may show that one's size (findings merge by ThreadLocal site and value type).
            for (const [key, { sized, unsized }] of groups) {
              const found = report.findings.filter((f) => `${f.kind} ${f.valueType}` === key);
              expect(found.length, key).toBeGreaterThan(0);
              if (sized === 0) for (const f of found) expect(f.retainedBytes, key).toBeNull();
              if (unsized === 0) for (const f of found) expect(typeof f.retainedBytes, key).toBe('number');
            }
          } finally {
            await parked.end();
            detector.uninstall();
          }
        },
      ),
      { seed: 20261129, numRuns: 24, endOnFailure: true },
    );
    expect(probe.calls).toBe(0);
  });
});
