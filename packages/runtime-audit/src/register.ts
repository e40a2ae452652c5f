/**
 * The staging preload: `NODE_OPTIONS="--import @tlkit/runtime-audit/register" node app.js`.
 * Loaded before any application module, so module-level thread-locals get their creation sites.
 * Runs at `advanced` unless `TLKIT_AUDIT_LEVEL` says otherwise (sites in the first report, for
 * 1.1–1.2×). Configured by environment variables (see readAuditEnv.ts and docs/guide/staging.md);
 * a bad value prints one line to stderr and leaves the audit off — the preload never stops the
 * application from starting. Reports go to a JSON Lines file and/or as text to stderr/stdout every
 * `TLKIT_AUDIT_INTERVAL_MS`, and once more when the process ends: on exit, and on a signal that
 * would kill it (see {@link onProcessEnd}).
 */
import { onExit } from 'signal-exit';
import { readAuditEnv, type AuditEnvConfig } from './readAuditEnv.js';
import { appendJsonl } from './report/appendJsonl.js';
import type { AuditReport } from './report/AuditReport.js';
import { changedFindings } from './report/changedFindings.js';
import { formatChanges } from './report/formatText.js';
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
      const changes = textFilter(report.findings);
      if (changes.length > 0) process[config.text].write(formatChanges(report, changes));
    }
  };
  const audit = startAudit({
    level: config.level,
    // With forceGc the schedule below takes over: startAudit's own schedule never collects.
    intervalMs: config.forceGc ? 0 : config.intervalMs,
    samplingInterval: config.samplingInterval,
    metrics: config.metrics,
    root: config.root,
    onReport: deliver,
  });
  registry[REGISTERED] = audit;
  if (config.forceGc && config.intervalMs > 0) {
    setInterval(() => {
      if (!audit.isStopped()) deliver(audit.scan({ forceGc: true }));
    }, config.intervalMs).unref();
  }
  onProcessEnd(() => {
    if (audit.isStopped()) return;
    try {
      deliver(audit.scan({ forceGc: config.forceGc }));
    } catch (error) {
      once(failures, `final report failed: ${(error as Error).message}`);
    }
    audit.stop();
  });
}

/**
 * Runs `finalReport` once, synchronously, when the process ends: on `exit` (the event loop drained,
 * or `process.exit()`), and on a signal that would kill it (SIGTERM, SIGINT, SIGHUP, … — every
 * signal whose default action ends the process) *when the application has no listener of its own*
 * for it. Then the signal is raised again with the listener removed, so the process dies of it as
 * it would have without the audit: same signal, same exit status for the parent (`signalCode`).
 *
 * An application that listens for the signal keeps full control: the audit neither reports nor
 * exits at the signal, and the final report is written when the application's own shutdown ends
 * the process (its `exit`). This is `signal-exit`'s contract, and using `signal-exit` itself (not a
 * listener of our own) matters: two such libraries that each listen for the signal and each see the
 * other's listener would both defer to "the application", and the process would not end at all;
 * copies of `signal-exit` share one registry and cooperate.
 */
function onProcessEnd(finalReport: () => void): void {
  // The handler returns nothing (not `true`), so on a signal signal-exit re-raises it.
  onExit(() => {
    finalReport();
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
