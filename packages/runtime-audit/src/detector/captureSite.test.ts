import { describe, expect, it } from 'vitest';
import { captureSite } from './captureSite.js';

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
