import { Writable } from 'node:stream';
import * as util from 'node:util';
import type { OutputStream } from './commands/Command.js';

/** A text format of `util.styleText`: a colour or modifier, or several. */
export type StyleFormat = Parameters<typeof util.styleText>[0];

/** Styles a piece of text for one output stream: adds colour, or returns the text as is. */
export type Style = (format: StyleFormat, text: string) => string;

/** The style of an output that shows no colour (files, pipes, `NO_COLOR`). */
export const plain: Style = (_format, text) => text;

/**
 * The style for what is written to `stream`. Node's `util.styleText` decides for a real stream
 * (a terminal with colours, unless `NO_COLOR` or `NODE_DISABLE_COLORS`; `FORCE_COLOR` wins), so the
 * CLI follows the same rules as Node's own output. Where `styleText` is missing, output is plain.
 *
 * @param stream - where the styled text goes
 * @returns a style that colours when the stream shows colour, else {@link plain}
 */
export function styleFor(stream: OutputStream): Style {
  // Reached through the namespace so that a Node without it loads this module (and prints plain).
  const styleText = (util as Partial<typeof util>).styleText;
  if (typeof styleText !== 'function') return plain;
  const colour =
    stream instanceof Writable
      ? // Node ≥ 20.18 and 22.8 check `stream` (isTTY, colour depth, NO_COLOR, FORCE_COLOR) and
        // return the text unstyled when it cannot show colour.
        styleText('red', 'x', { stream }) !== 'x'
      : stream.hasColors?.() === true;
  if (!colour) return plain;
  // The decision is made: do not let styleText re-check `process.stdout` for a stderr write.
  return (format, text) => styleText(format, text, { validateStream: false });
}
