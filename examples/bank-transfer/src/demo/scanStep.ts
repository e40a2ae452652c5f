import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { StepOutcome } from './lintStep.js';
import { EXAMPLE_ROOT, indent } from './output.js';

/** @returns the path of the `tlkit` executable of the installed `@tlkit/cli` */
function tlkitBin(): string {
  const manifestPath = createRequire(import.meta.url).resolve('@tlkit/cli/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
  const bin = manifest.bin['tlkit'];
  if (bin === undefined) throw new Error(`${manifestPath} declares no "tlkit" executable`);
  return join(dirname(manifestPath), bin);
}

/**
 * Step 2: runs `tlkit scan` on a tsconfig per variant. Exit code 1 means findings, which is what
 * the leaky project must produce; 0 means clean.
 *
 * @returns the surprises, if any
 */
export function scanStep(): StepOutcome {
  const bin = tlkitBin();
  const surprises: string[] = [];
  for (const [variant, expected] of [
    ['leaky', 1],
    ['fixed', 0],
  ] as const) {
    const project = `tsconfig.scan-${variant}.json`;
    const run = spawnSync(process.execPath, [bin, 'scan', '--project', project], { cwd: EXAMPLE_ROOT, encoding: 'utf8' });
    const meaning = run.status === 0 ? 'clean' : run.status === 1 ? 'findings' : 'error';
    console.log(`  $ tlkit scan --project ${project}    → exit ${run.status ?? run.signal} (${meaning})`);
    if (run.stdout !== '') console.log(indent(run.stdout));
    if (run.stderr !== '') console.log(indent(run.stderr, '    stderr: '));
    if (run.status !== expected) surprises.push(`tlkit scan of ${variant} exited ${run.status ?? run.signal}, expected ${expected}`);
  }
  return { surprises };
}
