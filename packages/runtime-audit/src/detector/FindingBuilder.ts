import type { Thread, ThreadLocalKey } from '@tlkit/core';
import type { FindingKind } from '../report/AuditReport.js';
import type { EntryTraces } from './EntryTraces.js';
import type { ErrorSink } from './ErrorSink.js';
import { isProxy, nameOf, ownDataValue } from './intrinsics.js';
import { estimateSize, type SizeWork } from './estimateSize.js';
import type { Occurrence } from './FindingLog.js';
import type { ThreadLocalRegistry } from './ThreadLocalRegistry.js';
import { valueType } from './valueType.js';

/** A value's measured size: bytes (a lower bound when `lowerBound`), or `null` with the reason. */
export type ValueSize =
  | { readonly bytes: number; readonly lowerBound: boolean }
  | { readonly bytes: null; readonly unknown: string };

/** The event-specific facts of an occurrence, beside those every entry finding has. */
export type OccurrenceExtras = Pick<Occurrence, 'taskId' | 'taskKind' | 'taskSite'>;

/**
 * The one place where a thread's entry becomes an {@link Occurrence}: kind, thread, pool, value
 * type, ThreadLocal id and site, and the entry's trace. It never throws: a part that cannot be
 * worked out is contained (counted in `stats.auditErrors`) and left unknown, so that one odd value
 * never hides its own finding, nor the entries and threads after it.
 */
export class FindingBuilder {
  readonly #registry: ThreadLocalRegistry;
  readonly #traces: EntryTraces;
  readonly #errors: ErrorSink;
  readonly #estimate: typeof estimateSize;

  /**
   * @param registry - what is known of each ThreadLocal
   * @param traces - sampled sets and access records
   * @param errors - where contained errors go
   * @param estimate - the size estimator ({@link estimateSize}; another one only to inject faults in tests)
   */
  constructor(registry: ThreadLocalRegistry, traces: EntryTraces, errors: ErrorSink, estimate: typeof estimateSize = estimateSize) {
    this.#registry = registry;
    this.#traces = traces;
    this.#errors = errors;
    this.#estimate = estimate;
  }

  /**
   * @param kind - the finding's kind
   * @param thread - the entry's thread
   * @param pool - its pool's name, if any
   * @param key - the entry's ThreadLocal key
   * @param value - the entry's value
   * @param extras - task facts (`left-behind`)
   * @returns the occurrence
   */
  entry(kind: FindingKind, thread: Thread, pool: string | undefined, key: ThreadLocalKey, value: unknown, extras?: OccurrenceExtras): Occurrence {
    let type = 'unknown';
    try {
      type = valueType(value);
    } catch (error) {
      this.#errors.contain('naming a value type', error);
    }
    let id = key.id;
    let site: string | undefined;
    try {
      const info = this.#registry.infoOf(key);
      id = info.id;
      site = info.site;
    } catch (error) {
      this.#errors.contain('looking up a ThreadLocal', error);
    }
    let facts = {};
    try {
      facts = this.#traces.factsOf(thread, key, value);
    } catch (error) {
      this.#errors.contain('reading an entry trace', error);
    }
    return { kind, thread: nameOf(thread), pool, valueType: type, threadLocalId: id, threadLocalSite: site, ...extras, ...facts };
  }

  /**
   * Measures a value with {@link estimateSize}; never throws.
   *
   * @param value - the value
   * @param work - units left to the scan or event, and remembered large objects
   * @returns its size, or `bytes: null` and why it could not be measured
   */
  size(value: unknown, work: SizeWork): ValueSize {
    try {
      const { bytes, truncated } = this.#estimate(value, undefined, work);
      return { bytes, lowerBound: truncated };
    } catch (error) {
      this.#errors.contain('sizing a value', error);
      return { bytes: null, unknown: describeError(error) };
    }
  }
}

/** A short, safe description of what an estimate threw (never calls the error's own methods). */
function describeError(error: unknown): string {
  const label = valueType(error);
  if (typeof error !== 'object' || error === null || isProxy(error)) return `sizing threw ${label === 'string' ? 'a string' : label}`;
  const message = ownDataValue(error, 'message');
  return typeof message === 'string' ? `sizing threw ${label}: ${message.slice(0, 200)}` : `sizing threw ${label}`;
}
