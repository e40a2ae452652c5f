import { describe, expect, it } from 'vitest';
import { plain, styleFor } from './style.js';

describe('styleFor', () => {
  it('colours a test double only when it says it has colours', () => {
    expect(styleFor({ write: () => true })('red', 'LEAK:')).toBe('LEAK:');
    expect(styleFor({ write: () => true, hasColors: () => true })('red', 'LEAK:')).toBe('\x1b[31mLEAK:\x1b[39m');
  });

  it('plain returns the text', () => {
    expect(plain(['bold', 'red'], 'x')).toBe('x');
  });
});
