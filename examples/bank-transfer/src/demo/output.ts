import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The example's root directory (`dist/demo/output.js` → `examples/bank-transfer/`). */
export const EXAMPLE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * @param text - lines
 * @param prefix - what goes before each line
 * @returns the text with every non-empty line indented
 */
export function indent(text: string, prefix = '    '): string {
  return text
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}

/**
 * @param file - an absolute path
 * @returns the path relative to the example's root
 */
export function fromRoot(file: string): string {
  return relative(EXAMPLE_ROOT, file).split(sep).join('/');
}

/**
 * Prints a step's title: one line saying what the step shows.
 *
 * @param step - 1-based
 * @param title - what it shows
 */
export function heading(step: number, title: string): void {
  console.log(`\n[${step}/4] ${title}`);
}
