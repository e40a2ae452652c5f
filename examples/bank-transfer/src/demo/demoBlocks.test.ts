import { describe, expect, it } from 'vitest';
import { DEMO_BLOCKS, demoBlocks, normaliseDemoOutput, wrapLine } from './demoBlocks.js';

/** A demo run's shape: an opening paragraph, four steps, a verdict; `seconds` and `at` vary per run. */
function output(seconds: string, at: string): string {
  return [
    'tlkit demo: the opening paragraph,',
    'which no block shows.',
    '',
    '[1/4] ESLint:',
    '  leaky: 1 problem in 2 files',
    '',
    '[2/4] tlkit scan:',
    '    2 findings',
    '',
    '    0 findings',
    '',
    '[3/4] The leaky service:',
    `    LEAK: left-behind (×32): first seen ${at}`,
    '',
    '[4/4] The fixed service:',
    '  every request ran on a connection it opened itself',
    '',
    `As expected: the leaky variant is caught and the fixed one is clean (${seconds} s).`,
    'Read on: docs/guide/getting-started.md',
    '',
  ].join('\n');
}

describe('demoBlocks', () => {
  it('cuts the output at each step heading and at the first unindented line after the steps', () => {
    const blocks = demoBlocks(output('9.8', '2026-11-29T11:49:47.094Z'));
    expect(Object.keys(blocks)).toEqual([...DEMO_BLOCKS]);
    expect(blocks.step1).toBe('[1/4] ESLint:\n  leaky: 1 problem in 2 files');
    // Blank lines inside a step stay; those at its ends go.
    expect(blocks.step2).toBe('[2/4] tlkit scan:\n    2 findings\n\n    0 findings');
    expect(blocks.summary).toBe(
      'As expected: the leaky variant is caught and the fixed one is clean (9.8 s).\nRead on: docs/guide/getting-started.md',
    );
  });

  it('gives runs that differ only in timestamps and elapsed seconds the same normalised blocks', () => {
    const a = demoBlocks(output('9.8', '2026-11-29T11:49:47.094Z'));
    const b = demoBlocks(output('123.4', '2027-01-02T03:04:05.600Z'));
    for (const name of DEMO_BLOCKS) expect(normaliseDemoOutput(a[name])).toBe(normaliseDemoOutput(b[name]));
    expect(normaliseDemoOutput(a.summary)).toContain('clean (<seconds> s).');
    expect(normaliseDemoOutput(a.step3)).toContain('first seen <timestamp>');
  });

  it('keeps counts literal, so that a change in them shows', () => {
    const a = demoBlocks(output('9.8', '2026-11-29T11:49:47.094Z'));
    const b = demoBlocks(output('9.8', '2026-11-29T11:49:47.094Z').replace('×32', '×31'));
    expect(normaliseDemoOutput(a.step3)).not.toBe(normaliseDemoOutput(b.step3));
  });

  it('throws on the output of a run that stopped early or repeated a step', () => {
    expect(() => demoBlocks(output('1.0', '2026-11-29T11:49:47.094Z').split('[4/4]')[0] ?? '')).toThrow(/no step4 block/);
    expect(() => demoBlocks(`${output('1.0', '2026-11-29T11:49:47.094Z')}\n[2/4] again\n`)).toThrow(/repeated block/);
  });
});

describe('wrapLine', () => {
  it('breaks at spaces, continuing six spaces deeper than the line', () => {
    expect(wrapLine('  aaaa bbbb cccc dddd', 12)).toEqual(['  aaaa bbbb', '        cccc', '        dddd']);
  });

  it('keeps runs of spaces inside a piece and a word longer than the width whole', () => {
    expect(wrapLine('a:1:2  message  rule', 14)).toEqual(['a:1:2  message', '      rule']);
    expect(wrapLine('x https://example.com/a/very/long/path y', 10)).toEqual(['x', '      https://example.com/a/very/long/path', '      y']);
  });

  it('leaves a line within the width as it is', () => {
    expect(wrapLine('    short line  ', 20)).toEqual(['    short line  ']);
  });

  it('breaks at the same words whatever the varying values are, counting them at their widest', () => {
    const breaks = (line: string) => wrapLine(line, 30).map((piece) => piece.trim().split(' ').length);
    expect(breaks('the fixed one is clean (9.8 s) and done')).toEqual(breaks('the fixed one is clean (1234.5 s) and done'));
    expect(breaks('the fixed one is clean (9.8 s) and done')).toEqual([6, 3]); // at its own width, `(9.8 s)` would fit on the first line
    // A timestamp is 24 characters: a line that holds one stays within the width.
    for (const piece of wrapLine('    threads a, b (pool p); first seen 2026-11-29T11:55:50.634Z, last seen 2026-11-29T11:55:50.634Z', 60)) {
      expect(piece.length).toBeLessThanOrEqual(60);
    }
  });
});
