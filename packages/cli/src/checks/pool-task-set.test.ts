import { describe, expect, it } from 'vitest';
import { fixtureProject, sites } from '../test-utils/fixtures.js';
import { poolTaskSet } from './pool-task-set.js';

describe('pool-task-set', () => {
  it('reports sets in functions that another file passes to a pool, directly or through calls', () => {
    const findings = poolTaskSet(fixtureProject('pool-task-set'));
    expect(sites(findings, 'pool-task-set')).toEqual([
      'audit.ts:4:3 pool-task-set', // recordAudit(), reached through nested() from an inline task
      'handlers.ts:5:3 pool-task-set', // handleRequest, passed to serve(), which calls its parameter in a task
      'jobs.ts:5:3 pool-task-set', // processJob, passed by name to pool.execute()
    ]);
    const processJob = findings.find((f) => f.message.includes('`processJob`'));
    expect(processJob?.message).toContain('passed to `pool.execute()`');
    expect(processJob?.related[0]?.file).toMatch(/worker\.ts$/);
    const handleRequest = findings.find((f) => f.message.includes('`handleRequest`'));
    expect(handleRequest?.message).toContain('passed to `http.submit()`');
    expect(handleRequest?.related[0]?.file).toMatch(/server\.ts$/);
  });

  it('accepts sets covered by a finally (inline or through a helper), runWith, unpooled code and inline tasks', () => {
    const findings = poolTaskSet(fixtureProject('pool-task-set'));
    const files = findings.map((f) => f.message);
    expect(files.some((m) => ['safeJob', 'safeViaHelper', 'notPooled', 'handleSafely'].some((name) => m.includes(name)))).toBe(false);
    expect(findings.some((f) => f.location.file.endsWith('worker.ts'))).toBe(false);
    expect(poolTaskSet(fixtureProject('clean'))).toEqual([]);
  });
});
