#!/usr/bin/env node
// @ts-check
// bench-report: rewrites the generated section of docs/benchmarks.md from bench-results/.
//
//   node tools/bench-report/bench-report.js [--results bench-results] [--doc docs/benchmarks.md] [--check]
//       --check  writes nothing; exits 1 when the document's section differs from what the results give
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { currentSection, readResults, renderSection, replaceSection } from './benchReport.js';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    results: { type: 'string', default: resolve(root, 'bench-results') },
    doc: { type: 'string', default: resolve(root, 'docs/benchmarks.md') },
    check: { type: 'boolean', default: false },
  },
});

try {
  const doc = readFileSync(String(values.doc), 'utf8');
  const updated = replaceSection(doc, renderSection(readResults(String(values.results)), currentSection(doc)));
  if (values.check) {
    if (updated !== doc) {
      process.stderr.write(`bench-report: ${values.doc} is not what ${values.results} gives\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(String(values.doc), updated);
    process.stderr.write(`bench-report: wrote the generated section of ${values.doc}\n`);
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
