import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './formatBytes.js';

describe('formatBytes', () => {
  it('shows whole bytes under 1 KiB, then one decimal in the largest unit that keeps the figure ≥ 1', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(14_336)).toBe('14.0 KiB');
    expect(formatBytes(1024 ** 2 - 1)).toBe('1024.0 KiB');
    expect(formatBytes(3.1 * 1024 ** 2)).toBe('3.1 MiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.0 GiB');
    expect(formatBytes(5 * 1024 ** 5)).toBe('5120.0 TiB');
  });
});

describe('formatDuration', () => {
  it('picks ms, s, min or h', () => {
    expect([850, 12_000, 300_000, 3.2 * 3_600_000].map(formatDuration)).toEqual(['850 ms', '12 s', '5 min', '3.2 h']);
  });
});
