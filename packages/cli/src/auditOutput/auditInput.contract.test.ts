import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ThreadLocal, ThreadPool } from '@tlkit/core';
import type { AuditReport, Finding } from '@tlkit/runtime-audit';
import { REPORT_JSON_SCHEMA, startAudit } from '@tlkit/runtime-audit';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fixtureDir } from '../test-utils/fixtures.js';
import type { AuditFinding } from './auditInput.js';
import { parseAuditInput } from './auditInput.js';
import { summarizeAudit } from './auditSummary.js';

/*
 * The contract with @tlkit/runtime-audit, checked three ways: its types are accepted by the CLI's
 * input types (compile time), the CLI's fixtures satisfy its JSON schema, and a report produced by a
 * real audit of a real pool leak is read and rendered.
 */

// Compile time: every finding runtime-audit can write is an AuditFinding.
const accepts = (finding: Finding): AuditFinding => finding;
void accepts;

const addFormats = addFormatsModule.default;

describe('contract with @tlkit/runtime-audit', () => {
  it('the report fixtures (except the deliberately broken ones) satisfy REPORT_JSON_SCHEMA', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(REPORT_JSON_SCHEMA);
    const dir = fixtureDir('audit');
    for (const file of readdirSync(dir).filter((f) => !['not-a-report.json', 'bad-field.json', 'torn.jsonl'].includes(f))) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const values = file.endsWith('.jsonl') ? text.trim().split('\n').map((line) => JSON.parse(line) as unknown) : [JSON.parse(text) as unknown];
      for (const value of values) {
        validate(value);
        expect({ file, errors: validate.errors ?? [] }).toEqual({ file, errors: [] });
      }
    }
  });

  it('reads sizes that are unknown (null, with a reason) or lower bounds', () => {
    const text = readFileSync(path.join(fixtureDir('audit'), 'unsized.json'), 'utf8');
    const { reports, warnings } = parseAuditInput(text, 'unsized.json');
    expect(warnings).toEqual([]);
    const [unknown, lowerBound] = reports[0]!.findings;
    expect(unknown).not.toHaveProperty('retainedBytes');
    expect(unknown!.retainedBytesUnknown).toBe('sizing threw RangeError: Maximum call stack size exceeded');
    expect(lowerBound).toMatchObject({ retainedBytes: 8000024, retainedBytesLowerBound: true });
    const summary = summarizeAudit(reports);
    expect(summary.findings.map((f) => f.retained).sort()).toEqual([8000024, undefined]);
  });

  it('reads the reports of a real audit of a pool task that leaves a value behind', async () => {
    const audit = startAudit({ level: 'paranoid', intervalMs: 0, metrics: false });
    const reports: AuditReport[] = [];
    try {
      // eslint-disable-next-line @tlkit/static-thread-local -- one thread-local per test run, to be audited
      const session = new ThreadLocal<Buffer>();
      const pool = new ThreadPool({ size: 1, name: 'contract-pool' });
      await pool.submit(() => {
        // eslint-disable-next-line @tlkit/remove-in-finally -- the leak the audit must report
        session.set(Buffer.alloc(4096));
      });
      reports.push(audit.scan());
      await pool.shutdown();
      reports.push(audit.scan());
    } finally {
      audit.stop();
    }
    const jsonl = reports.map((report) => JSON.stringify(report)).join('\n');
    const { reports: parsed, warnings } = parseAuditInput(jsonl, 'audit.jsonl');
    expect(warnings).toEqual([]);
    expect(parsed).toHaveLength(2);
    const summary = summarizeAudit(parsed);
    const leftBehind = summary.findings.find((f) => f.kind === 'left-behind');
    expect(leftBehind).toMatchObject({ pool: 'contract-pool', valueType: 'Buffer', count: 1 });
    expect(leftBehind?.threadLocalSite).toMatch(/auditInput\.contract\.test\.ts:\d+:\d+$/);
  });
});
