#!/usr/bin/env node
// @ts-check
// bench-report: rewrites the generated section of docs/benchmarks.md from bench-results/.
//
//   node tools/bench-report/bench-report.js [--results bench-results] [--doc docs/benchmarks.md] [--check]
//                                           [--runs 5] [--window-hours 24] [--since 2026-11-29T14:00Z]
//       --check         writes nothing; exits 1 when the document's section differs from what the results give
//       --runs          a cell is the median of at most this many runs (the newest)
//       --window-hours  …started at most this long before the newest run of its line
//       --since         runs started before this time are ignored (after a change to the code measured,
//                       when the runs were not committed in between)
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { currentSection, DEFAULT_SELECTION, readResults, renderSection, replaceSection } from './benchReport.js';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    results: { type: 'string', default: resolve(root, 'bench-results') },
    doc: { type: 'string', default: resolve(root, 'docs/benchmarks.md') },
    check: { type: 'boolean', default: false },
    runs: { type: 'string', default: String(DEFAULT_SELECTION.runs) },
    'window-hours': { type: 'string', default: String(DEFAULT_SELECTION.windowHours) },
    since: { type: 'string' },
  },
});

try {
  const doc = readFileSync(String(values.doc), 'utf8');
  const selection = {
    runs: Number(values.runs),
    windowHours: Number(values['window-hours']),
    ...(values.since === undefined ? {} : { since: values.since }),
  };
  const updated = replaceSection(doc, renderSection(readResults(String(values.results)), currentSection(doc), selection));
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
