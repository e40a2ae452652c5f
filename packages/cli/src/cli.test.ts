import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonScanOutput } from './scanOutput/json.js';
import { fixtureDir, packageDir } from './test-utils/fixtures.js';
import { runCliCapture } from './test-utils/runCliCapture.js';

const temp = mkdtempSync(path.join(tmpdir(), 'tlkit-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('tlkit scan', () => {
  it('prints `file:line:col  message  check-id` lines and a count, and exits 1 on findings', async () => {
    const run = await runCliCapture(['scan', '--project', 'test/fixtures/pool-task-set/tsconfig.json'], packageDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^test\/fixtures\/pool-task-set\/src\/audit\.ts:4:3 {2}`jobId\.set\(\)` in `recordAudit` runs on a pooled thread .* at test\/fixtures\/pool-task-set\/src\/worker\.ts:12:3\) .* {2}pool-task-set$/,
    );
    expect(lines[1]).toMatch(/^test\/fixtures\/pool-task-set\/src\/handlers\.ts:5:3 {2}.* {2}pool-task-set$/);
    expect(lines[2]).toMatch(/^test\/fixtures\/pool-task-set\/src\/jobs\.ts:5:3 {2}.* {2}pool-task-set$/);
    expect(lines[3]).toBe('');
    expect(lines[4]).toBe('3 findings (3 pool-task-set) in 6 files');
  });

  it('exits 0 with a zero count on a clean project, taking tsconfig.json from the working directory', async () => {
    const run = await runCliCapture(['scan'], fixtureDir('clean'));
    expect(run).toEqual({ code: 0, stdout: '0 findings in 2 files\n', stderr: '' });
  });

  it('accepts a directory for --project', async () => {
    const run = await runCliCapture(['scan', '-p', 'test/fixtures/clean'], packageDir);
    expect(run.code).toBe(0);
  });

  it('prints JSON with relative paths, rendered messages and related locations', async () => {
    const run = await runCliCapture(['scan', '--format', 'json'], fixtureDir('remove-not-in-finally'));
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout) as JsonScanOutput;
    expect(output).toMatchObject({ schemaVersion: 1, tool: { name: 'tlkit' }, filesScanned: 3, count: 2 });
    expect(output.findings[0]).toMatchObject({
      checkId: 'remove-not-in-finally',
      file: 'src/context.ts',
      line: 11,
      column: 3,
      endLine: 11,
      endColumn: 21,
      related: [{ file: 'src/handler.ts', line: 4, column: 3, message: '`requestId.set()` here' }],
    });
    expect(output.findings[0]?.message).toContain('at src/handler.ts:4:3 skips it');
  });

  it('writes the report to --output and keeps the count on stderr', async () => {
    const file = path.join(temp, 'out.json');
    const run = await runCliCapture(['scan', '-f', 'json', '-o', file], fixtureDir('per-call-factory'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('4 findings (4 per-call-factory) in 2 files\n');
    expect((JSON.parse(readFileSync(file, 'utf8')) as JsonScanOutput).count).toBe(4);
  });

  it('shows progress on stderr only when it is a terminal, and clears it', async () => {
    const tty = await runCliCapture(['scan'], fixtureDir('clean'), { tty: true });
    expect(tty.stderr).toContain('tlkit: loading project');
    expect(tty.stderr).toContain('indexing 2/2 files');
    expect(tty.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(tty.stdout).toBe('0 findings in 2 files\n');
  });

  it('prints help for scan on stdout and exits 0', async () => {
    const run = await runCliCapture(['scan', '--help'], temp);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: tlkit scan');
    for (const id of ['never-removed', 'remove-not-in-finally', 'per-call-factory', 'pool-task-set']) {
      expect(run.stdout).toContain(id);
    }
  });

  it('gives each command its own help, the same from `tlkit help <command>` and `<command> --help`', async () => {
    for (const command of ['scan', 'report']) {
      const viaHelp = await runCliCapture(['help', command], temp);
      const viaFlag = await runCliCapture([command, '-h'], temp);
      expect(viaHelp).toEqual({ code: 0, stdout: viaFlag.stdout, stderr: '' });
      expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: tlkit ${command} `));
      expect(viaHelp.stdout).not.toContain('Commands:');
    }
    // Formats and their descriptions come from the registries.
    const report = (await runCliCapture(['help', 'report'], temp)).stdout;
    expect(report).toContain('--format <format>        text, html (default: text)');
    expect(report).toContain('--max-input-size <size>  Refuse a larger input (bytes, or with K, M, G) (default: 256MiB)');
    expect(report).toMatch(/\n {2}html +one self-contained page/);
    expect((await runCliCapture(['help', 'scan'], temp)).stdout).toMatch(/\n {2}sarif +SARIF 2\.1\.0/);
    expect((await runCliCapture(['help'], temp)).stdout).toContain('Commands:\n  scan      Whole-program scan');
    const unknown = await runCliCapture(['help', 'lint'], temp);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('unknown command: lint');
  });
});

describe('usage and configuration errors exit 2 with a clear message on stderr', () => {
  it('missing tsconfig', async () => {
    const run = await runCliCapture(['scan'], temp);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`tlkit: tsconfig not found: ${path.join(temp, 'tsconfig.json')} (expected: a tsconfig.json file; pass one with --project)\n`);
  });

  it('a tsconfig that is not valid JSON', async () => {
    const dir = mkdtempSync(path.join(temp, 'bad-'));
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": ');
    const run = await runCliCapture(['scan'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^tlkit: cannot read .*tsconfig\.json: /);
  });

  it('a tsconfig that matches no file', async () => {
    const dir = mkdtempSync(path.join(temp, 'empty-'));
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ "include": ["src"] }');
    const run = await runCliCapture(['scan'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No inputs were found');
  });

  it('a solution-style tsconfig with no files of its own', async () => {
    const dir = mkdtempSync(path.join(temp, 'solution-'));
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ "files": [], "references": [] }');
    const run = await runCliCapture(['scan'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no source files to scan (a solution-style tsconfig?');
  });

  for (const [name, files, code] of [
    ['an `extends` that does not exist', { 'tsconfig.json': '{ "extends": "./missing.json", "include": ["*.ts"] }' }, 'TS5012'],
    [
      'a circular `extends`',
      { 'tsconfig.json': '{ "extends": "./b.json", "include": ["*.ts"] }', 'b.json': '{ "extends": "./tsconfig.json" }' },
      'TS18000',
    ],
    ['options of the wrong type', { 'tsconfig.json': '{ "compilerOptions": { "strict": "yes" }, "include": ["*.ts"] }' }, 'TS5024'],
  ] as const) {
    it(`a tsconfig with ${name}: the compiler's diagnostic, nothing scanned`, async () => {
      const dir = mkdtempSync(path.join(temp, 'invalid-'));
      writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
      for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
      const run = await runCliCapture(['scan'], dir);
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toMatch(new RegExp(`^tlkit: invalid tsconfig\\.json: ${code}: .*\\(fix the tsconfig; nothing was scanned\\)\\n$`));
    });
  }

  it('unknown flag', async () => {
    const run = await runCliCapture(['scan', '--fast'], temp);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("tlkit: scan: Unknown option '--fast' (see tlkit scan --help)\n");
  });

  it('unknown format', async () => {
    const run = await runCliCapture(['scan', '--format', 'xml'], fixtureDir('clean'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('tlkit: --format: xml (expected: text, json, sarif)\n');
  });

  it('unknown command, and no command at all', async () => {
    const unknown = await runCliCapture(['lint'], temp);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('tlkit: unknown command: lint (expected: scan or report; see tlkit --help)\n');
    const none = await runCliCapture([], temp);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: tlkit <command>');
  });

  it('--help and --version exit 0', async () => {
    expect((await runCliCapture(['--help'], temp)).stdout).toContain('Commands:');
    expect((await runCliCapture(['--version'], temp)).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
