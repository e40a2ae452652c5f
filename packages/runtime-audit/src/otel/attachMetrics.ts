import { readFileSync } from 'node:fs';
// Type-only and used only inside function bodies, so the emitted declarations never name it: a
// consumer without the optional peer `@opentelemetry/api` must still compile against ours without
// `skipLibCheck`. Every type that appears in an exported signature below is declared here instead.
import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import type { AuditReport, FindingKind } from '../report/AuditReport.js';

/** Anything that hands out meters: `@opentelemetry/api`'s global `metrics`, or an SDK `MeterProvider`. */
export interface MeterProviderLike {
  getMeter(name: string, version?: string): unknown;
}

/** Detaches the instruments' callback; the instruments themselves stay registered with the meter. */
export interface MetricsHandle {
  detach(): void;
}

/** The meter (instrumentation scope) name. */
export const METER_NAME = '@tlkit/runtime-audit';

/** Metric names, per OpenTelemetry's naming guidelines. */
export const METRIC_NAMES = {
  staleEntries: 'tlkit.audit.stale_entries',
  staleRetainedBytes: 'tlkit.audit.stale_retained_bytes',
  leftBehind: 'tlkit.audit.left_behind',
  setAtShutdown: 'tlkit.audit.set_at_shutdown',
  terminatedThreadAccesses: 'tlkit.audit.terminated_thread_accesses',
} as const;

/**
 * The part of the `@opentelemetry/api` module the audit uses, as loaded from the application's
 * dependencies. Declared structurally rather than as `typeof import('@opentelemetry/api')`, which
 * would make the published declarations fail to compile wherever the optional peer is missing;
 * {@link loadOtelApi} checks at build time that the real module satisfies it.
 */
export interface OtelApi {
  readonly metrics: {
    /** The global meter provider (a no-op one until the application registers an SDK). */
    getMeterProvider(): MeterProviderLike;
  };
}

/** This package's version, the instrumentation scope version: read once, never hard-coded. */
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Loads `@opentelemetry/api`, an optional peer dependency.
 *
 * @returns the module, or `undefined` when the application does not have it
 */
export async function loadOtelApi(): Promise<OtelApi | undefined> {
  try {
    const api: OtelApi = await import('@opentelemetry/api');
    return api;
  } catch {
    return undefined;
  }
}

/**
 * Publishes the audit's figures as OpenTelemetry metrics, when the application has
 * `@opentelemetry/api` (an optional peer dependency): stale entries and their retained bytes per
 * ThreadLocal creation site (observable gauges), and cumulative left-behind, set-at-shutdown and
 * late-access counts (observable counters). All instruments are observed in one batch callback
 * that takes one scan per collection, so set/remove paths never call into OpenTelemetry.
 *
 * @param scan - takes a report (a scan) for one collection
 * @param provider - the meter provider (an SDK `MeterProvider`, or the API's global one)
 * @param onError - receives an error thrown while observing (the collection then reports nothing)
 * @returns a handle to detach the callback
 */
export function attachMetrics(scan: () => AuditReport, provider: MeterProviderLike, onError: (error: unknown) => void): MetricsHandle {
  const meter = provider.getMeter(METER_NAME, PACKAGE_VERSION) as Meter;
  const staleEntries = meter.createObservableGauge(METRIC_NAMES.staleEntries, {
    description: 'Stale thread-local entries (ThreadLocal collected, value still held by a live thread)',
    unit: '{entry}',
  });
  const staleBytes = meter.createObservableGauge(METRIC_NAMES.staleRetainedBytes, {
    description: 'Approximate bytes retained by stale thread-local entries',
    unit: 'By',
  });
  const counters: Record<Exclude<FindingKind, 'stale-entry'>, Observable> = {
    'left-behind': meter.createObservableCounter(METRIC_NAMES.leftBehind, {
      description: 'Values pool tasks left set on their pool thread when they ended',
      unit: '{value}',
    }),
    'set-at-shutdown': meter.createObservableCounter(METRIC_NAMES.setAtShutdown, {
      description: 'Values still set on pool threads when shutdown() terminated them',
      unit: '{value}',
    }),
    'terminated-thread-access': meter.createObservableCounter(METRIC_NAMES.terminatedThreadAccesses, {
      description: 'ThreadLocal accesses by code running on a terminated thread',
      unit: '{access}',
    }),
  };
  const observables: Observable[] = [staleEntries, staleBytes, ...Object.values(counters)];
  const callback = (result: BatchObservableResult): void => {
    try {
      const report = scan();
      const stale = new Map<string, { attributes: Attributes; entries: number; bytes: number }>();
      const events = new Map<string, { instrument: Observable; attributes: Attributes; count: number }>();
      for (const finding of report.findings) {
        const attributes: Attributes = {
          'tlkit.threadlocal.site': finding.threadLocalSite ?? 'unknown',
          'tlkit.value.type': finding.valueType,
        };
        if (finding.pool !== undefined) attributes['tlkit.pool'] = finding.pool;
        const key = JSON.stringify([finding.kind, attributes]);
        if (finding.kind === 'stale-entry') {
          const sum = stale.get(key) ?? { attributes, entries: 0, bytes: 0 };
          sum.entries += finding.count;
          sum.bytes += finding.totalRetainedBytes ?? 0;
          stale.set(key, sum);
        } else {
          const sum = events.get(key) ?? { instrument: counters[finding.kind], attributes, count: 0 };
          sum.count += finding.count;
          events.set(key, sum);
        }
      }
      for (const { attributes, entries, bytes } of stale.values()) {
        result.observe(staleEntries, entries, attributes);
        result.observe(staleBytes, bytes, attributes);
      }
      for (const { instrument, attributes, count } of events.values()) result.observe(instrument, count, attributes);
    } catch (error) {
      onError(error);
    }
  };
  meter.addBatchObservableCallback(callback, observables);
  return {
    detach: () => {
      meter.removeBatchObservableCallback(callback, observables);
    },
  };
}
