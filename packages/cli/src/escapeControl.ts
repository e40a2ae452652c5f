/*
 * Characters that a terminal acts on instead of showing: C0 controls (ESC starts colour, cursor and
 * OSC sequences such as a hyperlink or a window title; CR rewrites the line), DEL, C1 controls (CSI
 * and OSC have one-byte forms in U+009B and U+009D), the line and paragraph separators, and the
 * bidirectional overrides that make text read in another order than it runs ("Trojan Source").
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Makes a string from an untrusted source (a report, a file name) safe to print: every control
 * character becomes a visible escape (`\x1B`, `\r`, `\u202E`), everything else is kept. A line
 * break is escaped too, so a value can never start a line of its own (a fake `LEAK:`); callers
 * escape each value and add their own line breaks.
 *
 * @param text - the untrusted text
 * @returns the text with control characters escaped
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => {
    const named = NAMED[char];
    if (named !== undefined) return named;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}
