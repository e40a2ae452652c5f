import { createHash } from 'node:crypto';
import type { AccessRecord, Finding, FindingKind } from '../report/AuditReport.js';
import { findingMessage } from '../report/findingMessage.js';
import type { ValueSize } from './FindingBuilder.js';

/** Distinct thread names kept per finding. */
const MAX_THREAD_NAMES = 8;

/** One occurrence of a problem, before merging. */
export interface Occurrence {
  readonly kind: FindingKind;
  readonly thread: string;
  readonly pool: string | undefined;
  readonly valueType: string;
  readonly threadLocalId: number;
  readonly threadLocalSite: string | undefined;
  readonly setSite?: string | undefined;
  readonly initial?: boolean | undefined;
  readonly taskId?: number | undefined;
  readonly taskKind?: 'execute' | 'submit' | undefined;
  readonly taskSite?: string | undefined;
  readonly access?: 'get' | 'set' | 'remove' | undefined;
  readonly accessSite?: string | undefined;
  readonly records?: readonly AccessRecord[] | undefined;
}

/** The sampled sites a merged finding has so far (what {@link FindingLog.record} returns). */
export interface MergedSites {
  readonly setSite: string | undefined;
  readonly taskSite: string | undefined;
}

/** A finding under construction: plain data, mutable until listed. */
interface Entry {
  readonly occurrence: Occurrence;
  readonly id: string;
  readonly threads: string[];
  /** Largest known size; `null` while every measurement failed; `undefined` when not measured. */
  retainedBytes: number | null | undefined;
  /** Whether `retainedBytes` is a lower bound (the walk ran out of budget). */
  lowerBound: boolean;
  /** Why the size is unknown, while `retainedBytes` is `null`. */
  unknownReason: string | undefined;
  /** Sum of the known sizes (`stale-entry`). */
  totalRetainedBytes: number;
  staleForMs: number | undefined;
  setSite: string | undefined;
  taskSite: string | undefined;
  initial: boolean | undefined;
  records: readonly AccessRecord[] | undefined;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/**
 * Merges identical occurrences into findings with a count and first/last seen times. Identity is
 * kind, pool, ThreadLocal (creation site when known, otherwise its id — or, for stale entries,
 * nothing, since a collected ThreadLocal's id means nothing to the reader), value type, and for
 * late accesses the access and its site. Sampled sites (set, submit) are not part of the identity:
 * they fill in as samples arrive. Holds at most `maxFindings` distinct findings; further distinct
 * ones are counted in `dropped`, so memory stays bounded however many leaks occur.
 */
export class FindingLog {
  /** Distinct findings not kept because the log was full. */
  dropped = 0;
  readonly #entries = new Map<string, Entry>();
  readonly #maxFindings: number;

  /** @param maxFindings - most distinct findings kept */
  constructor(maxFindings: number) {
    this.#maxFindings = maxFindings;
  }

  /**
   * Records one occurrence.
   *
   * @param occurrence - what happened
   * @param now - when (epoch milliseconds)
   * @param sizeOf - measures the value (never throws: see FindingBuilder.size); called for the
   *   first occurrence only (stale entries: every one); `undefined` for occurrences without a value
   * @param staleSince - stale entries: since when the entry has been stale
   * @returns the merged finding's sampled sites after this occurrence, or `undefined` when the
   *   log was full and the occurrence was dropped
   */
  record(occurrence: Occurrence, now: number, sizeOf: () => ValueSize | undefined, staleSince?: number): MergedSites | undefined {
    const identity = identityOf(occurrence);
    let entry = this.#entries.get(identity);
    if (entry === undefined) {
      if (this.#entries.size >= this.#maxFindings) {
        this.dropped++;
        return undefined;
      }
      entry = {
        occurrence,
        id: createHash('sha256').update(identity).digest('hex').slice(0, 16),
        threads: [occurrence.thread],
        retainedBytes: undefined,
        lowerBound: false,
        unknownReason: undefined,
        totalRetainedBytes: 0,
        staleForMs: undefined,
        setSite: occurrence.setSite,
        taskSite: occurrence.taskSite,
        initial: occurrence.initial,
        records: occurrence.records,
        count: 0,
        firstSeen: staleSince ?? now,
        lastSeen: now,
      };
      this.#entries.set(identity, entry);
      addSize(entry, sizeOf());
    } else {
      if (entry.threads.length < MAX_THREAD_NAMES && !entry.threads.includes(occurrence.thread)) {
        entry.threads.push(occurrence.thread);
      }
      entry.setSite ??= occurrence.setSite;
      entry.taskSite ??= occurrence.taskSite;
      entry.initial ??= occurrence.initial;
      if (occurrence.records !== undefined) entry.records = occurrence.records;
      if (occurrence.kind === 'stale-entry') addSize(entry, sizeOf());
      if (staleSince !== undefined) entry.firstSeen = Math.min(entry.firstSeen, staleSince);
      entry.lastSeen = now;
    }
    entry.count++;
    if (staleSince !== undefined) entry.staleForMs = Math.max(entry.staleForMs ?? 0, now - staleSince);
    return entry;
  }

  /** @returns the merged findings, in order of first occurrence */
  list(): Finding[] {
    return [...this.#entries.values()].map(toFinding);
  }
}

/** Merges one measurement into a finding: the largest known size wins; unknown only while none is known. */
function addSize(entry: Entry, size: ValueSize | undefined): void {
  if (size === undefined) return;
  if (size.bytes === null) {
    if (entry.retainedBytes === undefined || entry.retainedBytes === null) {
      entry.retainedBytes = null;
      entry.unknownReason = size.unknown;
    }
    return;
  }
  entry.totalRetainedBytes += size.bytes;
  if (entry.retainedBytes === undefined || entry.retainedBytes === null || size.bytes > entry.retainedBytes) {
    entry.retainedBytes = size.bytes;
    entry.lowerBound = size.lowerBound;
    entry.unknownReason = undefined;
  } else if (size.bytes === entry.retainedBytes && !size.lowerBound) {
    entry.lowerBound = false;
  }
}

function identityOf(o: Occurrence): string {
  const threadLocal = o.threadLocalSite ?? (o.kind === 'stale-entry' ? '' : `#${o.threadLocalId}`);
  return [o.kind, o.pool ?? '', threadLocal, o.valueType, o.access ?? '', o.accessSite ?? ''].join('\u0000');
}

function toFinding(entry: Entry): Finding {
  const o = entry.occurrence;
  const finding: Record<string, unknown> = {
    kind: o.kind,
    id: entry.id,
    message: findingMessage(o),
    thread: o.thread,
    threads: [...entry.threads],
    pool: o.pool,
    valueType: o.valueType,
    retainedBytes: entry.retainedBytes,
    retainedBytesLowerBound: entry.lowerBound ? true : undefined,
    retainedBytesUnknown: entry.unknownReason,
    totalRetainedBytes: o.kind === 'stale-entry' ? entry.totalRetainedBytes : undefined,
    threadLocalId: o.threadLocalId,
    threadLocalSite: o.threadLocalSite,
    setSite: entry.setSite,
    initial: entry.initial,
    taskId: o.taskId,
    taskKind: o.taskKind,
    taskSite: entry.taskSite,
    staleForMs: entry.staleForMs,
    access: o.access,
    accessSite: o.accessSite,
    count: entry.count,
    firstSeen: new Date(entry.firstSeen).toISOString(),
    lastSeen: new Date(entry.lastSeen).toISOString(),
    records: entry.records === undefined ? undefined : [...entry.records],
  };
  // Absent rather than `undefined`: the report is JSON. `null` stays: an unknown size (with its reason).
  return Object.fromEntries(Object.entries(finding).filter(([, value]) => value !== undefined)) as unknown as Finding;
}
