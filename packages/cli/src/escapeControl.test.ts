import { describe, expect, it } from 'vitest';
import { escapeControl } from './escapeControl.js';

describe('escapeControl', () => {
  it('turns C0, DEL, C1, line separators and bidi overrides into visible escapes', () => {
    expect(escapeControl('a\x1b[31mred\x1b]0;title\x07\rb')).toBe('a\\x1B[31mred\\x1B]0;title\\x07\\rb');
    expect(escapeControl('x\ny\tz\x00\x7f')).toBe('x\\ny\\tz\\x00\\x7F');
    expect(escapeControl('\u009b2J\u009d8;;http://x\u009c')).toBe('\\x9B2J\\x9D8;;http://x\\x9C');
    expect(escapeControl('ok\u2028\u202Egnp.exe')).toBe('ok\\u2028\\u202Egnp.exe');
  });

  it('keeps printable text, including non-ASCII and backslashes, as it is', () => {
    const text = 'C:\\app\\src\\tx.ts:8:34 — Überweisung 转账 🚀';
    expect(escapeControl(text)).toBe(text);
  });
});
