import type { Finding } from '../Finding.js';
import { threadLocalIndex } from '../analysis/threadLocalIndex.js';
import { checks } from '../checks/index.js';
import { ConfigError } from '../errors.js';
import { loadProject } from '../project.js';

/** A step of a scan, for the progress indicator. */
export type ScanProgress =
  | { readonly phase: 'load' }
  | { readonly phase: 'index'; readonly done: number; readonly total: number }
  | { readonly phase: 'check'; readonly checkId: string };

/** Options of {@link scan}. */
export interface ScanOptions {
  /** Path of the tsconfig (or of a directory holding `tsconfig.json`). */
  readonly project: string;
  /** Directory that `project` is resolved against. */
  readonly cwd: string;
  /** Called as the scan advances; the CLI shows it on stderr when stderr is a terminal. */
  readonly onProgress?: (progress: ScanProgress) => void;
}

/** Result of {@link scan}. */
export interface ScanResult {
  /** Findings of every check, sorted by file, line, column and check id. */
  readonly findings: readonly Finding[];
  /** Number of the program's own source files that were scanned. */
  readonly fileCount: number;
  /** Non-fatal configuration diagnostics. */
  readonly warnings: readonly string[];
}

/**
 * Runs every whole-program check on a TypeScript project.
 *
 * @param options - the project and a progress callback
 * @returns the sorted findings, the number of files scanned and configuration warnings
 * @throws ConfigError when the project cannot be loaded or has no source file of its own
 */
export function scan(options: ScanOptions): ScanResult {
  options.onProgress?.({ phase: 'load' });
  const { project, tsconfigPath, warnings } = loadProject(options.project, options.cwd);
  const index = threadLocalIndex(project, (done, total) => options.onProgress?.({ phase: 'index', done, total }));
  if (index.sourceFiles.length === 0) {
    // A solution-style tsconfig (`"files": []` and `references`) has nothing of its own to scan.
    throw new ConfigError(`${tsconfigPath}: no source files to scan (a solution-style tsconfig? pass the tsconfig of one project with --project)`);
  }
  const findings: Finding[] = [];
  for (const check of checks) {
    options.onProgress?.({ phase: 'check', checkId: check.meta.id });
    // No push(...array): a spread into arguments overflows the stack on very large arrays.
    for (const finding of check.run(project)) findings.push(finding);
  }
  findings.sort(compareFindings);
  return { findings, fileCount: index.sourceFiles.length, warnings };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareStrings(a.checkId, b.checkId)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
