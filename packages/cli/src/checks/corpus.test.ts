import path from 'node:path';
import { CORPUS_ROOT, compareReports, formatReport, readCorpus } from '@tlkit/testing/corpus';
import type { CorpusCase, CorpusReport } from '@tlkit/testing/corpus';
import { Project, ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { threadLocalIndex } from '../analysis/threadLocalIndex.js';
import { checks } from './index.js';

/*
 * The shared construct corpus (packages/recognition/corpus), run through every check of the scan:
 * each case must produce exactly its `expect(scan)` markers, and each `recognize:` marker must match
 * the kind of the declaration of that name (`thread-pool` is the pool, which the scan does not index
 * as a declaration). One project serves every case: a case's files are added, checked and removed,
 * so the parsed lib and @types/node files are shared (ts-morph keeps them in its document registry)
 * while each case is analysed as a program of its own.
 */

function corpusCompilerOptions(): ts.CompilerOptions {
  const configPath = path.join(CORPUS_ROOT, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, ' '));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, CORPUS_ROOT, undefined, configPath).options;
}

const project = new Project({ compilerOptions: corpusCompilerOptions(), skipAddingFilesFromTsConfig: true });
const cases = readCorpus();
const started = performance.now();

afterAll(() => {
  // The corpus's cost, for the report of a run (no assertion on time: the machine is shared).
  console.info(`corpus: ${cases.length} cases in ${Math.round(performance.now() - started)} ms`);
});

/** Runs every check over the case's files alone, with its recognitions. */
function scanCase(corpusCase: CorpusCase): { reports: CorpusReport[]; kinds: Map<string, Set<string>> } {
  const sourceFiles = corpusCase.files.map((file) => project.addSourceFileAtPath(file));
  try {
    const reports = checks
      .flatMap((check) => check.run(project))
      .map((finding) => ({
        file: path.relative(CORPUS_ROOT, finding.location.file).split(path.sep).join('/'),
        line: finding.location.line,
        id: finding.checkId,
      }))
      .sort(compareReports);
    const kinds = new Map<string, Set<string>>();
    for (const decl of threadLocalIndex(project).threadLocals) {
      let set = kinds.get(decl.name);
      if (set === undefined) kinds.set(decl.name, (set = new Set()));
      set.add(decl.family);
    }
    return { reports, kinds };
  } finally {
    for (const sourceFile of sourceFiles) project.removeSourceFile(sourceFile);
  }
}

describe('the shared construct corpus, run by tlkit scan', () => {
  it.each(cases.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s', (_name, corpusCase) => {
    const { reports, kinds } = scanCase(corpusCase);
    expect(reports.map(formatReport)).toEqual(corpusCase.expected.scan.map(formatReport));
    for (const [binding, kind] of corpusCase.recognize) {
      if (kind === 'thread-pool') continue;
      const found = [...(kinds.get(binding) ?? [])];
      expect(found, `recognize: ${binding}=${kind}`).toEqual(kind === 'none' ? [] : [kind]);
    }
  });
});
