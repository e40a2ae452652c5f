import {
  liveThreads,
  setThreadLocalObserver,
  THREAD_LOCAL_OBSERVER_EVENTS,
  threadLocalCount,
  threadLocalEntries,
  threadLocalKeyOf,
  threadPoolOf,
  type LateAccess,
  type PoolTask,
  type Thread,
  ThreadLocal,
  ThreadPool,
  type ThreadLocalKey,
  type ThreadLocalObserver,
} from '@tlkit/core';
import {
  REPORT_SCHEMA_VERSION,
  type AccessRecord,
  type AuditLevel,
  type AuditReport,
  type Finding,
} from '../report/AuditReport.js';
import { captureSite } from './captureSite.js';
import { ErrorSink } from './ErrorSink.js';
import { estimateSize } from './estimateSize.js';
import { FindingLog, type MergedSites, type Occurrence } from './FindingLog.js';
import { hooksOf, type HookName } from './levels.js';
import { SiteSampler } from './SiteSampler.js';
import { valueType } from './valueType.js';

declare const gc: (() => void) | undefined;

/** Settings of a detector, already validated. */
export interface DetectorSettings {
  readonly level: Exclude<AuditLevel, 'disabled'>;
  readonly samplingInterval: number;
  readonly maxFindings: number;
  readonly maxRecords: number;
  readonly errors: ErrorSink;
}

/** What the audit knows about one ThreadLocal; reachable only through its key, never the reverse. */
interface ThreadLocalInfo {
  readonly id: number;
  /** Where it was created (`advanced`+, ThreadLocals created while the audit is installed). */
  readonly site: string | undefined;
  /** When the FinalizationRegistry saw it collected. */
  collectedAt: number | undefined;
  /** When a scan first found one of its entries stale, for ThreadLocals collected unobserved. */
  firstSeenStale: number | undefined;
  /** `advanced`+: which of its sets get their site captured; made at its first set. */
  sampler: SiteSampler | undefined;
}

/**
 * A value as remembered without keeping it alive: objects by `WeakRef`, long strings by length,
 * other primitives as they are (they retain nothing that matters).
 */
type Fingerprint = WeakRef<object> | LongString | string | number | bigint | boolean | symbol | null | undefined;

/** Strings longer than this are remembered by length only, so the audit never pins a large one. */
const LONG_STRING = 256;

class LongString {
  constructor(readonly length: number) {}
}

/** Marks a fingerprint whose entry was removed: it matches no value. */
const REMOVED: unique symbol = Symbol('removed');

/** What a pool task found on its thread when it started (noted only when there was anything). */
interface PoolThreadState {
  /** The task the snapshot belongs to; a snapshot of an earlier task is ignored. */
  taskId: number;
  /** Key ids present at task start, in the same order as `found`. */
  readonly keyIds: number[];
  readonly found: Fingerprint[];
}

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

/**
 * The observer behind an audit: watches core's events, keeps only what a level needs, and builds
 * reports. Holds no strong reference to any ThreadLocal or value: keys (which are themselves weak
 * references) and threads are used as WeakMap keys only, values are remembered by fingerprint.
 *
 * Every event handler is fenced: an error in the audit is contained by the {@link ErrorSink} and
 * never reaches the code that triggered the event.
 */
export class Detector {
  readonly settings: DetectorSettings;
  readonly startedAt = Date.now();
  #installed = false;
  #active = false;
  #observer: ThreadLocalObserver | null = null;
  #previous: ThreadLocalObserver | null = null;

  readonly #threadLocals = new WeakMap<ThreadLocalKey, ThreadLocalInfo>();
  readonly #collected = new FinalizationRegistry<ThreadLocalInfo>((info) => {
    info.collectedAt ??= Date.now();
  });
  #threadLocalsTracked = 0;

  readonly #poolThreads = new WeakMap<Thread, PoolThreadState>();
  readonly #taskSites = new WeakMap<PoolTask, string>();
  readonly #traces = new WeakMap<Thread, Map<number, EntryTrace>>();
  /**
   * The samplers of the ThreadLocals set last, by `key.id & (SAMPLER_CACHE - 1)`: key, sampler,
   * key, sampler… (a fixed {@link SAMPLER_CACHE} slots). A set finds its ThreadLocal's sampler here
   * without a WeakMap lookup. Keys are core's `WeakRef`s: holding one keeps no ThreadLocal alive.
   */
  readonly #samplerCache: unknown[] = new Array<unknown>(SAMPLER_CACHE * 2).fill(undefined);
  /** Which submits get their site captured (all pools share it). */
  readonly #submitSampler: SiteSampler;

  readonly #events: FindingLog;
  #tasksObserved = 0;
  #leftBehind = 0;
  #setAtShutdown = 0;
  #terminatedAccesses = 0;
  #expunged = 0;

  /** @param settings - validated settings */
  constructor(settings: DetectorSettings) {
    this.settings = settings;
    this.#events = new FindingLog(settings.maxFindings);
    this.#submitSampler = new SiteSampler(this.#interval());
  }

  /**
   * Installs the observer in core's slot, chaining to the one found there, and starts tracking the
   * ThreadLocals that are already alive (their collection time; their creation site is unknown).
   */
  install(): void {
    if (this.#installed) return;
    this.#installed = true;
    this.#active = true;
    // Take the slot first, so that the chain is built against the observer actually found there.
    this.#previous = setThreadLocalObserver(null);
    try {
      this.#observer = this.#buildObserver();
      owners.set(this.#observer, this);
    } finally {
      setThreadLocalObserver(this.#observer ?? this.#previous);
    }
    this.#fence('start', () => {
      for (const thread of liveThreads()) {
        for (const entry of threadLocalEntries(thread)) {
          this.#track(entry.key, entry.threadLocal, undefined);
        }
      }
    });
  }

  /**
   * Unhooks core: restores the previous observer. When another observer was installed on top of
   * this one since, it stays, and this one keeps forwarding to the previous one without recording.
   */
  uninstall(): void {
    if (!this.#active) return;
    this.#active = false;
    // Skip audits stopped while this one sat above them: they only forward, so drop them now.
    let restore = this.#previous;
    for (let owner = ownerOf(restore); owner !== undefined && !owner.#active; owner = ownerOf(restore)) {
      restore = owner.#previous;
    }
    const current = setThreadLocalObserver(restore);
    if (current !== this.#observer) setThreadLocalObserver(current);
  }

  /**
   * Builds a report: stale entries of every live thread as of now, plus the merged event findings
   * accumulated since the audit started.
   *
   * @param forceGc - run `gc()` first, when the process exposes it (`--expose-gc`)
   * @returns the report
   */
  report(forceGc: boolean): AuditReport {
    const began = performance.now();
    let gcForced = false;
    if (forceGc && typeof gc === 'function') {
      gc();
      gcForced = true;
    }
    const now = Date.now();
    const stale = new FindingLog(this.settings.maxFindings);
    let threadCount = 0;
    let entryCount = 0;
    let staleCount = 0;
    let staleBytes = 0;
    this.#fence('a scan', () => {
      for (const thread of liveThreads()) {
        threadCount++;
        for (const entry of threadLocalEntries(thread)) {
          entryCount++;
          if (!entry.stale) continue;
          staleCount++;
          const info = this.#infoOf(entry.key);
          const staleSince = info.collectedAt ?? (info.firstSeenStale ??= now);
          let bytes = 0;
          stale.record(
            {
              kind: 'stale-entry',
              thread: thread.name,
              pool: threadPoolOf(thread)?.name,
              valueType: valueType(entry.value),
              threadLocalId: info.id,
              threadLocalSite: info.site,
              ...this.#traceFacts(thread, entry.key, entry.value),
            },
            now,
            () => (bytes = estimateSize(entry.value).bytes),
            staleSince,
          );
          staleBytes += bytes;
        }
      }
    });
    const findings: Finding[] = [...stale.list(), ...this.#events.list()];
    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      createdAt: new Date(now).toISOString(),
      findings,
      stats: {
        level: this.settings.level,
        samplingInterval: this.settings.samplingInterval,
        startedAt: new Date(this.startedAt).toISOString(),
        scanDurationMs: Math.round((performance.now() - began) * 1000) / 1000,
        gcForced,
        liveThreads: threadCount,
        entries: entryCount,
        staleEntries: staleCount,
        staleRetainedBytes: staleBytes,
        threadLocalsTracked: this.#threadLocalsTracked,
        tasksObserved: this.#tasksObserved,
        leftBehind: this.#leftBehind,
        setAtShutdown: this.#setAtShutdown,
        terminatedThreadAccesses: this.#terminatedAccesses,
        expungedEntries: this.#expunged,
        droppedFindings: this.#events.dropped + stale.dropped,
        auditErrors: this.settings.errors.count,
      },
    };
  }

  // ---- observer events ------------------------------------------------------------------------

  /** `simple`+: remembers the ThreadLocal's id and, from `advanced`, its creation site. */
  threadLocalCreated(threadLocal: ThreadLocal<unknown>, key: ThreadLocalKey): void {
    const site = this.settings.level === 'simple' ? undefined : captureSite();
    this.#track(key, threadLocal, site);
  }

  /** `advanced`+: the submit site, sampled adaptively at `advanced` (see {@link SiteSampler}), every one at `paranoid`. */
  taskSubmitted(task: PoolTask): void {
    const sampler = this.#submitSampler;
    if (--sampler.countdown > 0) return;
    const site = captureSite(task.kind === 'submit' ? ANCHORS.submit : ANCHORS.execute);
    sampler.captured(site);
    if (site !== undefined) this.#taskSites.set(task, site);
  }

  /** `simple`+: notes what the task finds on its thread, so that only what it leaves is blamed on it. */
  taskStarted(thread: Thread, task: PoolTask): void {
    // The common case in a clean pool: nothing on the thread, nothing to note, no allocation.
    if (threadLocalCount(thread) === 0) return;
    let state = this.#poolThreads.get(thread);
    if (state === undefined) {
      state = { taskId: task.id, keyIds: [], found: [] };
      this.#poolThreads.set(thread, state);
    } else {
      state.taskId = task.id;
      if (state.keyIds.length > 0) {
        state.keyIds.length = 0;
        state.found.length = 0;
      }
    }
    for (const entry of threadLocalEntries(thread)) {
      if (entry.late || entry.stale || isNothing(entry.value)) continue;
      state.keyIds.push(entry.key.id);
      state.found.push(fingerprint(entry.value));
    }
  }

  /**
   * `simple`+: an entry still set when the task ends, that the task did not find as it is now, was
   * left behind by this task. Values that retain nothing (`undefined`, `null`) are not reported:
   * a `get()` of a ThreadLocal without initial value stores `undefined`, as in Java.
   */
  taskEnded(thread: Thread, task: PoolTask): void {
    this.#tasksObserved++;
    if (threadLocalCount(thread) === 0) return;
    // A snapshot of another task is an empty one for this task: it started with no entries.
    const noted = this.#poolThreads.get(thread);
    const state = noted?.taskId === task.id ? noted : undefined;
    for (const entry of threadLocalEntries(thread)) {
      if (entry.late || entry.stale || isNothing(entry.value)) continue;
      const index = state === undefined ? -1 : state.keyIds.indexOf(entry.key.id);
      if (index >= 0 && matches((state as PoolThreadState).found[index], entry.value)) continue;
      this.#leftBehind++;
      const info = this.#infoOf(entry.key);
      const facts = this.#traceFacts(thread, entry.key, entry.value);
      const taskSite = this.#taskSites.get(task);
      const merged = this.#events.record(
        {
          kind: 'left-behind',
          thread: thread.name,
          pool: task.pool.name,
          valueType: valueType(entry.value),
          threadLocalId: info.id,
          threadLocalSite: info.site,
          taskId: task.id,
          taskKind: task.kind,
          taskSite,
          ...facts,
        },
        Date.now(),
        () => estimateSize(entry.value).bytes,
      );
      if (this.settings.level === 'advanced') this.#huntFor(info, facts.setSite, taskSite, merged);
    }
  }

  /**
   * `advanced`: a left-behind value whose set (or submit) was not captured, in a finding that has
   * no such site yet, starts a hunt: the next sets of that ThreadLocal (or the next submits) are
   * captured, so that the next leak there gets its sites; one that was captured ends the hunt.
   */
  #huntFor(info: ThreadLocalInfo, setSite: string | undefined, taskSite: string | undefined, merged: MergedSites | undefined): void {
    const sampler = info.sampler;
    if (setSite !== undefined) sampler?.endHunt();
    else if (merged !== undefined && merged.setSite === undefined) (info.sampler ??= new SiteSampler(this.#interval())).hunt();
    if (taskSite !== undefined) this.#submitSampler.endHunt();
    else if (merged !== undefined && merged.taskSite === undefined) this.#submitSampler.hunt();
  }

  /** `simple`+: a pool thread ended by `shutdown()` reports everything still set on it. */
  threadExiting(thread: Thread): void {
    const pool = threadPoolOf(thread);
    // A pool thread also exits when a failed execute() task kills it; only shutdown is reported.
    if (pool === undefined || !pool.isShutdown()) return;
    const now = Date.now();
    for (const entry of threadLocalEntries(thread)) {
      if (entry.late || isNothing(entry.value)) continue;
      this.#setAtShutdown++;
      const info = this.#infoOf(entry.key);
      this.#events.record(
        {
          kind: 'set-at-shutdown',
          thread: thread.name,
          pool: pool.name,
          valueType: valueType(entry.value),
          threadLocalId: info.id,
          threadLocalSite: info.site,
          ...this.#traceFacts(thread, entry.key, entry.value),
        },
        now,
        () => estimateSize(entry.value).bytes,
      );
    }
  }

  /**
   * `advanced`+: captures set sites (adaptively per ThreadLocal, see {@link SiteSampler}; every one
   * at `paranoid`, with access records). Called only for the sampled sets: the observer's
   * `entrySet` wrapper counts the ThreadLocal's sampler down inline (see
   * {@link Detector.#buildObserver}), and this restarts the count.
   */
  entrySet(thread: Thread, _threadLocal: ThreadLocal<unknown>, key: ThreadLocalKey, value: unknown, initial: boolean): void {
    const site = captureSite(initial ? ANCHORS.get : ANCHORS.set);
    this.#samplerOf(key).captured(site);
    const trace = this.#traceOf(thread, key.id);
    trace.site = site;
    trace.value = fingerprint(value);
    trace.initial = initial;
    this.#addRecord(trace, initial ? 'initial' : 'set', site);
  }

  /** `paranoid`: records removals in the entry's access records. */
  entryRemoved(thread: Thread, _threadLocal: ThreadLocal<unknown>, key: ThreadLocalKey): void {
    const trace = this.#traces.get(thread)?.get(key.id);
    if (trace === undefined) return;
    trace.value = REMOVED;
    this.#addRecord(trace, 'remove', captureSite(ANCHORS.remove));
  }

  /** `simple`+: counts stale entries that core released. */
  entryExpunged(): void {
    this.#expunged++;
  }

  /** `simple`+: an escaped callback used a ThreadLocal on a terminated thread. */
  terminatedThreadAccess(thread: Thread, threadLocal: ThreadLocal<unknown>, access: LateAccess): void {
    this.#terminatedAccesses++;
    const info = this.#infoOf(threadLocalKeyOf(threadLocal));
    const site = this.settings.level === 'simple' ? undefined : captureSite();
    this.#events.record(
      {
        kind: 'terminated-thread-access',
        thread: thread.name,
        pool: threadPoolOf(thread)?.name,
        valueType: 'unknown',
        threadLocalId: info.id,
        threadLocalSite: info.site,
        access,
        accessSite: site,
        setSite: access === 'set' ? site : undefined,
      },
      Date.now(),
      () => undefined,
    );
  }

  // ---- internals ------------------------------------------------------------------------------

  /**
   * The observer handed to core: only the events the level needs (plus those the previous
   * observer wants), each fenced, each forwarding to the previous observer after its own work.
   *
   * One wrapper serves every event but `entrySet`, which runs on every `set()`: its wrapper counts
   * the sampling interval down inline, so an unsampled set makes no call, whether or not it
   * forwards to a previous observer.
   */
  #buildObserver(): ThreadLocalObserver {
    const wanted = hooksOf(this.settings.level);
    const observer: Record<string, Hook> = {};
    for (const name of HOOK_NAMES) {
      const mine = wanted.has(name) ? (this as unknown as Record<HookName, Hook>)[name] : undefined;
      const next = this.#previous?.[name] as Hook | undefined;
      if (mine === undefined && next === undefined) continue;
      observer[name] =
        mine === undefined
          ? this.#fencedHook(name, mine, next)
          : name === 'entrySet'
            ? this.#sampledSetHook(next)
            : name === 'taskStarted'
              ? this.#taskStartedHook(next)
              : name === 'taskEnded'
                ? this.#taskEndedHook(next)
                : this.#fencedHook(name, mine, next);
    }
    return observer as ThreadLocalObserver;
  }

  /**
   * `entrySet`, once per `set()`: finds the ThreadLocal's sampler in a small direct-mapped cache,
   * counts it down inline, and calls {@link Detector.entrySet} only for a sample.
   */
  #sampledSetHook(next: Hook | undefined): Hook {
    const previous = this.#previous;
    const cache = this.#samplerCache;
    return (thread, threadLocal, key, value, initial) => {
      const slot = ((key as ThreadLocalKey).id & (SAMPLER_CACHE - 1)) << 1;
      const sampler = cache[slot] === key ? (cache[slot + 1] as SiteSampler) : this.#fencedSamplerOf(key as ThreadLocalKey);
      if (--sampler.countdown <= 0 && this.#active) {
        try {
          this.entrySet(thread as Thread, threadLocal as ThreadLocal<unknown>, key as ThreadLocalKey, value, initial as boolean);
        } catch (error) {
          this.settings.errors.contain('an observer event (entrySet)', error);
        }
      }
      if (next !== undefined) next.call(previous, thread, threadLocal, key, value, initial);
    };
  }

  // The two per-task events get a function literal each. Closures made from one literal share
  // V8's call feedback, so the generic hook's handler call sees every event's handler, turns
  // megamorphic and is never inlined: measured 1.065–1.070× on the pool workload at `simple`,
  // against 1.03× with these.

  /** `taskStarted`, once per pool task: fenced, then the previous observer's. */
  #taskStartedHook(next: Hook | undefined): Hook {
    const previous = this.#previous;
    return (thread, task) => {
      if (this.#active) {
        try {
          this.taskStarted(thread as Thread, task as PoolTask);
        } catch (error) {
          this.settings.errors.contain('an observer event (taskStarted)', error);
        }
      }
      if (next !== undefined) next.call(previous, thread, task);
    };
  }

  /** `taskEnded`, once per pool task: fenced, then the previous observer's. */
  #taskEndedHook(next: Hook | undefined): Hook {
    const previous = this.#previous;
    return (thread, task, failed) => {
      if (this.#active) {
        try {
          this.taskEnded(thread as Thread, task as PoolTask);
        } catch (error) {
          this.settings.errors.contain('an observer event (taskEnded)', error);
        }
      }
      if (next !== undefined) next.call(previous, thread, task, failed);
    };
  }

  /** Any other event: this detector's handler (when the level wants it) fenced, then the previous one's. */
  #fencedHook(name: HookName, mine: Hook | undefined, next: Hook | undefined): Hook {
    const previous = this.#previous;
    // Fixed arity, no rest parameters: V8 passes them without an arguments object.
    return (a, b, c, d, e) => {
      if (mine !== undefined && this.#active) {
        try {
          mine.call(this, a, b, c, d, e);
        } catch (error) {
          this.settings.errors.contain(`an observer event (${name})`, error);
        }
      }
      if (next !== undefined) next.call(previous, a, b, c, d, e);
    };
  }

  #interval(): number {
    return this.settings.level === 'paranoid' ? 1 : this.settings.samplingInterval;
  }

  /**
   * The cache miss of a `set()`: {@link Detector.#samplerOf}, with any error contained (it runs
   * outside the hook's fence). On an error, a fresh sampler: its capture goes through the fenced
   * {@link Detector.entrySet}, which reports the error once more and never throws.
   */
  #fencedSamplerOf(key: ThreadLocalKey): SiteSampler {
    try {
      return this.#samplerOf(key);
    } catch (error) {
      this.settings.errors.contain('an observer event (entrySet)', error);
      return new SiteSampler(this.#interval());
    }
  }

  /** The set sampler of a key's ThreadLocal (made at its first set), now also in the cache. */
  #samplerOf(key: ThreadLocalKey): SiteSampler {
    const info = this.#infoOf(key);
    const sampler = (info.sampler ??= new SiteSampler(this.#interval()));
    const slot = (key.id & (SAMPLER_CACHE - 1)) << 1;
    this.#samplerCache[slot] = key;
    this.#samplerCache[slot + 1] = sampler;
    return sampler;
  }

  /**
   * Starts tracking a ThreadLocal's key (once): its collection time when the ThreadLocal is still
   * alive to be registered, otherwise just its id.
   */
  #track(key: ThreadLocalKey, threadLocal: object | undefined, site: string | undefined): ThreadLocalInfo {
    let info = this.#threadLocals.get(key);
    if (info !== undefined) return info;
    info = { id: key.id, site, collectedAt: undefined, firstSeenStale: undefined, sampler: undefined };
    this.#threadLocals.set(key, info);
    if (threadLocal !== undefined) {
      this.#collected.register(threadLocal, info);
      this.#threadLocalsTracked++;
    }
    return info;
  }

  /** What is known about a key's ThreadLocal; one seen only now is tracked from now on. */
  #infoOf(key: ThreadLocalKey): ThreadLocalInfo {
    return this.#track(key, key.deref(), undefined);
  }

  #traceOf(thread: Thread, keyId: number): EntryTrace {
    let traces = this.#traces.get(thread);
    if (traces === undefined) {
      traces = new Map();
      this.#traces.set(thread, traces);
    }
    let trace = traces.get(keyId);
    if (trace === undefined) {
      trace = { site: undefined, value: REMOVED, initial: false, records: undefined };
      traces.set(keyId, trace);
    }
    return trace;
  }

  #addRecord(trace: EntryTrace, op: AccessRecord['op'], site: string | undefined): void {
    if (this.settings.level !== 'paranoid') return;
    const records = (trace.records ??= []);
    records.push({ op, site, at: Date.now() });
    if (records.length > this.settings.maxRecords) records.shift();
  }

  /** The sampled set site of the entry, when the sample was of the value it holds now. */
  #traceFacts(thread: Thread, key: ThreadLocalKey, value: unknown): Pick<Occurrence, 'setSite' | 'initial' | 'records'> {
    const trace = this.#traces.get(thread)?.get(key.id);
    if (trace === undefined) return {};
    const records = trace.records?.map(({ op, site, at }): AccessRecord => {
      const time = new Date(at).toISOString();
      return site === undefined ? { op, at: time } : { op, site, at: time };
    });
    if (trace.value === REMOVED || !matches(trace.value, value)) return { records };
    return { setSite: trace.site, initial: trace.initial, records };
  }

  /** Runs `fn`, containing any error. */
  #fence(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.settings.errors.contain(where, error);
    }
  }
}

/**
 * The public core methods through which users trigger the sampled events: a site capture anchored
 * at one keeps only the frame below it. (`runWith`/`scope` sets are not anchored: the capture falls
 * back to walking the stack.)
 */
const ANCHORS = {
  set: ThreadLocal.prototype.set,
  get: ThreadLocal.prototype.get,
  remove: ThreadLocal.prototype.remove,
  submit: ThreadPool.prototype.submit,
  execute: ThreadPool.prototype.execute,
} as const;

/** Slots of the detector's sampler cache (a power of two). */
const SAMPLER_CACHE = 16;

/** Any observer method, called with at most five arguments. */
type Hook = (a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown) => void;

const HOOK_NAMES: readonly HookName[] = THREAD_LOCAL_OBSERVER_EVENTS;

/** The detector behind each observer this package installed. */
const owners = new WeakMap<ThreadLocalObserver, Detector>();

function ownerOf(observer: ThreadLocalObserver | null): Detector | undefined {
  return observer === null ? undefined : owners.get(observer);
}

function isNothing(value: unknown): boolean {
  return value === undefined || value === null;
}

function fingerprint(value: unknown): Fingerprint {
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') return new WeakRef(value);
  if (typeof value === 'string' && value.length > LONG_STRING) return new LongString(value.length);
  return value as Fingerprint;
}

function matches(print: Fingerprint, value: unknown): boolean {
  if (print instanceof WeakRef) return print.deref() === value;
  if (print instanceof LongString) return typeof value === 'string' && value.length === print.length;
  return Object.is(print, value);
}
