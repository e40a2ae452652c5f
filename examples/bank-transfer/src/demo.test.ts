import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `npm run demo` is the repository's first command: run the built demo as a user does, on PGlite.
const root = fileURLToPath(new URL('..', import.meta.url));

describe('npm run demo', () => {
  it('runs the four steps and exits 0: the leaky variant flagged by every tool, the fixed one clean', () => {
    const env = { ...process.env };
    delete env['DATABASE_URL'];
    const run = spawnSync(process.execPath, ['--enable-source-maps', 'dist/demo.js'], { cwd: root, env, encoding: 'utf8' });
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
});
