import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The shared corpus of constructs (packages/recognition/corpus): one case per construct, a file or a
 * directory of files, each saying what both tools must recognize and report. The ESLint rules' tests
 * and `tlkit scan`'s tests both run every case through this reader, so the two tools are held to one
 * set of expectations.
 *
 * Markers live in `//` comments of the case's files:
 * - `recognize: als=async-local-storage, tl=thread-local, fake=none` — what the module-level binding
 *   (or `Class.member`) of that name is, for every mode;
 * - `expect(eslint,typed,scan): id` on the line where a report must start; `eslint` is the untyped
 *   `recommended` config, `typed` is `recommended-type-checked`, `scan` is `tlkit scan`. ESLint ids
 *   are `rule/messageId` (`remove-in-finally/enterWithWithoutRestore`), scan ids are check ids
 *   (`never-removed`). Several markers may share a comment.
 *
 * Layout: `<kind>/<group>/<case>`, e.g. `als/restore/restore-in-finally.ts`; a case is a file, or a
 * directory of files for a construct that spans modules (`als/cross-file/exported-store/`). The depth
 * is fixed, because a group directory and a multi-file case directory both hold files only.
 * A mode expects exactly its markers: every other report is a failure, so a case without markers is
 * a promise of silence.
 */

/** The ways the corpus is run. */
export type CorpusMode = 'eslint' | 'typed' | 'scan';

/** The modes, in the order reports are compared. */
export const CORPUS_MODES: readonly CorpusMode[] = ['eslint', 'typed', 'scan'];

/** A report at a line of a case file (`file` relative to the corpus root, `/`-separated). */
export interface CorpusReport {
  readonly file: string;
  readonly line: number;
  readonly id: string;
}

/** One construct of the corpus. */
export interface CorpusCase {
  /** `kind/group/case`, as laid out under the corpus root. */
  readonly name: string;
  /** Absolute paths of the case's files (`.ts`, `.mts`, `.d.ts`, `.js`). */
  readonly files: readonly string[];
  /** The first comment line of the case: what the construct is. */
  readonly description: string;
  /** Binding name → expected kind (`thread-local`, `async-local-storage`, `thread-pool`, or `none`). */
  readonly recognize: ReadonlyMap<string, string>;
  /** Expected reports per mode, sorted by {@link compareReports}. */
  readonly expected: Readonly<Record<CorpusMode, readonly CorpusReport[]>>;
}

/** The corpus root in this repository. */
export const CORPUS_ROOT = fileURLToPath(new URL('../../../packages/recognition/corpus/', import.meta.url));

const CASE_FILE = /\.(?:[cm]?ts|[cm]?js)$/u;
const EXPECT = /expect\(([a-z, ]+)\):\s*([\w/-]+)/gu;
const RECOGNIZE = /recognize:\s*(.+)$/u;

/**
 * @param a - a report.
 * @param b - another report.
 * @returns their order: by file, line, then id.
 */
export function compareReports(a: CorpusReport, b: CorpusReport): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.id.localeCompare(b.id);
}

/**
 * @param report - a report.
 * @returns `file:line id`, for readable test failures.
 */
export function formatReport(report: CorpusReport): string {
  return `${report.file}:${report.line} ${report.id}`;
}

function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return CASE_FILE.test(path) ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesOf(join(path, entry)));
}

function subdirectories(path: string): string[] {
  return readdirSync(path)
    .sort()
    .filter((entry) => statSync(join(path, entry)).isDirectory());
}

function parseCase(root: string, name: string, files: readonly string[]): CorpusCase {
  const expected: Record<CorpusMode, CorpusReport[]> = { eslint: [], typed: [], scan: [] };
  const recognize = new Map<string, string>();
  let description = '';
  for (const file of files) {
    const relativePath = relative(root, file).split('\\').join('/');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      const comment = text.indexOf('//');
      if (comment === -1) return;
      const body = text.slice(comment + 2).trim();
      if (description === '' && text.trimStart().startsWith('//')) description = body;
      const recognized = RECOGNIZE.exec(body);
      if (recognized?.[1]) {
        for (const pair of recognized[1].split(',')) {
          const [binding, kind] = pair.split('=').map((part) => part.trim());
          if (!binding || !kind) throw new Error(`${relativePath}:${index + 1}: malformed recognize marker '${pair}'`);
          recognize.set(binding, kind);
        }
      }
      for (const match of body.matchAll(EXPECT)) {
        const [, modes = '', id = ''] = match;
        for (const mode of modes.split(',').map((each) => each.trim())) {
          if (!(CORPUS_MODES as readonly string[]).includes(mode)) {
            throw new Error(`${relativePath}:${index + 1}: unknown corpus mode '${mode}' (expected: ${CORPUS_MODES.join(', ')})`);
          }
          expected[mode as CorpusMode].push({ file: relativePath, line: index + 1, id });
        }
      }
    });
  }
  for (const mode of CORPUS_MODES) expected[mode].sort(compareReports);
  return { name, files, description, recognize, expected };
}

/**
 * Reads every case of the corpus.
 *
 * @param root - the corpus root (default: this repository's).
 * @returns the cases, sorted by name.
 * @throws {Error} on a malformed marker, or when the corpus holds no case.
 */
export function readCorpus(root: string = CORPUS_ROOT): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const kind of subdirectories(root)) {
    for (const group of subdirectories(join(root, kind))) {
      const groupPath = join(root, kind, group);
      for (const entry of readdirSync(groupPath).sort()) {
        const files = filesOf(join(groupPath, entry));
        if (files.length === 0) continue;
        cases.push(parseCase(root, `${kind}/${group}/${entry.replace(CASE_FILE, '')}`, files));
      }
    }
  }
  if (cases.length === 0) throw new Error(`no corpus case under ${root}`);
  return cases;
}
