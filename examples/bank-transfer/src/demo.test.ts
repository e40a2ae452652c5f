import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BLOCKS, DEMO_MARKER, demoBlocks, GETTING_STARTED, normaliseDemoOutput, UPDATE_COMMAND } from './demo/demoBlocks.js';
import { readMarkedBlocks } from './demo/markedBlocks.js';

// `npm run demo` is the repository's first command: run the built demo as a user does, on PGlite.
// It runs once (tens of seconds on a loaded machine); every test below reads that run.
const root = fileURLToPath(new URL('..', import.meta.url));

describe('npm run demo', () => {
  let run: SpawnSyncReturns<string>;
  beforeAll(() => {
    const env = { ...process.env };
    delete env['DATABASE_URL'];
    run = spawnSync(process.execPath, ['--enable-source-maps', 'dist/demo.js'], { cwd: root, env, encoding: 'utf8' });
  });

  it('runs the four steps and exits 0: the leaky variant flagged by every tool, the fixed one clean', () => {
    expect(run.stderr).toBe('');
    expect(run.status, run.stdout).toBe(0); // on failure, the demo's stdout lists the surprises
    const out = run.stdout;
    for (const step of [1, 2, 3, 4]) expect(out).toContain(`\n[${step}/4] `);
    expect(out).toMatch(/leaky: 1 problem in 2 files\n {4}src\/leaky\/JdbcUtils\.ts:\d+:\d+ .* @tlkit\/remove-in-finally\n {2}fixed: clean \(2 files\)/);
    expect(out).toMatch(/tsconfig\.scan-leaky\.json +→ exit 1 \(findings\)\n {4}src\/leaky\/JdbcUtils\.ts:\d+:\d+ .*remove-not-in-finally/);
    expect(out).toMatch(/tsconfig\.scan-fixed\.json +→ exit 0 \(clean\)\n {4}0 findings/);
    expect(out).toMatch(/LEAK: left-behind \(×32\): .*Connection value.*\n {8}ThreadLocal created at src\/leaky\/JdbcUtils\.ts:\d+:\d+/);
    expect(out).toMatch(/LEAK: set-at-shutdown/);
    expect(out).toMatch(/connections still checked out after the pool shut down: [1-4] \(leaked/);
    expect(out).toContain('every request ran on a connection it opened itself\n  connections still checked out after the pool shut down: 0\n');
    expect(out).toMatch(/tlkit audit \(advanced\): no leaks found/);
    expect(out).toContain('As expected:');
  });

  it('prints what docs/guide/getting-started.md shows, but for timestamps and elapsed seconds', () => {
    const shown = readMarkedBlocks(readFileSync(GETTING_STARTED, 'utf8'), DEMO_MARKER);
    const printed = demoBlocks(run.stdout);
    const normalised = (blocks: Iterable<readonly [string, string]>) =>
      Object.fromEntries([...blocks].map(([name, text]) => [name, normaliseDemoOutput(text)]));
    expect(
      normalised(shown),
      `docs/guide/getting-started.md no longer shows what the demo prints: run \`${UPDATE_COMMAND}\` and check the prose around the blocks it rewrites`,
    ).toEqual(normalised(DEMO_BLOCKS.map((name) => [name, printed[name]] as const)));
  });
});
