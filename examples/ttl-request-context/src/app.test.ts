import { ThreadPool } from '@tlkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { heldByPool, serve } from './app.js';

const requests = [
  { id: 'r-1', tenant: 'acme' },
  { id: 'r-2', tenant: 'globex' },
  { id: 'r-3', tenant: 'initech' },
  { id: 'r-4', tenant: 'umbrella' },
];

let pool: ThreadPool | undefined;
afterEach(async () => {
  await pool?.shutdown();
});

describe('the ttl-request-context example', () => {
  it('InheritableThreadLocal shows pooled work the context of whoever created the pool thread', async () => {
    pool = new ThreadPool({ size: 2, name: 'invoices' });
    const seen = await serve(requests, pool);
    expect(seen.map((s) => s.thread)).toEqual(['invoices-thread-1', 'invoices-thread-2', 'invoices-thread-1', 'invoices-thread-2']);
    expect(seen.map((s) => s.inherited.requestId)).toEqual(['r-1', 'r-2', 'r-1', 'r-2']);
    expect(seen.map((s) => s.inherited.tenant)).toEqual(['acme', 'globex', 'acme', 'globex']);
  });

  it('TransmittableThreadLocal gives pooled work (and wrapped timers) its own request’s context', async () => {
    pool = new ThreadPool({ size: 2, name: 'invoices' });
    const seen = await serve(requests, pool);
    for (const s of seen) {
      expect(s.transmitted).toEqual({ requestId: s.request.id, tenant: s.request.tenant });
      expect(s.timer).toEqual({ requestId: s.request.id, tenant: s.request.tenant });
    }
  });

  it('leaves no request’s values on the pool threads', async () => {
    pool = new ThreadPool({ size: 2, name: 'invoices' });
    await serve(requests, pool);
    expect(heldByPool(pool)).toEqual({ 'invoices-thread-1': 'r-1/acme', 'invoices-thread-2': 'r-2/globex' });
  });
});
