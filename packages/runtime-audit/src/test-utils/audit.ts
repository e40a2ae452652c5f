import { afterEach } from 'vitest';
import type { Finding, FindingKind } from '../report/AuditReport.js';
import { startAudit, type Audit, type AuditOptions } from '../startAudit.js';

/**
 * The audit lifecycle shared by the test files that start one audit per test: call it at the top
 * level of a test file; every audit `start()` returns is stopped after its test.
 *
 * @returns `start()`, which starts an audit, and `findings(kind)`, the findings of that kind in a
 *   scan of the audit the current test started last
 */
export function auditPerTest(): { start(options?: AuditOptions): Audit; findings(kind: FindingKind): Finding[] } {
  let current: Audit | undefined;
  afterEach(() => {
    current?.stop();
    current = undefined;
  });
  return {
    start: (options) => (current = startAudit(options)),
    findings: (kind) => {
      if (current === undefined) throw new Error('findings(): no audit was started in this test');
      return current.scan().findings.filter((f) => f.kind === kind);
    },
  };
}
