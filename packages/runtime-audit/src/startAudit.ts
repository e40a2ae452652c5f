import { Detector } from './detector/Detector.js';
import { ErrorSink } from './detector/ErrorSink.js';
import { useSiteRoot } from './detector/captureSite.js';
import { DEFAULT_SAMPLING_INTERVAL } from './detector/SiteSampler.js';
import { siteRoot } from './detector/siteRoot.js';
import { AuditStoppedError, badArgument } from './errors.js';
import { attachMetrics, loadOtelApi, type MeterProviderLike, type MetricsHandle, type OtelApi } from './otel/attachMetrics.js';
import { AUDIT_LEVELS, REPORT_SCHEMA_VERSION, type AuditLevel, type AuditReport } from './report/AuditReport.js';

/** Options of {@link startAudit}. */
export interface AuditOptions {
  /** Detail and cost; default `'simple'`. See docs/guide/staging.md#levels. */
  level?: AuditLevel;
  /** Milliseconds between scheduled reports to `onReport`; default 60 000; `0` for none. */
  intervalMs?: number;
  /** Receives each scheduled report; an error it throws is contained and printed once. */
  onReport?: (report: AuditReport) => void;
  /**
   * At `advanced`, the longest interval between two captured set sites of one ThreadLocal (and
   * between two captured submit sites): each ThreadLocal's first sets and new sites are captured at
   * once, known sites at doubling intervals up to 1 in this many; default 4096. 1 captures every one.
   */
  samplingInterval?: number;
  /** Most distinct findings kept (each kind of event merges into one per identity); default 1000. */
  maxFindings?: number;
  /** At `paranoid`, the access records kept per entry; default 4. */
  maxRecords?: number;
  /** Publish OpenTelemetry metrics when `@opentelemetry/api` is installed; default `true`. */
  metrics?: boolean;
  /** The meter provider to use instead of the global one (`metrics` from `@opentelemetry/api`). */
  meterProvider?: MeterProviderLike;
  /**
   * The directory sites are reported relative to (a relative path is resolved against
   * `process.cwd()`), or `false` to report absolute paths. Default: the nearest directory at or
   * above `process.cwd()` that holds a `package.json` (absolute paths when there is none). Sites
   * outside the root stay absolute; the report names the root in {@link AuditReport.root}.
   */
  root?: string | false | undefined;
}

/** Options of {@link Audit.scan}. */
export interface ScanOptions {
  /**
   * Run a full `gc()` before scanning, so that ThreadLocals that are garbage are collected and
   * their entries show as stale. Only when the process runs with `--expose-gc`; otherwise ignored
   * (`stats.gcForced` says which).
   */
  forceGc?: boolean;
}

/** A running audit, returned by {@link startAudit}. */
export interface Audit {
  /** The level it runs at. */
  readonly level: AuditLevel;
  /**
   * Settles once metrics are set up: `true` when OpenTelemetry instruments were registered, `false`
   * when metrics are off, the level is `disabled`, or `@opentelemetry/api` is not installed.
   */
  readonly metricsReady: Promise<boolean>;
  /**
   * Takes a report now, synchronously: stale entries of every live thread, plus the findings
   * merged since the audit started.
   *
   * @param options - scan options
   * @returns the report
   * @throws AuditStoppedError after {@link Audit.stop}
   * @throws TypeError when an option has the wrong type
   */
  scan(options?: ScanOptions): AuditReport;
  /** Unhooks core and cancels scheduled reports. Calling it again does nothing. */
  stop(): void;
  /** @returns whether {@link Audit.stop} was called */
  isStopped(): boolean;
}

const OPTION_NAMES: readonly (keyof AuditOptions)[] = [
  'level',
  'intervalMs',
  'onReport',
  'samplingInterval',
  'maxFindings',
  'maxRecords',
  'metrics',
  'meterProvider',
  'root',
];

/** How often an audit checks whether the application registered another global meter provider. */
const METRICS_REFRESH_MS = 1000;

/** Largest delay `setInterval` accepts. */
const MAX_INTERVAL_MS = 2 ** 31 - 1;

/**
 * Starts auditing thread-local use: installs an observer in `@tlkit/core` (chained to any observer
 * already there) and, with `onReport`, reports every `intervalMs` on an `unref()`'d timer that never
 * keeps the process alive. The audit holds no strong reference to any ThreadLocal or value, and an
 * error inside it (or in `onReport`) never reaches the application.
 *
 * @param options - level, schedule, sampling; every option is optional
 * @returns the running audit
 * @throws TypeError when `options` or an option has the wrong type, or names an unknown option
 * @throws RangeError when a number is out of range, `level` is not a level, or `root` is not a directory
 */
export function startAudit(options: AuditOptions = {}): Audit {
  const settings = validate(options);
  if (settings.level === 'disabled') return new DisabledAudit();
  return new RunningAudit(settings);
}

interface Settings {
  readonly level: AuditLevel;
  readonly intervalMs: number;
  readonly onReport: ((report: AuditReport) => void) | undefined;
  readonly samplingInterval: number;
  readonly maxFindings: number;
  readonly maxRecords: number;
  readonly metrics: boolean;
  readonly meterProvider: MeterProviderLike | undefined;
  /** The resolved root, or `undefined` for absolute sites. */
  readonly root: string | undefined;
}

class RunningAudit implements Audit {
  readonly level: AuditLevel;
  readonly metricsReady: Promise<boolean>;
  readonly #detector: Detector;
  readonly #errors = new ErrorSink();
  readonly #onReport: ((report: AuditReport) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #metrics: MetricsHandle | undefined;
  /** The provider `#metrics` is attached to; with no explicit one, the global one at the time. */
  #metricsProvider: MeterProviderLike | undefined;
  #otel: OtelApi | undefined;
  #metricsRefresh: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #root: string | undefined;
  readonly #releaseRoot: () => void;

  constructor(settings: Settings) {
    this.level = settings.level;
    this.#onReport = settings.onReport;
    this.#root = settings.root;
    this.#releaseRoot = useSiteRoot(settings.root);
    this.#detector = new Detector({
      level: settings.level as Exclude<AuditLevel, 'disabled'>,
      samplingInterval: settings.samplingInterval,
      maxFindings: settings.maxFindings,
      maxRecords: settings.maxRecords,
      errors: this.#errors,
    });
    this.#detector.install();
    if (settings.onReport !== undefined && settings.intervalMs > 0) {
      this.#timer = setInterval(() => {
        this.#tick();
      }, settings.intervalMs);
      this.#timer.unref();
    }
    this.metricsReady = settings.metrics ? this.#startMetrics(settings.meterProvider) : Promise.resolve(false);
  }

  scan(options?: ScanOptions): AuditReport {
    if (this.#stopped) throw new AuditStoppedError('scan(): the audit was stopped (start a new one with startAudit())');
    const forceGc = validateScan(options);
    this.#followGlobalMeterProvider();
    return this.#report(forceGc);
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    clearInterval(this.#metricsRefresh);
    this.#detector.uninstall();
    this.#releaseRoot();
    this.#metrics?.detach();
    this.#metrics = undefined;
  }

  isStopped(): boolean {
    return this.#stopped;
  }

  #tick(): void {
    if (this.#stopped || this.#onReport === undefined) return;
    this.#followGlobalMeterProvider();
    const report = this.#report(false);
    try {
      this.#onReport(report);
    } catch (error) {
      this.#errors.contain('onReport', error);
    }
  }

  /** The detector's report, naming the root its sites are relative to. */
  #report(forceGc: boolean): AuditReport {
    const { schemaVersion, createdAt, ...rest } = this.#detector.report(forceGc);
    return this.#root === undefined ? { schemaVersion, createdAt, ...rest } : { schemaVersion, createdAt, root: this.#root, ...rest };
  }

  async #startMetrics(provider: MeterProviderLike | undefined): Promise<boolean> {
    try {
      const api = await loadOtelApi();
      if (api === undefined || this.#stopped) return false;
      if (provider !== undefined) {
        this.#attachMetrics(provider);
        return true;
      }
      // The global provider is usually registered by the application after the preload ran (and
      // @opentelemetry/api has no proxy for metrics): follow it when it changes.
      this.#otel = api;
      this.#followGlobalMeterProvider();
      this.#metricsRefresh = setInterval(() => {
        this.#followGlobalMeterProvider();
      }, METRICS_REFRESH_MS);
      this.#metricsRefresh.unref();
      return true;
    } catch (error) {
      this.#errors.contain('OpenTelemetry metrics setup', error);
      return false;
    }
  }

  /** Re-attaches the instruments when the global meter provider is not the one they are on. */
  #followGlobalMeterProvider(): void {
    if (this.#otel === undefined || this.#stopped) return;
    try {
      const current = this.#otel.metrics.getMeterProvider();
      if (current !== this.#metricsProvider) this.#attachMetrics(current);
    } catch (error) {
      this.#errors.contain('OpenTelemetry metrics setup', error);
    }
  }

  #attachMetrics(provider: MeterProviderLike): void {
    this.#metrics?.detach();
    this.#metricsProvider = provider;
    this.#metrics = attachMetrics(
      () => this.#detector.report(false),
      provider,
      (error) => {
        this.#errors.contain('the OpenTelemetry metrics callback', error);
      },
    );
  }
}

/** `disabled`: no hooks, no timer; scans return an empty report. */
class DisabledAudit implements Audit {
  readonly level: AuditLevel = 'disabled';
  readonly metricsReady: Promise<boolean> = Promise.resolve(false);
  readonly #startedAt = new Date().toISOString();
  #stopped = false;

  scan(options?: ScanOptions): AuditReport {
    if (this.#stopped) throw new AuditStoppedError('scan(): the audit was stopped (start a new one with startAudit())');
    validateScan(options);
    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      createdAt: new Date().toISOString(),
      findings: [],
      stats: {
        level: 'disabled',
        samplingInterval: 0,
        startedAt: this.#startedAt,
        scanDurationMs: 0,
        gcForced: false,
        liveThreads: 0,
        entries: 0,
        staleEntries: 0,
        staleRetainedBytes: 0,
        threadLocalsTracked: 0,
        tasksObserved: 0,
        leftBehind: 0,
        setAtShutdown: 0,
        terminatedThreadAccesses: 0,
        expungedEntries: 0,
        droppedFindings: 0,
        auditErrors: 0,
      },
    };
  }

  stop(): void {
    this.#stopped = true;
  }

  isStopped(): boolean {
    return this.#stopped;
  }
}

function validate(options: AuditOptions): Settings {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JavaScript callers can pass null whatever the type says
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(badArgument('options', options, "an object such as { level: 'simple' }"));
  }
  for (const name of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(name)) {
      throw new TypeError(badArgument(`options.${name}`, (options as Record<string, unknown>)[name], `one of the options ${OPTION_NAMES.join(', ')}`));
    }
  }
  const { level = 'simple', onReport, metrics = true, meterProvider, root } = options;
  if (typeof level !== 'string') throw new TypeError(badArgument('options.level', level, `one of ${AUDIT_LEVELS.join(', ')}`));
  if (!(AUDIT_LEVELS as readonly string[]).includes(level)) {
    throw new RangeError(badArgument('options.level', level, `one of ${AUDIT_LEVELS.join(', ')}`));
  }
  if (onReport !== undefined && typeof onReport !== 'function') {
    throw new TypeError(badArgument('options.onReport', onReport, 'a function receiving each report'));
  }
  if (typeof metrics !== 'boolean') throw new TypeError(badArgument('options.metrics', metrics, 'a boolean'));
  if (
    meterProvider !== undefined &&
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JavaScript callers can pass null whatever the type says
    (typeof meterProvider !== 'object' || meterProvider === null || typeof meterProvider.getMeter !== 'function')
  ) {
    throw new TypeError(badArgument('options.meterProvider', meterProvider, 'an OpenTelemetry MeterProvider (with getMeter())'));
  }
  if (root !== undefined && root !== false && (typeof root !== 'string' || root === '')) {
    throw new TypeError(badArgument('options.root', root, 'a directory path, or false for absolute sites'));
  }
  return {
    level,
    onReport,
    metrics,
    meterProvider,
    root: siteRoot(root),
    intervalMs: integer('options.intervalMs', options.intervalMs, 60_000, 0, MAX_INTERVAL_MS),
    samplingInterval: integer('options.samplingInterval', options.samplingInterval, DEFAULT_SAMPLING_INTERVAL, 1, 2 ** 30),
    maxFindings: integer('options.maxFindings', options.maxFindings, 1000, 1, 1_000_000),
    maxRecords: integer('options.maxRecords', options.maxRecords, 4, 1, 64),
  };
}

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const expected = `an integer from ${min} to ${max}`;
  if (typeof value !== 'number') throw new TypeError(badArgument(name, value, expected));
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(badArgument(name, value, expected));
  return value;
}

function validateScan(options: ScanOptions | undefined): boolean {
  if (options === undefined) return false;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JavaScript callers can pass null whatever the type says
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(badArgument('options', options, 'an object such as { forceGc: true }, or undefined'));
  }
  const { forceGc = false } = options;
  if (typeof forceGc !== 'boolean') throw new TypeError(badArgument('options.forceGc', forceGc, 'a boolean'));
  return forceGc;
}
