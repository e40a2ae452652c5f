import type { Thread, ThreadLocalKey } from '@tlkit/core';
import type { AccessRecord } from '../report/AuditReport.js';
import { fingerprint, matches, type Fingerprint } from './fingerprint.js';

/** Marks a trace whose entry was removed: it matches no value. */
const REMOVED: unique symbol = Symbol('removed');

/** The last sampled operation on one entry (`advanced`+), and the last few (`paranoid`). */
interface EntryTrace {
  site: string | undefined;
  value: Fingerprint | typeof REMOVED;
  initial: boolean;
  /** `paranoid`: the last operations, oldest first; times as epoch ms, formatted when reported. */
  records: RawRecord[] | undefined;
}

interface RawRecord {
  readonly op: AccessRecord['op'];
  readonly site: string | undefined;
  readonly at: number;
}

/** What a trace tells about an entry's current value. */
export interface TraceFacts {
  readonly setSite?: string | undefined;
  readonly initial?: boolean | undefined;
  readonly records?: readonly AccessRecord[] | undefined;
}

const NO_FACTS: TraceFacts = {};

/**
 * The sampled sets (and, at `paranoid`, the access records) of each entry, by thread and
 * ThreadLocal key.
 *
 * Invariant: a trace lives exactly as long as both its thread and its ThreadLocal's key. Both
 * levels are `WeakMap`s: core keeps a key only while its ThreadLocal or a stale entry of it exists,
 * so the trace of a collected ThreadLocal without stale entries goes with the next GC, and the
 * audit's memory follows the application's own live (thread, ThreadLocal) pairs — never the
 * number of ThreadLocals ever created. Each trace holds at most `maxRecords` records.
 */
export class EntryTraces {
  readonly #byThread = new WeakMap<Thread, WeakMap<ThreadLocalKey, EntryTrace>>();
  readonly #maxRecords: number;

  /** @param maxRecords - access records kept per entry; 0 keeps none (below `paranoid`) */
  constructor(maxRecords: number) {
    this.#maxRecords = maxRecords;
  }

  /**
   * Notes a sampled set (or initial value from `get()`).
   *
   * @param thread - where
   * @param key - which ThreadLocal
   * @param value - the value stored
   * @param initial - stored by `get()` from `initialValue()`
   * @param site - where the call was, when resolved
   */
  noteSet(thread: Thread, key: ThreadLocalKey, value: unknown, initial: boolean, site: string | undefined): void {
    let traces = this.#byThread.get(thread);
    if (traces === undefined) {
      traces = new WeakMap();
      this.#byThread.set(thread, traces);
    }
    let trace = traces.get(key);
    if (trace === undefined) {
      trace = { site, value: fingerprint(value), initial, records: undefined };
      traces.set(key, trace);
    } else {
      trace.site = site;
      trace.value = fingerprint(value);
      trace.initial = initial;
    }
    this.#addRecord(trace, initial ? 'initial' : 'set', site);
  }

  /**
   * Notes a removal (`paranoid`), for the access records; nothing when the entry has no trace.
   *
   * @param thread - where
   * @param key - which ThreadLocal
   * @param site - where the call was
   */
  noteRemove(thread: Thread, key: ThreadLocalKey, site: string | undefined): void {
    const trace = this.#byThread.get(thread)?.get(key);
    if (trace === undefined) return;
    trace.value = REMOVED;
    this.#addRecord(trace, 'remove', site);
  }

  /**
   * @param thread - where the entry is
   * @param key - its ThreadLocal's key
   * @param value - the value it holds now
   * @returns the access records, and the sampled set site when the sample was of this value
   */
  factsOf(thread: Thread, key: ThreadLocalKey, value: unknown): TraceFacts {
    const trace = this.#byThread.get(thread)?.get(key);
    if (trace === undefined) return NO_FACTS;
    const records = trace.records?.map(({ op, site, at }): AccessRecord => {
      const time = new Date(at).toISOString();
      return site === undefined ? { op, at: time } : { op, site, at: time };
    });
    if (trace.value === REMOVED || !matches(trace.value, value)) return { records };
    return { setSite: trace.site, initial: trace.initial, records };
  }

  #addRecord(trace: EntryTrace, op: AccessRecord['op'], site: string | undefined): void {
    if (this.#maxRecords === 0) return;
    const records = (trace.records ??= []);
    records.push({ op, site, at: Date.now() });
    if (records.length > this.#maxRecords) records.shift();
  }
}
