import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { DEMO_BLOCKS, DEMO_MARKER, demoBlocks, GETTING_STARTED, normaliseDemoOutput } from './demo/demoBlocks.js';
import { readMarkedBlocks, writeMarkedBlocks } from './demo/markedBlocks.js';
import { EXAMPLE_ROOT } from './demo/output.js';

// `npm run docs:demo` (through turbo, which builds first): runs the built demo as `npm run demo` does,
// on PGlite, and rewrites the demo-output blocks of docs/guide/getting-started.md from its output.
// A block whose only differences are values that vary between runs (timestamps, elapsed seconds)
// is left as it is, so that regenerating changes the page only where the demo's output changed.
// demo.test.ts fails when the page and the demo disagree.

/** @returns what the demo printed on stdout, once it exited 0 with nothing on stderr */
function runDemo(): Promise<string> {
  const env = { ...process.env };
  // The page shows the PGlite run (the default); a real server's line differs.
  delete env['DATABASE_URL'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/demo.js'], { cwd: EXAMPLE_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      if (status === 0 && stderr === '') resolve(stdout);
      else reject(new Error(`the demo exited ${status ?? signal}; the page shows only a run that went as expected\n${stdout}${stderr}`));
    });
  });
}

console.log('docs:demo: running the demo (dist/demo.js, on PGlite)…');
const fresh = demoBlocks(await runDemo());
const page = readFileSync(GETTING_STARTED, 'utf8');
const shown = readMarkedBlocks(page, DEMO_MARKER);
const changed = new Map<string, string>();
for (const name of DEMO_BLOCKS) {
  const old = shown.get(name);
  if (old === undefined || normaliseDemoOutput(old) !== normaliseDemoOutput(fresh[name])) changed.set(name, fresh[name]);
}
const where = relative(process.cwd(), GETTING_STARTED);
if (changed.size === 0) {
  console.log(`docs:demo: ${where} already shows this output`);
} else {
  writeFileSync(GETTING_STARTED, writeMarkedBlocks(page, DEMO_MARKER, changed));
  console.log(`docs:demo: rewrote ${[...changed.keys()].join(', ')} in ${where}; read the prose around them`);
}
