import { describe, expect, it } from 'vitest';
import { readMarkedBlocks, writeMarkedBlocks } from './markedBlocks.js';

const page = [
  '# Page',
  '',
  '<!-- out:one:start -->',
  '```text',
  'old one',
  '```',
  '<!-- out:one:end -->',
  '',
  'Prose about it.',
  '',
  '<!-- out:two:start -->',
  '```text',
  '```',
  '<!-- out:two:end -->',
  '',
  '<!-- other:one:start -->',
  '```text',
  'not ours',
  '```',
  '<!-- other:one:end -->',
  '',
].join('\n');

describe('readMarkedBlocks', () => {
  it('reads each block of the prefix by name, empty ones included', () => {
    expect(readMarkedBlocks(page, 'out')).toEqual(
      new Map([
        ['one', 'old one'],
        ['two', ''],
      ]),
    );
  });

  it('throws when the markers hold anything but one text fence, or a name is marked twice', () => {
    expect(() => readMarkedBlocks('<!-- out:a:start -->\nprose\n<!-- out:a:end -->\n', 'out')).toThrow(/expected one/);
    const twice = '<!-- out:a:start -->\n```text\nx\n```\n<!-- out:a:end -->\n';
    expect(() => readMarkedBlocks(twice + twice, 'out')).toThrow(/marked twice/);
  });
});

describe('writeMarkedBlocks', () => {
  it('rewrites the named blocks only, and what it writes reads back', () => {
    const written = writeMarkedBlocks(page, 'out', new Map([['two', 'line 1\n\nline 3']]));
    expect(readMarkedBlocks(written, 'out')).toEqual(
      new Map([
        ['one', 'old one'],
        ['two', 'line 1\n\nline 3'],
      ]),
    );
    expect(written.replace('line 1\n\nline 3\n', '')).toBe(page);
    expect(readMarkedBlocks(written, 'other').get('one')).toBe('not ours');
  });

  it('throws when a block to write has no markers', () => {
    expect(() => writeMarkedBlocks(page, 'out', new Map([['three', 'x']]))).toThrow(/no out:three markers/);
  });
});
