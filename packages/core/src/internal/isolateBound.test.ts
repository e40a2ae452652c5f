import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { InheritableThreadLocal } from '../InheritableThreadLocal.js';
import { Thread } from '../Thread.js';
import { ThreadLocal } from '../ThreadLocal.js';
import { ThreadPool } from '../ThreadPool.js';
import { TransmittableThreadLocal } from '../TransmittableThreadLocal.js';
import { Transmitter } from '../Transmitter.js';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const { port1, port2 } of channels.splice(0)) {
    port1.close();
    port2.close();
  }
});

/** What `worker.postMessage(value)` does: the same serializer, on a port of our own. */
function post(value: unknown): void {
  const channel = new MessageChannel();
  channels.push(channel);
  channel.port1.postMessage(value);
}

class CustomThreadLocal extends ThreadLocal<number> {
  protected override initialValue(): number {
    return 7;
  }
}
class CustomThread extends Thread {
  protected override run(): unknown {
    return 'custom';
  }
}

// Without a guard each of these is copied from its own enumerable properties alone: a ThreadLocal
// (all-private state) arrives as `{}`, a pool as `{ name, size }`, silently detached.
const cases: [string, () => object, string][] = [
  ['ThreadLocal', () => new ThreadLocal(), 'a ThreadLocal belongs to the isolate'],
  ['ThreadLocal.withInitial', () => ThreadLocal.withInitial(() => 1), 'a ThreadLocal belongs to the isolate'],
  ['InheritableThreadLocal', () => new InheritableThreadLocal(), 'a ThreadLocal belongs to the isolate'],
  ['TransmittableThreadLocal', () => new TransmittableThreadLocal(), 'a ThreadLocal belongs to the isolate'],
  ['a ThreadLocal subclass', () => new CustomThreadLocal(), 'a ThreadLocal belongs to the isolate'],
  ['a new Thread', () => new Thread(), 'a Thread belongs to the isolate'],
  ['the main thread', () => Thread.currentThread(), 'a Thread belongs to the isolate'],
  ['a Thread subclass', () => new CustomThread(), 'a Thread belongs to the isolate'],
  ['ThreadPool', () => new ThreadPool({ size: 1 }), 'a ThreadPool belongs to the isolate'],
  ['an empty Transmitter capture', () => Transmitter.capture(), 'a Transmitter capture belongs to the isolate'],
  ['a Transmitter backup', () => {
      const backup = Transmitter.clear();
      Transmitter.restore(backup);
      return backup;
    }, 'a Transmitter backup belongs to the isolate'],
];

describe('cloning an isolate-bound object', () => {
  it.each(cases)('%s: structuredClone throws a DataCloneError that says why', (_name, create, reason) => {
    const error = captured(() => structuredClone(create()));
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'DataCloneError', message: expect.stringContaining(reason) as unknown });
  });

  it.each(cases)('%s: postMessage throws the same error, also when nested', (_name, create, reason) => {
    const error = captured(() => {
      post({ payload: [create()] });
    });
    expect(error).toMatchObject({ name: 'DataCloneError', message: expect.stringContaining(reason) as unknown });
  });

  it('leaves the instances usable and JSON output unchanged', async () => {
    const tl = new ThreadLocal<number>();
    tl.set(1);
    expect(tl.get()).toBe(1);
    tl.remove();
    expect(JSON.stringify(tl)).toBe('{}');
    const pool = new ThreadPool({ size: 1, name: 'json' });
    expect(JSON.parse(JSON.stringify(pool))).toEqual({ name: 'json', size: 1 });
    expect(await pool.submit(() => 'ran')).toBe('ran');
    await pool.shutdown();
  });
});

function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
