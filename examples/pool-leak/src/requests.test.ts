import { describe, expect, it } from 'vitest';
import { handleLeaky } from './leaky/handleLeaky.js';
import { handleFixed, serve } from './requests.js';

const users = ['alice', 'bob', 'carol', 'dave'];

describe('the pool-leak example', () => {
  it('leaks each request user into the next request on the same thread', async () => {
    const served = await serve(users, 2, handleLeaky);
    expect(served.map((s) => s.inherited)).toEqual([undefined, undefined, 'alice', 'bob']);
    expect(served.map((s) => s.thread)).toEqual(['http-thread-1', 'http-thread-2', 'http-thread-1', 'http-thread-2']);
  });

  it('leaks nothing with runWith', async () => {
    const served = await serve(users, 2, handleFixed);
    expect(served.map((s) => s.inherited)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
