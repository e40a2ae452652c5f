#!/usr/bin/env node
// The `tlkit` executable. A checked-in launcher rather than `dist/bin.js` itself: npm links a
// workspace's bins when it installs (`npm ci` in a clone), before anything is built, and it skips a
// bin whose file does not exist yet — so pointing `bin` at dist/ left no `node_modules/.bin/tlkit`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  // Only in a clone that has not been built: a published package always ships dist/.
  console.error('tlkit: @tlkit/cli is not built yet (dist/bin.js is missing): run `npm run build` at the repository root.');
  process.exit(2);
}
await import(entry.href);
