import { ThreadLocal, ThreadPool } from '@tlkit/core';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { METER_NAME, METRIC_NAMES } from '../../src/otel/attachMetrics.js';
import { startAudit } from '../../src/startAudit.js';
import { auditPerTest } from '../../src/test-utils/audit.js';
import { collectUntil } from '@tlkit/testing/gc';
import { ParkedThread } from '../../src/test-utils/threads.js';

afterEach(() => {
  metrics.disable();
});
const { start } = auditPerTest();

function setUp(): { provider: MeterProvider; exporter: InMemoryMetricExporter; reader: PeriodicExportingMetricReader } {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // A long interval: the test exports on demand with forceFlush(), never by waiting.
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  return { provider: new MeterProvider({ readers: [reader] }), exporter, reader };
}

function metric(exporter: InMemoryMetricExporter, name: string): MetricData | undefined {
  const scopes = exporter.getMetrics().at(-1)?.scopeMetrics ?? [];
  return scopes.filter((s) => s.scope.name === METER_NAME).flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
}

describe('OpenTelemetry metrics', () => {
  it('publishes stale entries and retained bytes per ThreadLocal site, and left-behind counts, through the real SDK', async () => {
    const { provider, exporter, reader } = setUp();
    const audit = start({ level: 'advanced', meterProvider: provider, samplingInterval: 1 });
    expect(await audit.metricsReady).toBe(true);

    const parked = new ParkedThread('metrics-worker');
    const ref = await parked.run(() => {
      const perRequest = new ThreadLocal<Buffer>(); // created per call: a stale entry once dropped
      perRequest.set(Buffer.alloc(32 * 1024));
      return new WeakRef(perRequest);
    });
    expect(await collectUntil(() => ref.deref() === undefined)).toBe(true);
    const session = new ThreadLocal<object>();
    const pool = new ThreadPool({ size: 1, name: 'otel-pool' });
    for (let i = 0; i < 3; i++) await pool.submit(() => session.set({ i }));

    await reader.forceFlush();
    const stale = metric(exporter, METRIC_NAMES.staleEntries);
    expect(stale?.dataPoints).toHaveLength(1);
    expect(stale?.dataPoints[0]?.value).toBe(1);
    expect(stale?.dataPoints[0]?.attributes['tlkit.threadlocal.site']).toMatch(/metrics\.test\.ts:\d+:\d+$/);
    expect(stale?.dataPoints[0]?.attributes['tlkit.value.type']).toBe('Buffer');
    const bytes = metric(exporter, METRIC_NAMES.staleRetainedBytes);
    expect(bytes?.descriptor.unit).toBe('By');
    expect(bytes?.dataPoints[0]?.value).toBeGreaterThanOrEqual(32 * 1024);
    const left = metric(exporter, METRIC_NAMES.leftBehind);
    expect(left?.dataPoints).toHaveLength(1);
    expect(left?.dataPoints[0]).toMatchObject({ value: 3, attributes: { 'tlkit.pool': 'otel-pool', 'tlkit.value.type': 'Object' } });

    // Counters are cumulative: a later collection sees the total grow.
    await pool.submit(() => session.set({ i: 3 }));
    await reader.forceFlush();
    expect(metric(exporter, METRIC_NAMES.leftBehind)?.dataPoints[0]?.value).toBe(4);

    await pool.shutdown();
    await parked.end();
    await provider.shutdown();
  });

  it('uses the global meter provider by default', async () => {
    const { provider, exporter, reader } = setUp();
    metrics.setGlobalMeterProvider(provider);
    const audit = start();
    expect(await audit.metricsReady).toBe(true);
    const session = new ThreadLocal<string>();
    const pool = new ThreadPool({ size: 1, name: 'global' });
    await pool.submit(() => session.set('left'));
    await reader.forceFlush();
    expect(metric(exporter, METRIC_NAMES.leftBehind)?.dataPoints[0]?.value).toBe(1);
    await pool.shutdown();
    await provider.shutdown();
  });

  it('follows a global meter provider registered after the audit started (as after the preload)', async () => {
    const audit = start();
    expect(await audit.metricsReady).toBe(true);
    const { provider, exporter, reader } = setUp();
    metrics.setGlobalMeterProvider(provider); // the application sets up its SDK later
    const session = new ThreadLocal<string>();
    const pool = new ThreadPool({ size: 1, name: 'late-sdk' });
    await pool.submit(() => session.set('left'));
    audit.scan(); // any scan (or scheduled report, or the 1 s check) notices the new provider
    await reader.forceFlush();
    expect(metric(exporter, METRIC_NAMES.leftBehind)?.dataPoints[0]).toMatchObject({ value: 1, attributes: { 'tlkit.pool': 'late-sdk' } });
    await pool.shutdown();
    await provider.shutdown();
  });

  it('stops observing on stop(), and is off with metrics: false', async () => {
    const { provider, exporter, reader } = setUp();
    const audit = start({ meterProvider: provider });
    await audit.metricsReady;
    audit.stop();
    const session = new ThreadLocal<string>();
    const pool = new ThreadPool({ size: 1 });
    await pool.submit(() => session.set('left'));
    await reader.forceFlush();
    expect(metric(exporter, METRIC_NAMES.leftBehind)?.dataPoints ?? []).toEqual([]);
    const off = startAudit({ metrics: false, meterProvider: provider });
    expect(await off.metricsReady).toBe(false);
    off.stop();
    await pool.shutdown();
    await provider.shutdown();
  });

  it('without @opentelemetry/api installed, the audit runs silently without metrics', () => {
    const fixtures = fileURLToPath(new URL('../fixtures/leaky/', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', './without-otel.mjs', './metrics-absent.mjs'], {
      cwd: fixtures,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ metricsReady: false, leftBehind: 1 });
  });
});
