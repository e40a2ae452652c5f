import { join } from 'node:path';
import { EXAMPLE_ROOT } from './output.js';

// The getting-started page shows the demo's output. Those blocks are cut from a real run
// (`writeDemoDocs.ts`) and checked against the run of `demo.test.ts`, so that the page cannot drift
// from what `npm run demo` prints. This module holds the one definition of "the blocks of a run"
// that both use: how the output splits, how long lines wrap, and what may differ between runs.

/** The page that shows the demo's output, between `<!-- demo-output:<name>:start/end -->` markers. */
export const GETTING_STARTED = join(EXAMPLE_ROOT, '..', '..', 'docs', 'guide', 'getting-started.md');

/** The marker prefix of the demo's blocks in {@link GETTING_STARTED}. */
export const DEMO_MARKER = 'demo-output';

/** The command that regenerates the blocks of {@link GETTING_STARTED} from a real run. */
export const UPDATE_COMMAND = 'npx turbo run docs:demo --filter=@tlkit/example-bank-transfer';

/**
 * The blocks the page shows, in output order: one per step (`[n/4] …` and what follows it) and the
 * closing verdict. The opening paragraph is not among them: the page says it in its own words.
 */
export const DEMO_BLOCKS = ['step1', 'step2', 'step3', 'step4', 'summary'] as const;

/** The name of one of {@link DEMO_BLOCKS}. */
export type DemoBlockName = (typeof DEMO_BLOCKS)[number];

/**
 * Lines longer than this are wrapped on the page, about what a GitHub code block shows without
 * scrolling. A terminal wraps them too; a deterministic wrap keeps the check exact.
 */
export const WRAP_WIDTH = 110;

/**
 * What legitimately differs from one run to the next. Measured over repeated runs on a loaded
 * machine: only wall-clock values change. Everything else (counts such as "29 of 40", which
 * request ran on whose connection, line:col sites, value sizes) is deterministic, because the
 * failing requests are chosen by id and PGlite serves the pool's threads in a fixed order, so it
 * stays literal and a regression in it shows. No pattern matches whitespace: wrapping relies on a
 * line having the same words whatever these values are (see {@link wrapLine}).
 */
const VARYING: readonly { readonly pattern: RegExp; readonly placeholder: string; readonly width: number }[] = [
  // The audit's first seen / last seen / scanned at: always 24 characters.
  { pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, placeholder: '<timestamp>', width: 24 },
  // The demo's elapsed time on its last line, `(12.3 s)`: wrapped as if it took up to 9999.9 s.
  { pattern: /(?<=\()\d+(?:\.\d+)?(?= s\))/g, placeholder: '<seconds>', width: 6 },
];

/**
 * @param text - demo output, or a block of the page
 * @returns the text with every value that varies between runs replaced by a placeholder
 */
export function normaliseDemoOutput(text: string): string {
  return VARYING.reduce((out, { pattern, placeholder }) => out.replace(pattern, placeholder), text);
}

/** @returns the text with every value that varies between runs replaced by its widest form */
function widest(text: string): string {
  return VARYING.reduce((out, { pattern, width }) => out.replace(pattern, '#'.repeat(width)), text);
}

/** A word and the whitespace after it: wrapping breaks only in that whitespace. */
const WORD = /(\S+)(\s*)/g;

/**
 * Wraps one line at spaces. A continuation is indented six spaces more than its line: the output
 * nests its own lines two or four spaces deeper, so six tells a continuation from a nested line.
 * A word longer than the width stays whole. Varying values ({@link normaliseDemoOutput}) count at
 * their widest, so two runs that differ only in them break at the same words.
 *
 * @param line - one line of output
 * @param width - the longest line wanted
 * @returns the line's pieces, at least one
 */
export function wrapLine(line: string, width = WRAP_WIDTH): string[] {
  const measure = widest(line);
  if (measure.length <= width) return [line];
  const indent = /^ */.exec(line)?.[0] ?? '';
  const words = [...line.slice(indent.length).matchAll(WORD)];
  const measured = [...measure.slice(indent.length).matchAll(WORD)];
  // No varying pattern matches whitespace, so both have the same words; if one ever did, measuring
  // the original keeps the wrap valid (only less stable across runs).
  const lengths = (measured.length === words.length ? measured : words).map((m) => m[1]?.length ?? 0);
  const continuation = `${indent}      `;

  const pieces: string[] = [];
  let text = indent;
  let length = indent.length;
  let gap = '';
  let first = true;
  words.forEach((match, i) => {
    const word = match[1] ?? '';
    const wordLength = lengths[i] ?? word.length;
    if (!first && length + gap.length + wordLength > width) {
      pieces.push(text);
      text = continuation + word;
      length = continuation.length + wordLength;
    } else {
      text += gap + word;
      length += gap.length + wordLength;
    }
    first = false;
    gap = match[2] ?? '';
  });
  pieces.push(text);
  return pieces;
}

/** @returns the lines without blank lines at either end */
function trimBlankLines(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]?.trim() === '') start++;
  while (end > start && lines[end - 1]?.trim() === '') end--;
  return lines.slice(start, end);
}

/**
 * Cuts the demo's output into the blocks the page shows. A step starts at its `[n/4] ` heading; every
 * line of a step is indented, so the first unindented line after a step starts the summary.
 *
 * @param stdout - everything `node dist/demo.js` printed
 * @returns each block's text, long lines wrapped ({@link wrapLine}), blank lines at its ends removed
 * @throws Error when the output lacks a block or repeats one (not the output of a complete run)
 */
export function demoBlocks(stdout: string): Record<DemoBlockName, string> {
  const lines = new Map<DemoBlockName, string[]>();
  let current: DemoBlockName | undefined;
  for (const line of stdout.replace(/\r\n/g, '\n').split('\n')) {
    const heading = /^\[(\d+)\/4\] /.exec(line);
    let next = current;
    if (heading !== null) next = `step${heading[1] ?? ''}` as DemoBlockName;
    else if (current !== undefined && current !== 'summary' && /^\S/.test(line)) next = 'summary';
    if (next !== current) {
      if (next === undefined || !DEMO_BLOCKS.includes(next) || lines.has(next)) {
        throw new Error(`demo output: unexpected or repeated block at line ${JSON.stringify(line)}`);
      }
      lines.set(next, []);
      current = next;
    }
    // Before the first heading: the opening paragraph, which no block shows.
    if (current !== undefined) lines.get(current)?.push(...wrapLine(line));
  }
  const blocks = {} as Record<DemoBlockName, string>;
  for (const name of DEMO_BLOCKS) {
    const block = lines.get(name);
    if (block === undefined) throw new Error(`demo output: no ${name} block (did the demo run to the end?)`);
    blocks[name] = trimBlankLines(block).join('\n');
  }
  return blocks;
}
