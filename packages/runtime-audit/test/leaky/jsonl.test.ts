import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { appendJsonl } from '../../src/report/appendJsonl.js';
import type { AuditReport } from '../../src/report/AuditReport.js';
import { startAudit } from '../../src/startAudit.js';

const fixtures = fileURLToPath(new URL('../fixtures/leaky/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tlkit-jsonl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lines(path: string): { complete: string[]; tail: string } {
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  return { complete: text.slice(0, end).split('\n').slice(0, -1), tail: text.slice(end) };
}

describe('appendJsonl', () => {
  it('appends one complete line per report', () => {
    const path = join(dir, 'plain.jsonl');
    const audit = startAudit();
    try {
      for (let i = 0; i < 3; i++) appendJsonl(path, audit.scan());
    } finally {
      audit.stop();
    }
    const { complete, tail } = lines(path);
    expect(tail).toBe('');
    expect(complete).toHaveLength(3);
    for (const line of complete) expect((JSON.parse(line) as AuditReport).schemaVersion).toBe(1);
  });

  it("removes a torn tail left by an earlier process on this process's first append", async () => {
    const path = join(dir, 'torn.jsonl');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, '{"complete":true}\n{"schemaVersion":1,"crea');
    const audit = startAudit();
    try {
      appendJsonl(path, audit.scan());
    } finally {
      audit.stop();
    }
    const { complete, tail } = lines(path);
    expect(tail).toBe('');
    expect(complete).toHaveLength(2);
    expect(JSON.parse(complete[0] as string)).toEqual({ complete: true });
    expect((JSON.parse(complete[1] as string) as AuditReport).schemaVersion).toBe(1);
  });

  it('never leaves a torn line: a writer killed with SIGKILL mid-run leaves only complete lines', async () => {
    const path = join(dir, 'crash.jsonl');
    const child = spawn(process.execPath, [join(fixtures, 'jsonl-writer.mjs'), path], {
      cwd: fixtures,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', () => reject(new Error('the writer exited before it was ready')));
    });
    // Wait (bounded) for a few lines to land, then kill it while it is writing the next ones.
    for (let i = 0; i < 500 && (statSync(path, { throwIfNoEntry: false })?.size ?? 0) < 200_000; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const before = lines(path);
    expect(before.complete.length).toBeGreaterThanOrEqual(2);
    for (const line of before.complete) expect(() => JSON.parse(line) as unknown).not.toThrow();
    // The kernel may stop a multi-page write() at a page boundary for SIGKILL: at most an
    // unterminated tail, which the next append (a restarted process) removes.
    appendJsonl(path, JSON.parse(before.complete[0] as string) as AuditReport);
    const after = lines(path);
    expect(after.tail).toBe('');
    expect(after.complete).toHaveLength(before.complete.length + 1);
    for (const line of after.complete) expect((JSON.parse(line) as AuditReport).findings.length).toBe(60);
  });
});
