/**
 * The report data model: plain, JSON-safe data with no reference to any thread, ThreadLocal or
 * value, so a report can be kept, serialized or sent anywhere without retaining what it describes.
 * The schema is versioned (`schemaVersion`) and documented in docs/reference/report-schema.md.
 */

/** The version of the report schema this package writes. */
export const REPORT_SCHEMA_VERSION = 1;

/** Detail levels, cheapest first; see {@link AuditLevel}. */
export const AUDIT_LEVELS = ['disabled', 'simple', 'advanced', 'paranoid'] as const;

/**
 * How much the audit records, after Netty's `ResourceLeakDetector` levels (measured cost against no
 * audit, docs/benchmarks.md: a 45 ns set/get/remove microbenchmark, and a ~1 µs pool task):
 * - `disabled`: no hooks, no reports (1.00×);
 * - `simple`: value types, counts and sizes, no stack traces (1.07× / 1.04×: core's observer slot);
 * - `advanced`: also the creation site of every ThreadLocal created while the audit is installed,
 *   and set/submit sites sampled adaptively per ThreadLocal: first sets and new sites captured at
 *   once, known sites backing off to 1 in `samplingInterval` (default 4096; see the staging guide
 *   for the measured cost per Node line);
 * - `paranoid`: every set, remove and submit site, and the last few access records per entry
 *   (~400× / ~48×: a stack capture per operation).
 */
export type AuditLevel = (typeof AUDIT_LEVELS)[number];

/** The kinds of finding; see docs/reference/report-schema.md for what each one means. */
export const FINDING_KINDS = ['stale-entry', 'left-behind', 'set-at-shutdown', 'terminated-thread-access'] as const;

/**
 * - `stale-entry`: a live thread's map still holds a value whose ThreadLocal was garbage-collected;
 * - `left-behind`: a pool task ended while a value it set on its pool thread was still set;
 * - `set-at-shutdown`: a value was still set on a pool thread when `shutdown()` terminated it;
 * - `terminated-thread-access`: code used a ThreadLocal on a thread that had terminated.
 */
export type FindingKind = (typeof FINDING_KINDS)[number];

/** One recorded operation on an entry, kept at the `paranoid` level (the last few per entry). */
export interface AccessRecord {
  /** `set`, `initial` (stored by `get()` from `initialValue()`) or `remove`. */
  readonly op: 'set' | 'initial' | 'remove';
  /** `file:line:col` of the call, when it could be resolved. */
  readonly site?: string;
  /** ISO 8601 time of the operation. */
  readonly at: string;
}

/**
 * One problem, merged with every identical occurrence: `count` says how many, `firstSeen` and
 * `lastSeen` when. Occurrences are identical when they share kind, pool, ThreadLocal (creation site
 * when known, else id), value type and, for `terminated-thread-access`, access and site.
 *
 * Sites (`file:line:col`) name the file relative to the report's {@link AuditReport.root}, with `/`
 * separators, when it lies inside it, so that they are equal across machines; otherwise absolute.
 */
export interface Finding {
  /** What was found; see {@link FindingKind}. */
  readonly kind: FindingKind;
  /** Stable fingerprint of the merged identity (hex); equal across reports and processes. */
  readonly id: string;
  /** One sentence: what leaks and what to do; the text formatter adds sites and links. */
  readonly message: string;
  /** Name of the (first) thread where it was seen. */
  readonly thread: string;
  /** Names of the distinct threads where it was seen, first ones only (at most 8). */
  readonly threads: readonly string[];
  /** Name of the pool whose thread it was seen on, if any. */
  readonly pool?: string;
  /** Constructor name of the value, or its `typeof`; `unknown` for `terminated-thread-access`. */
  readonly valueType: string;
  /**
   * Approximate bytes retained by one value (the largest seen). `null` when the value could not be
   * sized (`retainedBytesUnknown` says why): the finding is reported all the same. Absent when not
   * measured (`terminated-thread-access` has no value).
   */
  readonly retainedBytes?: number | null;
  /**
   * `true` when `retainedBytes` is a lower bound: the size walk stopped early (its work budget or
   * depth was spent, or it reached a Proxy or module namespace it never looks into), so the value
   * retains at least that much. Absent when the figure is a plain estimate.
   */
  readonly retainedBytesLowerBound?: true;
  /** Why the value could not be sized, when `retainedBytes` is `null`. */
  readonly retainedBytesUnknown?: string;
  /** `stale-entry` only: approximate bytes retained by all the merged stale values together (those whose size is known). */
  readonly totalRetainedBytes?: number;
  /** Process-unique id of the ThreadLocal (of the first occurrence). */
  readonly threadLocalId: number;
  /** `file:line:col` where the ThreadLocal was created (`advanced` and `paranoid`, for ThreadLocals created while auditing). */
  readonly threadLocalSite?: string;
  /** `file:line:col` of the `set()` that stored the value (sampled at `advanced`, always at `paranoid`). */
  readonly setSite?: string;
  /** True when the value was stored by `get()` from `initialValue()` rather than by `set()` (known at `advanced`+). */
  readonly initial?: boolean;
  /** `left-behind`: id of the (first) task that left the value. */
  readonly taskId?: number;
  /** `left-behind`: how the task was handed to the pool. */
  readonly taskKind?: 'execute' | 'submit';
  /** `left-behind`: `file:line:col` of the `execute()`/`submit()` call (sampled at `advanced`, always at `paranoid`). */
  readonly taskSite?: string;
  /** `stale-entry`: the longest time any merged entry has been stale, in milliseconds. */
  readonly staleForMs?: number;
  /** `terminated-thread-access`: the operation that reached the terminated thread. */
  readonly access?: 'get' | 'set' | 'remove';
  /** `terminated-thread-access`: `file:line:col` of the late call (`advanced` and `paranoid`). */
  readonly accessSite?: string;
  /** Number of merged occurrences. */
  readonly count: number;
  /** ISO 8601 time of the first occurrence (`stale-entry`: since when it has been stale, as far as known). */
  readonly firstSeen: string;
  /** ISO 8601 time of the last occurrence (`stale-entry`: the scan). */
  readonly lastSeen: string;
  /** `paranoid`: the last operations on the entry, oldest first. */
  readonly records?: readonly AccessRecord[];
}

/** Counters and settings of the audit at the time of a report. */
export interface AuditStats {
  /** The audit's level. */
  readonly level: AuditLevel;
  /**
   * At `advanced`, the longest interval between two captured set sites of one ThreadLocal (and
   * between two submit sites): first sets and new sites are captured at once, known sites at
   * doubling intervals up to this. 0 when `disabled`.
   */
  readonly samplingInterval: number;
  /** ISO 8601 time when the audit started. */
  readonly startedAt: string;
  /** Milliseconds the scan took. */
  readonly scanDurationMs: number;
  /** Whether `gc()` ran before this scan (only with `forceGc` and `--expose-gc`). */
  readonly gcForced: boolean;
  /** Live threads inspected. */
  readonly liveThreads: number;
  /** Entries inspected, live and stale. */
  readonly entries: number;
  /** Stale entries found by this scan. */
  readonly staleEntries: number;
  /** Approximate bytes retained by those stale entries (those whose size is known; lower bounds included as they are). */
  readonly staleRetainedBytes: number;
  /** ThreadLocals whose creation the audit saw or that it found alive at start. */
  readonly threadLocalsTracked: number;
  /** Pool tasks that ended while the audit was installed. */
  readonly tasksObserved: number;
  /** `left-behind` occurrences since the start (before merging). */
  readonly leftBehind: number;
  /** `set-at-shutdown` occurrences since the start (before merging). */
  readonly setAtShutdown: number;
  /** `terminated-thread-access` occurrences since the start (before merging). */
  readonly terminatedThreadAccesses: number;
  /** Stale entries that core expunged (released) while the audit was installed. */
  readonly expungedEntries: number;
  /** Distinct findings not kept because `maxFindings` was reached. */
  readonly droppedFindings: number;
  /** Errors inside the audit or `onReport`, contained (each distinct one is printed once to stderr). */
  readonly auditErrors: number;
}

/** A complete report: a snapshot of stale entries plus the findings accumulated since the start. */
export interface AuditReport {
  /** The schema version, {@link REPORT_SCHEMA_VERSION}. */
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** ISO 8601 time of the report. */
  readonly createdAt: string;
  /**
   * The absolute directory the sites of this report are relative to (the project root of the
   * audited process); absent when every site is absolute. A site whose file lies outside the root
   * is absolute.
   */
  readonly root?: string;
  /** Merged findings: `stale-entry` ones as of this scan, then the accumulated event kinds. */
  readonly findings: readonly Finding[];
  /** Counters and settings. */
  readonly stats: AuditStats;
}
