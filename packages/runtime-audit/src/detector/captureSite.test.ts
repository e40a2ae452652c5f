import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureSite, firstUserFrame } from './captureSite.js';

const coreFile = createRequire(import.meta.url).resolve('@tlkit/core');
const ownFile = join(dirname(new URL(import.meta.url).pathname), 'Detector.ts');

describe('firstUserFrame', () => {
  it('skips core, this package and Node internals, and turns file URLs into paths', () => {
    const stack = [
      'Error',
      `    at ThreadLocal.set (${pathToFileURL(coreFile).href}:10:5)`,
      `    at Detector.entrySet (${ownFile}:20:7)`,
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      `    at async handler (${pathToFileURL('/srv/app/src/handler.js').href}:42:13)`,
      '    at /srv/app/src/other.js:1:1',
    ].join('\n');
    expect(firstUserFrame(stack)).toBe('/srv/app/src/handler.js:42:13');
  });

  it('accepts frames without a function name', () => {
    expect(firstUserFrame('Error\n    at /srv/app/main.js:3:9')).toBe('/srv/app/main.js:3:9');
  });

  it('returns undefined when no user frame is on the stack', () => {
    expect(firstUserFrame(`Error\n    at x (${coreFile}:1:1)\n    at node:internal/main:1:1`)).toBeUndefined();
  });
});

describe('captureSite', () => {
  it('points at the calling line of user code and restores Error.stackTraceLimit', () => {
    const limit = Error.stackTraceLimit;
    const site = captureSite(); const line = new Error().stack?.split('\n')[1] ?? '';
    expect(Error.stackTraceLimit).toBe(limit);
    const expected = /\((.*)\)$/.exec(line)?.[1] ?? line.replace(/^\s*at /, '');
    expect(site?.replace(/:\d+$/, '')).toBe(expected.replace(/:\d+$/, ''));
  });

  it('keeps only the frame below an anchor: the line that called the anchored function', () => {
    const api = (): string | undefined => captureSite(api);
    const site = api(); const line = new Error().stack?.split('\n')[1] ?? '';
    const expected = /\((.*)\)$/.exec(line)?.[1] ?? line.replace(/^\s*at /, '');
    expect(site?.replace(/:\d+$/, '')).toBe(expected.replace(/:\d+$/, ''));
  });

  it('falls back to walking the stack when the anchor is not on it', () => {
    const elsewhere = (): void => undefined;
    const site = captureSite(elsewhere); const line = new Error().stack?.split('\n')[1] ?? '';
    const expected = /\((.*)\)$/.exec(line)?.[1] ?? line.replace(/^\s*at /, '');
    expect(site?.replace(/:\d+$/, '')).toBe(expected.replace(/:\d+$/, ''));
  });
});
