import { Thread, ThreadLocal, ThreadPool } from '@tlkit/core';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { AUDIT_LEVELS, type AuditReport } from '../../src/report/AuditReport.js';
import { formatText } from '../../src/report/formatText.js';
import { REPORT_JSON_SCHEMA } from '../../src/report/reportSchema.js';
import { startAudit } from '../../src/startAudit.js';
import { collectUntil } from '@tlkit/testing/gc';
import { ParkedThread } from '../../src/test-utils/threads.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(REPORT_JSON_SCHEMA);

/** Produces a report with every finding kind at `level`. */
async function everyKind(level: (typeof AUDIT_LEVELS)[number]): Promise<AuditReport> {
  const audit = startAudit({ level, samplingInterval: 1 });
  try {
    const parked = new ParkedThread(`schema-${level}`);
    const ref = await parked.run(() => {
      const forgotten = new ThreadLocal<Buffer>();
      forgotten.set(Buffer.alloc(1024));
      return new WeakRef(forgotten);
    });
    await collectUntil(() => ref.deref() === undefined);
    const local = new ThreadLocal<object>();
    const pool = new ThreadPool({ size: 1, name: `schema-${level}` });
    await pool.submit(() => local.set({ leaked: true }));
    pool.execute(() => local.set(new Map()));
    await pool.shutdown();
    await new Promise<void>((resolve) => {
      new Thread(() => {
        setImmediate(() => {
          local.get();
          resolve();
        });
      }).start();
    });
    const report = audit.scan();
    await parked.end();
    return report;
  } finally {
    audit.stop();
  }
}

describe('report schema (version 1)', () => {
  for (const level of AUDIT_LEVELS) {
    it(`validates real reports at level ${level}, as JSON`, async () => {
      const report = await everyKind(level);
      const json: unknown = JSON.parse(JSON.stringify(report));
      expect(json).toEqual(report); // plain JSON-safe data: nothing lost in the round trip
      expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
      if (level !== 'disabled') {
        expect(new Set(report.findings.map((f) => f.kind))).toEqual(
          new Set(['stale-entry', 'left-behind', 'set-at-shutdown', 'terminated-thread-access']),
        );
      }
    });
  }

  it('rejects reports that break it', async () => {
    const report = JSON.parse(JSON.stringify(await everyKind('simple'))) as Record<string, unknown>;
    expect(validate({ ...report, schemaVersion: 2 })).toBe(false);
    expect(validate({ ...report, findings: [{ kind: 'left-behind' }] })).toBe(false);
    expect(validate({ ...report, extra: true })).toBe(false);
    expect(validate({ ...report, root: '' })).toBe(false);
  });

  it('names the root of relative sites, and still accepts reports without one (written before it existed)', async () => {
    const report = JSON.parse(JSON.stringify(await everyKind('advanced'))) as Record<string, unknown>;
    expect(typeof report.root).toBe('string');
    const { root: _root, ...withoutRoot } = report;
    expect(validate(withoutRoot), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('accepts an unknown size only with its reason, and a lower bound only with a size', async () => {
    const report = JSON.parse(JSON.stringify(await everyKind('simple'))) as { findings: Record<string, unknown>[] };
    const sized = report.findings.find((f) => typeof f.retainedBytes === 'number')!;
    const { retainedBytes: _bytes, ...unsized } = sized;
    const withFinding = (finding: Record<string, unknown>): unknown => ({ ...report, findings: [finding] });
    expect(validate(withFinding({ ...unsized, retainedBytes: null, retainedBytesUnknown: 'sizing threw RangeError' }))).toBe(true);
    expect(validate(withFinding({ ...unsized, retainedBytes: null }))).toBe(false);
    expect(validate(withFinding({ ...unsized, retainedBytes: null, retainedBytesUnknown: 'x', retainedBytesLowerBound: true }))).toBe(false);
    expect(validate(withFinding({ ...sized, retainedBytesLowerBound: true }))).toBe(true);
    expect(validate(withFinding({ ...unsized, retainedBytesLowerBound: true }))).toBe(false);
    expect(validate(withFinding({ ...sized, retainedBytesUnknown: 'x' }))).toBe(false);
  });

  it('is documented field by field in docs/reference/report-schema.md', () => {
    const doc = readFileSync(new URL('../../../../docs/reference/report-schema.md', import.meta.url), 'utf8');
    const { finding, stats } = REPORT_JSON_SCHEMA.$defs;
    const names = [
      ...Object.keys(REPORT_JSON_SCHEMA.properties),
      ...Object.keys(finding.properties),
      ...Object.keys(stats.properties),
      ...Object.keys(finding.properties.records.items.properties),
    ];
    for (const name of names) expect(doc, `docs/reference/report-schema.md lacks \`${name}\``).toContain(`\`${name}\``);
  });

  it('renders as text: each finding opens with LEAK:, says what was not done, and links the docs', async () => {
    const report = await everyKind('advanced');
    const text = formatText(report);
    const blocks = text.split('\n\n');
    expect(blocks).toHaveLength(report.findings.length);
    for (const block of blocks) {
      expect(block).toMatch(/^LEAK: /);
      expect(block).toMatch(/https:\/\/github\.com\/tlkit\/tlkit\/blob\/main\/docs\/guide\/staging\.md#[a-z-]+/);
    }
    expect(text).toContain('ended without remove()');
  });
});
