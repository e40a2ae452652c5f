// @ts-check
// Precision on real code (issue #8, section 4): lints a directory of collected real-world sources with
// this worktree's @tlkit/eslint-plugin and prints every report, so that each one can be triaged by hand
// and a later build can be compared with `diff`.
//
// Usage (from packages/eslint-plugin, after `npx turbo run build`):
//   node bench/realCode.js <dir>            `configs.recommended` (untyped)
//   node bench/realCode.js <dir> --typed    `configs['recommended-type-checked']`
//   options: --no-time   omit the timing lines (stdout is then fully deterministic)
//
// Files: every .ts/.tsx/.mts/.cts/.js/.mjs/.cjs file under <dir>, outside node_modules, sorted by path.
// Typed mode writes <dir>/tsconfig.json (allowJs, checkJs false, types ["node"], skipLibCheck, every file
// included) and links <dir>/node_modules/@types/node to the @types/node this worktree resolves, so that
// `node:async_hooks` is typed; the config's own `projectService` then finds that tsconfig.
//
// Output (stdout), in this order, each block sorted:
//   report <file>:<line>:<col> <rule>/<messageId> <message>      one line per report (file relative to <dir>)
//   parse-error <file>:<line>:<col> <message>                     one line per file ESLint could not parse
//   total <rule>/<messageId> <count>                              one line per rule/messageId
//   summary files=<n> reports=<n> parse-errors=<n> ignored-inline-config=<n> mode=<untyped|typed>
//   time wall=<ms> cpu=<ms>                                       unless --no-time
// Inline `eslint-disable` comments in the collected files are ignored (noInlineConfig), so that a
// library's own blanket disable cannot hide a report; ESLint's notes about them are only counted.
// A file that fails to parse is counted and listed, never aborts the run; a crash inside a rule does
// abort (that is a bug to fix, not a finding to triage).
import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import tlkit from '@tlkit/eslint-plugin';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    typed: { type: 'boolean', default: false },
    'no-time': { type: 'boolean', default: false },
  },
});
if (positionals.length !== 1) {
  console.error('usage: node bench/realCode.js <dir> [--typed] [--no-time]');
  process.exit(2);
}
const dir = resolve(String(positionals[0]));
const typed = values.typed === true;

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/**
 * Every lintable file under `root`, sorted by its path relative to `root` (code-unit order, so the
 * order does not depend on the locale).
 * @param {string} root
 * @returns {string[]}
 */
function collectFiles(root) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} at */
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && EXTENSIONS.some((ext) => entry.name.endsWith(ext))) found.push(path);
    }
  };
  walk(root);
  return found.sort((a, b) => (relative(root, a) < relative(root, b) ? -1 : 1));
}

/**
 * Prepares `root` for the typed run: a tsconfig that includes every file, and @types/node resolvable
 * from inside `root` (the collected sources import `node:async_hooks` and `async_hooks`).
 * @param {string} root
 */
function prepareTyped(root) {
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'preserve',
      moduleResolution: 'bundler',
      allowJs: true,
      checkJs: false,
      jsx: 'preserve',
      types: ['node'],
      skipLibCheck: true,
      noEmit: true,
      strict: true,
      experimentalDecorators: true,
      resolveJsonModule: true,
    },
    include: ['**/*'],
    exclude: ['node_modules'],
  };
  writeFileSync(join(root, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  // Resolve @types/node the way this worktree does, so the run does not depend on the caller's cwd.
  const require = createRequire(import.meta.url);
  const typesNode = dirname(require.resolve('@types/node/package.json'));
  const link = join(root, 'node_modules', '@types', 'node');
  let present = false;
  try {
    lstatSync(link);
    present = true;
  } catch {
    present = false;
  }
  if (!present) {
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(typesNode, link, 'dir');
  }
}

if (!existsSync(dir)) {
  console.error(`no such directory: ${dir}`);
  process.exit(2);
}
if (typed) prepareTyped(dir);

const files = collectFiles(dir);
const base = typed ? tlkit.configs['recommended-type-checked'] : tlkit.configs.recommended;
const languageOptions = /** @type {import('eslint').Linter.LanguageOptions} */ (base.languageOptions ?? {});
/** @type {import('eslint').Linter.Config} */
const config = {
  ...base,
  files: EXTENSIONS.map((ext) => `**/*${ext}`),
  languageOptions: {
    ...languageOptions,
    parserOptions: {
      .../** @type {Record<string, unknown>} */ (languageOptions.parserOptions ?? {}),
      ...(typed ? { tsconfigRootDir: dir } : {}),
      ecmaFeatures: { jsx: false },
    },
  },
  linterOptions: { reportUnusedDisableDirectives: 'off', noInlineConfig: true },
};
const eslint = new ESLint({
  cwd: dir,
  overrideConfigFile: true,
  overrideConfig: [config],
  cache: false,
  warnIgnored: false,
  errorOnUnmatchedPattern: false,
});

const wallStart = performance.now();
const cpuStart = process.cpuUsage();
const results = await eslint.lintFiles(files);
const cpu = process.cpuUsage(cpuStart);
const wall = performance.now() - wallStart;

/** @param {string} text */
const oneLine = (text) => text.replace(/\s+/g, ' ').trim();
/** @param {string} path */
const rel = (path) => relative(dir, path).split(sep).join('/');

/** @type {{ key: string[]; line: string }[]} */
const reports = [];
/** @type {{ key: string[]; line: string }[]} */
const parseErrors = [];
/** @type {Map<string, number>} */
const totals = new Map();
let ignoredInlineConfig = 0;
const pad = (/** @type {number} */ n) => String(n).padStart(6, '0');
for (const result of results) {
  const file = rel(result.filePath);
  for (const message of result.messages) {
    const where = `${file}:${message.line ?? 0}:${message.column ?? 0}`;
    const sortKey = [file, pad(message.line ?? 0), pad(message.column ?? 0)];
    if (message.fatal === true) {
      parseErrors.push({ key: sortKey, line: `parse-error ${where} ${oneLine(message.message)}` });
      continue;
    }
    // `noInlineConfig` makes ESLint note every `eslint-disable` comment it ignored; those notes are
    // not findings. The comments are ignored on purpose: a blanket `/* eslint-disable */` in a
    // collected file must not hide a report from the measurement.
    if (message.ruleId === null) {
      ignoredInlineConfig++;
      continue;
    }
    const id = `${message.ruleId}/${message.messageId ?? '-'}`;
    reports.push({ key: [...sortKey, id], line: `report ${where} ${id} ${oneLine(message.message)}` });
    totals.set(id, (totals.get(id) ?? 0) + 1);
  }
}
/** @param {{ key: string[] }} a @param {{ key: string[] }} b */
const byKey = (a, b) => {
  for (let i = 0; i < Math.max(a.key.length, b.key.length); i++) {
    const x = a.key[i] ?? '';
    const y = b.key[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};
const out = [];
for (const r of reports.sort(byKey)) out.push(r.line);
for (const p of parseErrors.sort(byKey)) out.push(p.line);
for (const id of [...totals.keys()].sort()) out.push(`total ${id} ${totals.get(id)}`);
out.push(
  `summary files=${files.length} reports=${reports.length} parse-errors=${parseErrors.length} ignored-inline-config=${ignoredInlineConfig} mode=${typed ? 'typed' : 'untyped'}`,
);
if (values['no-time'] !== true) {
  out.push(`time wall=${Math.round(wall)}ms cpu=${Math.round((cpu.user + cpu.system) / 1000)}ms`);
}
console.log(out.join('\n'));
