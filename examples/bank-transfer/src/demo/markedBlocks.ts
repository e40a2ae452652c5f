// Generated text blocks in a Markdown page, each a ```text fence between two HTML comments:
//
//   <!-- demo-output:step1:start -->
//   ```text
//   …
//   ```
//   <!-- demo-output:step1:end -->
//
// HTML comments do not render, so the page reads as if written by hand, and the markers say where a
// generator may write without touching the prose around them.

/** @returns the regular expression matching every marked block of `prefix` */
function markedBlock(prefix: string): RegExp {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<!-- ${escaped}:([\\w-]+):start -->\\n([\\s\\S]*?)<!-- ${escaped}:\\1:end -->`, 'g');
}

/** The fence inside a pair of markers. */
const FENCE = /^```text\n([\s\S]*?)\n?```\n$/;

/**
 * @param markdown - the page
 * @param prefix - the markers' prefix (`demo-output`)
 * @returns each marked block's text (inside its fence), by name
 * @throws Error when a name is marked twice, or what lies between two markers is not one ```text fence
 */
export function readMarkedBlocks(markdown: string, prefix: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const [, name = '', inner = ''] of markdown.replace(/\r\n/g, '\n').matchAll(markedBlock(prefix))) {
    const fence = FENCE.exec(inner);
    if (fence === null) throw new Error(`${prefix}:${name}: expected one \`\`\`text block between the markers`);
    if (blocks.has(name)) throw new Error(`${prefix}:${name}: marked twice`);
    blocks.set(name, fence[1] ?? '');
  }
  return blocks;
}

/**
 * @param markdown - the page
 * @param prefix - the markers' prefix (`demo-output`)
 * @param blocks - the new text of some marked blocks, by name; other blocks and the prose stay as they are
 * @returns the page with those blocks' fences rewritten
 * @throws Error when a block to write has no markers in the page
 */
export function writeMarkedBlocks(markdown: string, prefix: string, blocks: ReadonlyMap<string, string>): string {
  const written = new Set<string>();
  const out = markdown.replace(/\r\n/g, '\n').replace(markedBlock(prefix), (whole, name: string) => {
    const text = blocks.get(name);
    if (text === undefined) return whole;
    written.add(name);
    return `<!-- ${prefix}:${name}:start -->\n\`\`\`text\n${text}\n\`\`\`\n<!-- ${prefix}:${name}:end -->`;
  });
  const missing = [...blocks.keys()].filter((name) => !written.has(name));
  if (missing.length > 0) throw new Error(`no ${missing.map((name) => `${prefix}:${name}`).join(', ')} markers in the page`);
  return out;
}
