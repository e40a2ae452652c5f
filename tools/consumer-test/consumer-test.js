#!/usr/bin/env node
// The consumer test (run by .ci/run after `npm test`, or `npm run test:consumer` after a build):
// uses tlkit the way a project outside this repository does, from the packed tarballs only.
//
//   1. packs the published packages (tools/consumer-test/pack.js) and checks each tarball with
//      publint (strict) and arethetypeswrong (ESM-only profile);
//   2. installs all of them in ONE `npm install` into a fresh `type: module` TypeScript project
//      (leaky/), with typescript, @types/node and eslint at the versions this repository pins, and
//      without OpenTelemetry — the @tlkit packages must resolve one another from the tarballs, and
//      the third-party ones come from the npm cache that `npm ci` filled (`--prefer-offline`);
//   3. `tsc` with `skipLibCheck: false`;
//   4. ESLint with each `eslint.config.js` of the plugin's README, verbatim: no parsing error on any
//      file (the project has .js files too), and the seeded leak reported;
//   5. `tlkit scan` through the installed bin: the seeded leak reported, exit 1;
//   6. the audit preload on the project's node:http server on a ThreadPool: the leak reported as
//      `left-behind` with its set site, then rendered by `tlkit report`.
//
// Prints one line per step; on failure, the failing command's output, and exits 1. Leaves the
// project in the OS temp dir when a step fails (its path is printed), removes it otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { unpack } from '@publint/pack';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packAll, publishedPackages, ROOT } from './pack.js';
import { readmeConfigs } from './readmeConfigs.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATE = path.join(HERE, 'leaky');
const require = createRequire(import.meta.url);

/** Third-party packages the consumer installs, at the versions the repository's lockfile installed. */
const CONSUMER_TOOLS = ['typescript', '@types/node', 'eslint'];

class StepFailure extends Error {}

/**
 * Runs a command to completion.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} options
 * @returns {{ status: number | null, stdout: string, stderr: string, line: string }}
 */
function run(command, args, { cwd, env = process.env, timeoutMs = 120_000 }) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) throw new StepFailure(`${command} ${args.join(' ')}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, line: `$ ${[path.basename(command), ...args].join(' ')}` };
}

/**
 * @param {ReturnType<typeof run>} result
 * @param {string} why
 * @returns {never}
 */
function fail(result, why) {
  throw new StepFailure(`${why}\n${result.line} → exit ${result.status}\n${indent(result.stdout)}\n${indent(result.stderr)}`);
}

/**
 * @param {string} text - a command's output, cut to its first 4000 characters (ESLint's JSON
 *   includes every file's source)
 */
function indent(text) {
  const limit = 4000;
  const cut = text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text;
  return cut.trimEnd().replace(/^/gm, '    ');
}

/** @param {string} name */
function installedVersion(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8')).version;
}

/**
 * @param {string} file
 * @param {string} marker
 * @returns {number} the 1-based line of the marker in the file
 */
function lineOf(file, marker) {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(marker));
  if (index < 0) throw new Error(`${file}: no line with ${marker}`);
  return index + 1;
}

/** @type {{ name: string, ms: number }[]} */
const timings = [];

/**
 * @template T
 * @param {string} name
 * @param {() => T | Promise<T>} body
 * @returns {Promise<T>}
 */
async function step(name, body) {
  const start = performance.now();
  const value = await body();
  const ms = performance.now() - start;
  timings.push({ name, ms });
  console.log(`ok  ${name} (${(ms / 1000).toFixed(1)} s)`);
  return value;
}

async function main() {
  const tarballs = await step('pack the published packages into dist-packages/', () => packAll());

  await step('publint --strict on each tarball', async () => {
    const problems = [];
    for (const [name, file] of tarballs) {
      const bytes = readFileSync(file);
      const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const { messages, pkg } = await publint({ pack: { tarball }, strict: true });
      for (const message of messages) problems.push(`${name}: ${message.type}: ${formatMessage(message, pkg, { color: false })}`);
    }
    if (problems.length > 0) throw new StepFailure(problems.join('\n'));
  });

  await step('every source map in each tarball points at files the tarball ships', async () => {
    const problems = [];
    for (const [name, file] of tarballs) {
      const bytes = readFileSync(file);
      const { files, rootDir } = await unpack(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      const shipped = new Set(files.map((entry) => entry.name));
      let maps = 0;
      for (const entry of files) {
        if (!entry.name.endsWith('.map')) continue;
        maps++;
        /** @type {{ sources: string[], sourceRoot?: string }} */
        const map = JSON.parse(new TextDecoder().decode(entry.data));
        for (const source of map.sources) {
          const target = path.posix.join(path.posix.dirname(entry.name), map.sourceRoot ?? '', source);
          if (!shipped.has(target)) problems.push(`${name}: ${entry.name.slice(rootDir.length + 1)} → ${source}, not in the tarball`);
        }
      }
      if (maps === 0) problems.push(`${name}: no source maps at all (expected dist/**/*.map)`);
    }
    if (problems.length > 0) throw new StepFailure(problems.join('\n'));
  });

  await step('arethetypeswrong (ESM-only profile) on each tarball', () => {
    const manifestPath = require.resolve('@arethetypeswrong/cli/package.json');
    const attw = path.join(path.dirname(manifestPath), JSON.parse(readFileSync(manifestPath, 'utf8')).bin.attw);
    for (const file of tarballs.values()) {
      // ESM-only: the packages are `type: module` with no `require` condition, on purpose (Node ≥ 20.19
      // can require() them anyway). `--no-definitely-typed`: never look up @types on the registry.
      const result = run(process.execPath, [attw, file, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'table', '--no-color', '--no-emoji'], { cwd: ROOT });
      if (result.status !== 0) fail(result, `attw reports problems in ${path.basename(file)}`);
    }
  });

  const project = mkdtempSync(path.join(os.tmpdir(), 'tlkit-consumer-'));
  let passed = false;
  try {
    await step(`npm install the ${tarballs.size} tarballs in one command (${project})`, () => {
      cpSync(TEMPLATE, project, { recursive: true });
      mkdirSync(path.join(project, 'vendor'));
      const specs = [];
      for (const file of tarballs.values()) {
        cpSync(file, path.join(project, 'vendor', path.basename(file)));
        specs.push(`./vendor/${path.basename(file)}`);
      }
      writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'tlkit-consumer', private: true, type: 'module' }, null, 2)}\n`);
      const tools = CONSUMER_TOOLS.map((name) => `${name}@${installedVersion(name)}`);
      const result = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs, ...tools], { cwd: project, timeoutMs: 300_000 });
      if (result.status !== 0) fail(result, 'npm install failed');
      for (const { name, version } of publishedPackages()) {
        const dir = path.join(project, 'node_modules', ...name.split('/'));
        if (!existsSync(dir) || lstatSync(dir).isSymbolicLink()) fail(result, `${name} is not installed as a copy of its tarball`);
        const installed = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
        if (installed !== version) fail(result, `${name} ${installed} installed, ${version} packed`);
      }
      // One @tlkit/core: the audit must hook the instance the application uses.
      const ls = run('npm', ['ls', '@tlkit/core', '--all', '--parseable'], { cwd: project });
      const cores = new Set(ls.stdout.split('\n').filter((line) => line.trim() !== ''));
      if (cores.size !== 1) fail(ls, `expected one @tlkit/core in the tree, found ${cores.size}`);
      if (existsSync(path.join(project, 'node_modules', '@opentelemetry', 'api'))) fail(result, '@opentelemetry/api got installed: it is an optional peer');
    });

    const serverFile = path.join(project, 'src', 'server.ts');
    const leakLine = lineOf(serverFile, '// LEAK');

    await step('tsc (skipLibCheck: false, no OpenTelemetry)', () => {
      const result = run(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: project });
      if (result.status !== 0) fail(result, 'tsc failed');
    });

    const readme = path.join(ROOT, 'packages', 'eslint-plugin', 'README.md');
    for (const { line, code } of readmeConfigs(readme)) {
      await step(`eslint with the README's config at packages/eslint-plugin/README.md:${line}`, () => {
        writeFileSync(path.join(project, 'eslint.config.js'), code);
        const result = run(process.execPath, [path.join(project, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', '.'], { cwd: project });
        if (result.status !== 1) fail(result, 'expected exit 1 (the seeded leak)');
        /** @type {{ filePath: string, messages: { ruleId: string | null, fatal?: boolean, line: number, message: string }[] }[]} */
        const results = JSON.parse(result.stdout);
        const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal === true || m.ruleId === null).map((m) => `${path.relative(project, r.filePath)}:${m.line}: ${m.message}`));
        if (fatal.length > 0) fail(result, `parsing errors:\n${fatal.join('\n')}`);
        // A mixed TS/JS project: the config must take at least one .js file (eslint.config.js, dist/) without error.
        if (!results.some((r) => r.filePath.endsWith('.js'))) fail(result, 'no .js file was linted');
        const seeded = results
          .find((r) => r.filePath === serverFile)
          ?.messages.some((m) => m.ruleId === '@tlkit/remove-in-finally' && m.line === leakLine);
        if (seeded !== true) fail(result, `@tlkit/remove-in-finally not reported at src/server.ts:${leakLine}`);
      });
    }

    await step('tlkit scan (the installed bin)', () => {
      const result = run(path.join(project, 'node_modules', '.bin', 'tlkit'), ['scan', '--project', 'tsconfig.json', '--format', 'json'], { cwd: project });
      if (result.status !== 1) fail(result, 'expected exit 1 (findings)');
      /** @typedef {{ file: string, line: number }} Place */
      /** @type {{ findings: (Place & { checkId: string, related: Place[] })[] }} */
      const report = JSON.parse(result.stdout);
      // The set is reported where it is, or (never-removed) at the declaration with the set as a related location.
      const atLeak = (/** @type {Place} */ place) => place.file === 'src/server.ts' && place.line === leakLine;
      if (!report.findings.some((f) => atLeak(f) || f.related.some(atLeak))) fail(result, `no finding points at src/server.ts:${leakLine}`);
    });

    const jsonl = path.join(project, 'audit.jsonl');
    await step('audit preload on the node:http server', async () => {
      const env = {
        ...process.env,
        NODE_OPTIONS: '--enable-source-maps --import @tlkit/runtime-audit/register',
        TLKIT_AUDIT_LEVEL: 'advanced',
        TLKIT_AUDIT_SAMPLING: '1',
        TLKIT_AUDIT_INTERVAL_MS: '0',
        TLKIT_AUDIT_JSONL: jsonl,
        TLKIT_AUDIT_TEXT: 'stderr',
      };
      const server = spawn(process.execPath, ['dist/server.js'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      server.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
      server.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
      const exited = once(server, 'exit');
      const killer = setTimeout(() => server.kill('SIGKILL'), 30_000);
      const failed = (/** @type {string} */ why) => fail({ status: server.exitCode, stdout, stderr, line: '$ node dist/server.js' }, why);
      try {
        const port = await new Promise((resolve, reject) => {
          server.stdout.on('data', () => {
            const match = /listening on (\d+)/.exec(stdout);
            if (match !== null) resolve(Number(match[1]));
          });
          void exited.then(() => reject(new StepFailure('the server exited before listening')));
        });
        for (const user of ['alice', 'bob', 'carol', 'dave']) {
          const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-user': user } });
          if (!response.ok) failed(`GET / as ${user}: HTTP ${response.status}`);
          await response.text();
        }
        server.kill('SIGTERM');
        const [code] = await exited;
        if (code !== 0) failed(`the server exited with ${code}`);
      } catch (error) {
        if (error instanceof StepFailure && !error.message.includes('$ node')) failed(error.message);
        throw error;
      } finally {
        clearTimeout(killer);
        if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
      }
      const reports = readFileSync(jsonl, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      /** @type {{ kind: string, setSite?: string }[]} */
      const findings = reports.at(-1).findings;
      const leftBehind = findings.find((f) => f.kind === 'left-behind');
      if (leftBehind === undefined) failed(`no left-behind finding in the final report: ${JSON.stringify(findings)}`);
      if (!leftBehind.setSite?.includes(`server.ts:${leakLine}:`)) failed(`left-behind setSite ${leftBehind.setSite} is not src/server.ts:${leakLine}`);
      if (!stderr.includes('LEAK:')) failed('no LEAK: text on stderr');
    });

    await step('tlkit report on the audit JSONL', () => {
      const result = run(path.join(project, 'node_modules', '.bin', 'tlkit'), ['report', jsonl], { cwd: project });
      if (result.status === 2 || result.status === null) fail(result, 'tlkit report failed');
      if (!result.stdout.includes('left-behind')) fail(result, 'the rendered report does not mention left-behind');
    });
    passed = true;
  } finally {
    if (passed) rmSync(project, { recursive: true, force: true });
    else console.error(`The consumer project is left at ${project}`);
  }
  const total = timings.reduce((sum, { ms }) => sum + ms, 0);
  console.log(`consumer test passed in ${(total / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (error) {
  console.error(error instanceof StepFailure ? `FAIL ${error.message}` : error);
  process.exitCode = 1;
}
