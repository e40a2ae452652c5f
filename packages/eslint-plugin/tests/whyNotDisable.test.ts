import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The guide's "why disable() is not an undo" demonstration is run exactly as printed, on the Node
// running the tests (CI runs the suite on every supported line), and its output checked: the rules
// refuse disable() as an undo because of what this block shows.
const guide = readFileSync(new URL('../../../docs/guide/async-local-storage.md', import.meta.url), 'utf8');
const block = /<!-- why-not-disable:start -->\n```js\n([\s\S]*?)```\n<!-- why-not-disable:end -->/u.exec(guide)?.[1];

describe('docs/guide/async-local-storage.md: why disable() is not an undo', () => {
  it('has the demonstration', () => {
    expect(block).toContain('als.disable()');
  });

  it('shows what the guide says on this Node line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tlkit-why-not-disable-')), 'why-not-disable.mjs');
    writeFileSync(file, block ?? '');
    const output = execFileSync(process.execPath, [file], { encoding: 'utf8' });
    const major = Number(process.versions.node.split('.')[0]);
    expect(output).toContain(`Node ${process.versions.node}`);
    expect(output).toMatch(/after disable\(\): +undefined/u);
    expect(output).toMatch(/after the restore: +outer/u);
    // Node 20 and 22 exit every context of the instance; AsyncContextFrame (24+) leaves other chains alone.
    expect(output).toMatch(major <= 22 ? /other request sees: +undefined/u : /other request sees: +B/u);
  });
});
