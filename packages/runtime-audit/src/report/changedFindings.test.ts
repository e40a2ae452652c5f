import { describe, expect, it } from 'vitest';
import type { Finding } from './AuditReport.js';
import { changedFindings, type FindingChange } from './changedFindings.js';

const finding = (id: string, count: number, sites: Partial<Finding> = {}): Finding =>
  ({ id, count, kind: 'left-behind', message: 'm', thread: 't', threads: ['t'], valueType: 'Object', threadLocalId: 1, firstSeen: '', lastSeen: '', ...sites }) as Finding;

/** `id`, or `id+from` for a change that grew from `from`. */
const summary = (changes: FindingChange[]): string[] =>
  changes.map((c) => (c.grownFrom === undefined ? c.finding.id : `${c.finding.id}+${c.grownFrom}`));

describe('changedFindings', () => {
  it('passes new findings in full, once each', () => {
    const filter = changedFindings();
    expect(summary(filter([finding('a', 1), finding('b', 2)]))).toEqual(['a', 'b']);
    expect(filter([finding('a', 1), finding('b', 2)])).toEqual([]);
  });

  it('passes a finding whose count grew as growth from the count passed last, in report order', () => {
    const filter = changedFindings();
    filter([finding('a', 1), finding('b', 2)]);
    expect(summary(filter([finding('a', 3), finding('b', 2), finding('c', 1)]))).toEqual(['a+1', 'c']);
    expect(summary(filter([finding('a', 7), finding('b', 5)]))).toEqual(['a+3', 'b+2']);
  });

  it('passes a finding that gained a site in full again, even with the same count', () => {
    const filter = changedFindings();
    filter([finding('a', 1, { threadLocalSite: 'src/tx.ts:3:1' })]);
    const withSetSite = finding('a', 2, { threadLocalSite: 'src/tx.ts:3:1', setSite: 'src/jobs.ts:9:5' });
    expect(filter([withSetSite])).toEqual([{ finding: withSetSite }]);
    expect(summary(filter([{ ...withSetSite, count: 3 }]))).toEqual(['a+2']);
  });

  it('does not pass a stale-entry finding whose count fell and came back', () => {
    const filter = changedFindings();
    filter([finding('s', 3)]);
    expect(filter([finding('s', 2)])).toEqual([]);
    expect(filter([finding('s', 3)])).toEqual([]);
    expect(summary(filter([finding('s', 4)]))).toEqual(['s+3']);
  });
});
