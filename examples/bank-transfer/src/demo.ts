import { auditStep, BURST } from './demo/auditStep.js';
import { lintStep } from './demo/lintStep.js';
import { heading } from './demo/output.js';
import { scanStep } from './demo/scanStep.js';
import type { DataSource } from './db/DataSource.js';
import { openDataSource } from './db/openDataSource.js';
import { DatabaseUnavailableError } from './errors.js';

// `npm run demo`: the seed's transfer service, leaky and fixed, through each tlkit tool in turn.
// Exit code 0 when every tool reported what it should (leaky flagged, fixed clean), 1 otherwise.

const started = performance.now();
console.log("tlkit demo: the seed's JDBC bank transfer (examples/bank-transfer) in TypeScript on @tlkit/core.");
console.log('JdbcUtils binds the transaction\'s Connection to the current thread with a ThreadLocal; a ThreadPool');
console.log(`of ${BURST.threads} reused threads serves the transfer requests. The leaky variant is the seed's code plus a`);
console.log('balance read after the commit; the fixed one binds with runWith() and closes in a finally.');

// Start the database now (PGlite's WASM start takes seconds); steps 1 and 2 do not need it.
const opening = openDataSource().then(
  (dataSource) => ({ dataSource, error: undefined }),
  (error: unknown) => ({ dataSource: undefined, error }),
);

const surprises: string[] = [];

heading(1, 'ESLint with @tlkit/eslint-plugin (recommended config) flags the leak in the source, file by file:');
surprises.push(...(await lintStep()).surprises);

heading(2, '`tlkit scan` follows set() and remove() across functions and files (exit 1 = findings):');
surprises.push(...(await scanStep()).surprises);

const opened = await opening;
if (opened.error instanceof DatabaseUnavailableError) {
  // A configuration problem, not a bug: say what to do, without a stack trace.
  console.error(`\ndemo: ${opened.error.message}`);
  process.exit(2);
}
if (opened.dataSource === undefined) throw opened.error;
const dataSource: DataSource = opened.dataSource;
try {
  heading(
    3,
    `The leaky service under the runtime audit: ${BURST.requests} transfers on ${BURST.threads} threads, every ${BURST.failEvery}th crashing between out() and in():`,
  );
  console.log(`  database: ${dataSource.description}`);
  surprises.push(...(await auditStep('leaky', dataSource)).surprises);

  heading(4, 'The fixed service under the runtime audit: the same burst.');
  surprises.push(...(await auditStep('fixed', dataSource)).surprises);
} finally {
  await dataSource.close();
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (surprises.length === 0) {
  console.log(`\nAs expected: the leaky variant is caught by all three tools and leaks connections; the fixed one is clean (${seconds} s).`);
  console.log('Read on: docs/guide/getting-started.md (this demo, step by step), docs/guide/ci-gate.md (the tools in CI).');
} else {
  console.log(`\nUNEXPECTED (${seconds} s):`);
  for (const surprise of surprises) console.log(`  - ${surprise}`);
  process.exitCode = 1;
}
