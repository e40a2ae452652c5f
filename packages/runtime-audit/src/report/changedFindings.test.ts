import { describe, expect, it } from 'vitest';
import type { Finding } from './AuditReport.js';
import { changedFindings } from './changedFindings.js';

const finding = (id: string, count: number): Finding =>
  ({ id, count, kind: 'left-behind', message: 'm', thread: 't', threads: ['t'], valueType: 'Object', threadLocalId: 1, firstSeen: '', lastSeen: '' }) as Finding;

describe('changedFindings', () => {
  it('passes new findings and findings whose count grew, once each', () => {
    const filter = changedFindings();
    expect(filter([finding('a', 1), finding('b', 2)]).map((f) => f.id)).toEqual(['a', 'b']);
    expect(filter([finding('a', 1), finding('b', 2)])).toEqual([]);
    expect(filter([finding('a', 3), finding('b', 2), finding('c', 1)]).map((f) => f.id)).toEqual(['a', 'c']);
  });
});
