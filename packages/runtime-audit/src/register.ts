/**
 * The staging preload: `NODE_OPTIONS="--import @tlkit/runtime-audit/register" node app.js`.
 * Loaded before any application module, so module-level thread-locals get their creation sites
 * (at `advanced` and `paranoid`). Configured by environment variables (see readAuditEnv.ts and
 * docs/guide/staging.md); a bad value prints one line to stderr and leaves the audit off — the
 * preload never stops the application from starting. Reports go to a JSON Lines file and/or as
 * text to stderr/stdout every `TLKIT_AUDIT_INTERVAL_MS`, and once more when the process exits.
 */
import { readAuditEnv, type AuditEnvConfig } from './readAuditEnv.js';
import { appendJsonl } from './report/appendJsonl.js';
import type { AuditReport } from './report/AuditReport.js';
import { changedFindings } from './report/changedFindings.js';
import { formatText } from './report/formatText.js';
import { startAudit, type Audit } from './startAudit.js';

const REGISTERED = Symbol.for('@tlkit/runtime-audit/register');

function register(): void {
  const registry = globalThis as { [REGISTERED]?: Audit };
  if (registry[REGISTERED] !== undefined) return;
  let config: AuditEnvConfig;
  try {
    config = readAuditEnv();
  } catch (error) {
    warn(`${(error as Error).message}; the audit is off`);
    return;
  }
  if (config.level === 'disabled') return;
  const textFilter = changedFindings();
  const failures = new Set<string>();
  const deliver = (report: AuditReport): void => {
    if (config.jsonl !== undefined) {
      try {
        appendJsonl(config.jsonl, report);
      } catch (error) {
        once(failures, `cannot append to ${config.jsonl}: ${(error as Error).message}`);
      }
    }
    if (config.text !== 'off') {
      const changed = textFilter(report.findings);
      if (changed.length > 0) process[config.text].write(formatText(report, changed));
    }
  };
  const audit = startAudit({
    level: config.level,
    // With forceGc the schedule below takes over: startAudit's own schedule never collects.
    intervalMs: config.forceGc ? 0 : config.intervalMs,
    samplingInterval: config.samplingInterval,
    metrics: config.metrics,
    onReport: deliver,
  });
  registry[REGISTERED] = audit;
  if (config.forceGc && config.intervalMs > 0) {
    setInterval(() => {
      if (!audit.isStopped()) deliver(audit.scan({ forceGc: true }));
    }, config.intervalMs).unref();
  }
  process.once('exit', () => {
    if (audit.isStopped()) return;
    try {
      deliver(audit.scan({ forceGc: config.forceGc }));
    } catch (error) {
      once(failures, `final report failed: ${(error as Error).message}`);
    }
    audit.stop();
  });
}

function once(seen: Set<string>, message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  warn(message);
}

function warn(message: string): void {
  try {
    process.stderr.write(`@tlkit/runtime-audit/register: ${message}\n`);
  } catch {
    // stderr is gone: nothing left to tell.
  }
}

try {
  register();
} catch (error) {
  warn(`could not start the audit (${(error as Error).message}); the application runs without it`);
}
