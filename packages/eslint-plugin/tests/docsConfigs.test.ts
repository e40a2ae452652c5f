import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The configs the docs tell users to write, run exactly as written: every ```js block that starts with
 * `// eslint.config.js` in the plugin README and the CI-gate guide becomes the `eslint.config.js` of a
 * fresh project that mixes TypeScript and JavaScript (a tsconfig covering `src/`, the config file
 * itself, compiled `dist/*.js`), and ESLint lints the whole project with it. No config may fail to
 * parse a file (`… was not found by the project service`), lint `dist/`, or miss what the docs say it
 * catches. The project resolves `@tlkit/eslint-plugin` to this package's build, as a consumer does.
 *
 * Each config is run by the `eslint` command in a process of its own, as a user runs it: typescript-eslint
 * creates one project service per process, with the options of the first file it parses, so configs
 * with different `projectService` options cannot share a process.
 */

const packageDir = fileURLToPath(new URL('../', import.meta.url));
const repoDir = join(packageDir, '..', '..');
const DOCS = [join(packageDir, 'README.md'), join(repoDir, 'docs', 'guide', 'ci-gate.md')];
const CONFIG_MARKER = '// eslint.config.js';

interface ConfigBlock {
  readonly doc: string;
  readonly line: number;
  readonly code: string;
}

/** The ```js blocks of a Markdown file that are a whole `eslint.config.js`. */
function configBlocks(path: string): ConfigBlock[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const blocks: ConfigBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (lines[index] !== '```js' || lines[index + 1] !== CONFIG_MARKER) continue;
    let end = index + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    blocks.push({ doc: relative(repoDir, path), line: index + 2, code: `${lines.slice(index + 1, end).join('\n')}\n` });
    index = end;
  }
  return blocks;
}

/** The mixed project: what each file holds, and what the docs say each config catches in it. */
const PROJECT: Readonly<Record<string, string>> = {
  'package.json': JSON.stringify({ name: 'mixed-app', private: true, type: 'module' }, null, 2),
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'ESNext.Disposable'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        outDir: 'dist',
        types: [],
        paths: { '@app/*': ['./src/*'] },
      },
      include: ['src'],
    },
    null,
    2,
  ),
  'src/context.ts': [
    "import { InheritableThreadLocal, ThreadLocal, ThreadPool } from '@tlkit/core';",
    '',
    'export const currentUser = new ThreadLocal<string>();',
    'export const requestId = new InheritableThreadLocal<string>();',
    'export class RequestLocal<T> extends ThreadLocal<T> {}',
    'export const workers = new ThreadPool({ size: 2 });',
    '',
  ].join('\n'),
  // Caught untyped: relative imports are followed.
  'src/handler.ts': [
    "import { currentUser, requestId, workers } from './context.js';",
    '',
    'export function handle(name: string, log: (line: string) => void): void {',
    '  currentUser.set(name);',
    '  workers.execute(() => log(`request ${requestId.get()}`));',
    '}',
    '',
  ].join('\n'),
  // Caught with types only: a path alias, and a parameter typed with a type-only import.
  'src/typed.ts': [
    "import { currentUser as aliased } from '@app/context.js';",
    "import type { RequestLocal } from './context.js';",
    '',
    'export function viaAlias(name: string): void {',
    '  aliased.set(name);',
    '}',
    '',
    'export function viaParameter(local: RequestLocal<string>, name: string): void {',
    '  local.set(name);',
    '}',
    '',
  ].join('\n'),
  // Compiled output: never linted.
  'dist/handler.js': [
    "import { currentUser } from './context.js';",
    'export function handle(name) {',
    '  currentUser.set(name);',
    '}',
    '',
  ].join('\n'),
  'dist/context.js': "import { ThreadLocal } from '@tlkit/core';\nexport const currentUser = new ThreadLocal();\n",
};

/** Reports every config must give: `file:line rule`. */
const UNTYPED_REPORTS = [
  'src/handler.ts:4 @tlkit/remove-in-finally',
  'src/handler.ts:5 @tlkit/no-inheritable-in-pool',
];
/** Reports only a type-checked config gives. */
const TYPED_ONLY_REPORTS = ['src/typed.ts:5 @tlkit/remove-in-finally', 'src/typed.ts:9 @tlkit/remove-in-finally'];

const roots: string[] = [];

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A fresh copy of {@link PROJECT} with `config` as its `eslint.config.js`. */
function projectWith(config: string): string {
  const root = mkdtempSync(join(tmpdir(), 'tlkit-docs-config-'));
  roots.push(root);
  for (const [path, text] of Object.entries({ ...PROJECT, 'eslint.config.js': config })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  // Resolved as a consumer resolves them: the plugin's build, and the core it recognizes by package.
  mkdirSync(join(root, 'node_modules', '@tlkit'), { recursive: true });
  symlinkSync(packageDir, join(root, 'node_modules', '@tlkit', 'eslint-plugin'), 'dir');
  symlinkSync(join(repoDir, 'packages', 'core'), join(root, 'node_modules', '@tlkit', 'core'), 'dir');
  return root;
}

const blocks = DOCS.flatMap(configBlocks);

/** Under `npm run test:eslint9`, the command is ESLint 9's, with the same redirection of `eslint` imports. */
const eslint9 = process.env['TLKIT_ESLINT'] === '9';
const eslintPackage = createRequire(import.meta.url).resolve(eslint9 ? 'eslint-v9/package.json' : 'eslint/package.json');
const eslintBin = join(dirname(eslintPackage), 'bin', 'eslint.js');
const nodeOptions = eslint9 ? `--import ${join(packageDir, 'tests', 'eslint9', 'register.mjs')}` : '';

/** One result of `eslint --format json`. */
interface LintResult {
  readonly filePath: string;
  readonly messages: ReadonlyArray<{ readonly ruleId: string | null; readonly line: number; readonly fatal?: boolean; readonly message: string }>;
}

/** Runs `eslint --format json .` in `root`; exit 1 (problems found) is a normal outcome here. */
function lintProject(root: string): Promise<LintResult[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [eslintBin, '--format', 'json', '.'],
      { cwd: root, env: { ...process.env, NODE_OPTIONS: nodeOptions }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && error.code !== 1) {
          reject(new Error(`eslint exited ${String(error.code)}: ${stderr}`));
          return;
        }
        resolve(JSON.parse(stdout) as LintResult[]);
      },
    );
  });
}

describe('the eslint.config.js blocks of the docs, verbatim, on a mixed TS/JS project', () => {
  it('finds the configs the docs give (README: untyped and type-checked; CI gate)', () => {
    expect(blocks.map((block) => block.doc)).toEqual(expect.arrayContaining(['packages/eslint-plugin/README.md', 'docs/guide/ci-gate.md']));
    expect(blocks.some((block) => block.code.includes('-type-checked'))).toBe(true);
    expect(blocks.some((block) => !block.code.includes('-type-checked'))).toBe(true);
  });

  it.each(blocks.map((block) => [`${block.doc}:${block.line}`, block] as const))('%s', async (_where, block) => {
    const root = projectWith(block.code);
    const results = await lintProject(root);
    const linted = results.map((result) => relative(root, result.filePath).split('\\').join('/')).sort();
    const fatal = results.flatMap((result) =>
      result.messages.filter((message) => message.fatal === true).map((message) => `${relative(root, result.filePath)}: ${message.message}`),
    );
    const reports = results
      .flatMap((result) =>
        result.messages.map((message) => `${relative(root, result.filePath).split('\\').join('/')}:${message.line} ${message.ruleId ?? ''}`),
      )
      .sort();
    expect(fatal).toEqual([]);
    // The config file itself is linted (it is JavaScript outside the tsconfig); dist/ is not.
    expect(linted).toEqual(['eslint.config.js', 'src/context.ts', 'src/handler.ts', 'src/typed.ts']);
    const typed = block.code.includes('-type-checked');
    expect(reports).toEqual([...UNTYPED_REPORTS, ...(typed ? TYPED_ONLY_REPORTS : [])].sort());
  });
});
