// The ESLint configs a user copies from the plugin's README, extracted from the README itself so
// that the consumer test runs exactly what the README says and cannot drift from it.
import { readFileSync } from 'node:fs';

/** The first line that marks a fenced block as a whole `eslint.config.js` (not a fragment). */
const CONFIG_FILE_MARKER = '// eslint.config.js';

/**
 * Extracts every fenced `js` block of a Markdown file that is a complete `eslint.config.js`, i.e.
 * whose first line is `// eslint.config.js`. Fragments (a rules object to merge) are skipped.
 *
 * @param {string} file - the Markdown file
 * @returns {{ line: number, code: string }[]} each block's first line number (1-based) and its code, verbatim
 * @throws when the file has no such block (a renamed marker would otherwise silently test nothing)
 */
export function readmeConfigs(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  /** @type {{ line: number, code: string }[]} */
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*(\w*)/.exec(lines[i] ?? '');
    if (fence === null) continue;
    const [, indent, marker, lang] = fence;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !(lines[j] ?? '').trimStart().startsWith(/** @type {string} */ (marker)); j++) {
      body.push((lines[j] ?? '').slice(/** @type {string} */ (indent).length));
    }
    if (['js', 'javascript', 'mjs'].includes(/** @type {string} */ (lang)) && body[0]?.trim() === CONFIG_FILE_MARKER) {
      blocks.push({ line: i + 2, code: `${body.join('\n')}\n` });
    }
    i = j;
  }
  if (blocks.length === 0) throw new Error(`${file}: no \`\`\`js block starting with "${CONFIG_FILE_MARKER}"`);
  return blocks;
}
