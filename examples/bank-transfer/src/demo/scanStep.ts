import { spawn } from 'node:child_process';
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

/** What one `tlkit scan` run printed and how it ended. */
interface ScanRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `tlkit scan --project <project>` in the example's directory.
 *
 * @param bin - the `tlkit` executable
 * @param project - the tsconfig to scan
 * @returns its exit and output, once it has exited
 */
function runScan(bin: string, project: string): Promise<ScanRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'scan', '--project', project], { cwd: EXAMPLE_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/**
 * Step 2: runs `tlkit scan` on a tsconfig per variant. Exit code 1 means findings, which is what
 * the leaky project must produce; 0 means clean. Both scans run at once (each spends seconds
 * loading TypeScript); their output is printed in order.
 *
 * @returns the surprises, if any
 */
export async function scanStep(): Promise<StepOutcome> {
  const bin = tlkitBin();
  const surprises: string[] = [];
  const variants = [
    ['leaky', 1],
    ['fixed', 0],
  ] as const;
  const runs = await Promise.all(variants.map(([variant]) => runScan(bin, `tsconfig.scan-${variant}.json`)));
  for (const [index, [variant, expected]] of variants.entries()) {
    const project = `tsconfig.scan-${variant}.json`;
    const run = runs[index];
    if (run === undefined) continue;
    const meaning = run.status === 0 ? 'clean' : run.status === 1 ? 'findings' : 'error';
    console.log(`  $ tlkit scan --project ${project}    → exit ${run.status ?? run.signal} (${meaning})`);
    if (run.stdout !== '') console.log(indent(run.stdout));
    if (run.stderr !== '') console.log(indent(run.stderr, '    stderr: '));
    if (run.status !== expected) surprises.push(`tlkit scan of ${variant} exited ${run.status ?? run.signal}, expected ${expected}`);
  }
  return { surprises };
}
