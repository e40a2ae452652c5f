import { describe, expect, it } from 'vitest';
import { fixtureProject, sites } from '../test-utils/fixtures.js';
import { inheritableInPool } from './inheritable-in-pool.js';

describe('inheritable-in-pool', () => {
  it('reports reads of an InheritableThreadLocal (or a subclass) in functions a pool task reaches, across files', () => {
    const findings = inheritableInPool(fixtureProject('inheritable-in-pool'));
    expect(sites(findings, 'inheritable-in-pool')).toEqual([
      'jobs.ts:4:18 inheritable-in-pool', // requestId.get() in logJob, called by an inline task in worker.ts
      'jobs.ts:8:16 inheritable-in-pool', // traceId (a subclass of InheritableThreadLocal) in traceJob
    ]);
    const logJob = findings.find((f) => f.message.includes('`logJob`'));
    expect(logJob?.message).toContain('passed to `pool.execute()`');
    expect(logJob?.message).toContain('TransmittableThreadLocal');
    expect(logJob?.related[0]?.file).toMatch(/worker\.ts$/);
  });

  it('accepts transmittable ones and their subclasses, plain ThreadLocals, a task’s own value and unpooled reads', () => {
    const messages = inheritableInPool(fixtureProject('inheritable-in-pool')).map((f) => f.message);
    expect(messages.some((m) => ['safeJob', 'ownValueJob', 'notPooled'].some((name) => m.includes(name)))).toBe(false);
    expect(inheritableInPool(fixtureProject('clean'))).toEqual([]);
  });
});
