import {
  liveThreads,
  threadLocalCount,
  threadLocalEntries,
  threadLocalKeyOf,
  threadPoolOf,
  type LateAccess,
  type PoolTask,
  type Thread,
  ThreadLocal,
  ThreadPool,
  type ThreadLocalEntry,
  type ThreadLocalKey,
} from '@tlkit/core';
import { REPORT_SCHEMA_VERSION, type AuditLevel, type AuditReport, type Finding } from '../report/AuditReport.js';
import { captureSite } from './captureSite.js';
import { EntryTraces } from './EntryTraces.js';
import type { ErrorSink } from './ErrorSink.js';
import { DEFAULT_SCAN_WORK, estimateSize, SizeWork } from './estimateSize.js';
import { FindingBuilder } from './FindingBuilder.js';
import { FindingLog, type MergedSites } from './FindingLog.js';
import { nameOf } from './intrinsics.js';
import { hooksOf } from './levels.js';
import { ObserverLink, type AuditHandlers } from './ObserverLink.js';
import { SiteSampler } from './SiteSampler.js';
import { TaskLedger } from './TaskLedger.js';
import { ThreadLocalRegistry, type ThreadLocalInfo } from './ThreadLocalRegistry.js';

declare const gc: (() => void) | undefined;

/** Settings of a detector, already validated. */
export interface DetectorSettings {
  readonly level: Exclude<AuditLevel, 'disabled'>;
  readonly samplingInterval: number;
  readonly maxFindings: number;
  readonly maxRecords: number;
  readonly errors: ErrorSink;
  /** The size estimator; {@link estimateSize} unless a test injects faults. */
  readonly estimate?: typeof estimateSize;
}

/**
 * The observer behind an audit: handles core's events (through an {@link ObserverLink}), keeps only
 * what a level needs, and builds reports. Holds no strong reference to any ThreadLocal or value.
 * Its parts, by job:
 * - {@link ThreadLocalRegistry}: what is known of each ThreadLocal (id, site, collection, sampler);
 * - {@link TaskLedger}: what each pool task found, to tell what it left behind;
 * - {@link EntryTraces}: sampled set sites and access records per entry;
 * - {@link FindingBuilder}: an entry → an occurrence, and its size, without ever throwing;
 * - {@link FindingLog}: occurrences merged into findings.
 *
 * Every event handler is fenced, and every entry within an event or scan on its own: an error in
 * the audit is contained by the {@link ErrorSink}, never reaches the code that triggered the
 * event, and never hides the other entries, threads or findings.
 */
export class Detector {
  readonly settings: DetectorSettings;
  readonly startedAt = Date.now();
  readonly #link: ObserverLink;
  readonly #registry: ThreadLocalRegistry;
  readonly #ledger = new TaskLedger();
  readonly #traces: EntryTraces;
  readonly #build: FindingBuilder;
  readonly #events: FindingLog;
  /** Which submits get their site captured (all pools share it). */
  readonly #submitSampler: SiteSampler;
  /** Sizes of large objects, reused across scans (see {@link SizeWork}). */
  readonly #largeObjects = SizeWork.memo();
  #tasksObserved = 0;
  #leftBehind = 0;
  #setAtShutdown = 0;
  #terminatedAccesses = 0;
  #expunged = 0;

  /** @param settings - validated settings */
  constructor(settings: DetectorSettings) {
    this.settings = settings;
    const interval = settings.level === 'paranoid' ? 1 : settings.samplingInterval;
    this.#registry = new ThreadLocalRegistry(interval);
    this.#traces = new EntryTraces(settings.level === 'paranoid' ? settings.maxRecords : 0);
    this.#build = new FindingBuilder(this.#registry, this.#traces, settings.errors, settings.estimate ?? estimateSize);
    this.#events = new FindingLog(settings.maxFindings);
    this.#submitSampler = new SiteSampler(interval);
    this.#link = new ObserverLink(this.#handlers(), hooksOf(settings.level), settings.errors, this.#registry, () => new SiteSampler(interval));
  }

  /**
   * Installs the observer in core's slot, chaining to the one found there, and starts tracking the
   * ThreadLocals that are already alive (their collection time; their creation site is unknown).
   */
  install(): void {
    if (this.#link.active) return;
    this.#link.install();
    this.#fence('start', () => {
      for (const thread of liveThreads()) {
        for (const entry of threadLocalEntries(thread)) this.#registry.track(entry.key, entry.threadLocal, undefined);
      }
    });
  }

  /** Unhooks core (see {@link ObserverLink.uninstall}). */
  uninstall(): void {
    this.#link.uninstall();
  }

  /**
   * Builds a report: stale entries of every live thread as of now, plus the merged event findings
   * accumulated since the audit started. Each thread, and each stale entry, is scanned on its own
   * fence; sizes share one scan budget ({@link DEFAULT_SCAN_WORK} units).
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
    const work = this.#work();
    let threadCount = 0;
    let entryCount = 0;
    let staleCount = 0;
    let staleBytes = 0;
    let threads: readonly Thread[] = [];
    this.#fence('a scan', () => (threads = liveThreads()));
    for (const thread of threads) {
      threadCount++;
      let entries: readonly ThreadLocalEntry[];
      try {
        entries = threadLocalEntries(thread);
      } catch (error) {
        this.settings.errors.contain('a scan (one thread)', error);
        continue;
      }
      entryCount += entries.length;
      for (const entry of entries) {
        if (!entry.stale) continue;
        staleCount++;
        // Each stale entry on its own: whatever happens to one, the others are still reported.
        try {
          const info = this.#registry.infoOf(entry.key);
          const staleSince = info.collectedAt ?? (info.firstSeenStale ??= now);
          const occurrence = this.#build.entry('stale-entry', thread, poolNameOf(thread), entry.key, entry.value);
          stale.record(
            occurrence,
            now,
            () => {
              const size = this.#build.size(entry.value, work);
              staleBytes += size.bytes ?? 0;
              return size;
            },
            staleSince,
          );
        } catch (error) {
          this.settings.errors.contain('a scan (one stale entry)', error);
        }
      }
    }
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
        threadLocalsTracked: this.#registry.tracked,
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

  /** The handlers the {@link ObserverLink} calls, bound to this detector. */
  #handlers(): AuditHandlers {
    return {
      threadLocalCreated: (threadLocal, key) => this.#threadLocalCreated(threadLocal, key),
      taskSubmitted: (task) => this.#taskSubmitted(task),
      // The per-task events return after one count on a clean thread (the common case); the work
      // for a thread that holds entries is a call of its own, so that this fast path stays small
      // enough for V8 to inline the whole chain into core's pool (see ObserverLink).
      taskStarted: (thread, task) => {
        if (threadLocalCount(thread) !== 0) this.#ledger.taskStarted(thread, task);
      },
      taskEnded: (thread, task) => {
        this.#tasksObserved++;
        if (threadLocalCount(thread) !== 0) this.#taskEnded(thread, task);
      },
      threadExiting: (thread) => this.#threadExiting(thread),
      entrySet: (thread, _threadLocal, key, value, initial) => this.#entrySet(thread, key, value, initial),
      entryRemoved: (thread, _threadLocal, key) => this.#traces.noteRemove(thread, key, captureSite(ANCHORS.remove)),
      entryExpunged: () => {
        this.#expunged++;
      },
      terminatedThreadAccess: (thread, threadLocal, access) => this.#terminatedThreadAccess(thread, threadLocal, access),
    };
  }

  /** `simple`+: remembers the ThreadLocal's id and, from `advanced`, its creation site. */
  #threadLocalCreated(threadLocal: ThreadLocal<unknown>, key: ThreadLocalKey): void {
    const site = this.settings.level === 'simple' ? undefined : captureSite();
    this.#registry.track(key, threadLocal, site);
  }

  /** `advanced`+: the submit site, sampled adaptively at `advanced` (see {@link SiteSampler}), every one at `paranoid`. */
  #taskSubmitted(task: PoolTask): void {
    const sampler = this.#submitSampler;
    if (--sampler.countdown > 0) return;
    const site = captureSite(task.kind === 'submit' ? ANCHORS.submit : ANCHORS.execute);
    sampler.captured(site);
    if (site !== undefined) this.#ledger.noteSubmitSite(task, site);
  }

  /** `simple`+: each entry a task left on its thread is a `left-behind` occurrence (the thread holds entries). */
  #taskEnded(thread: Thread, task: PoolTask): void {
    const left = this.#ledger.leftBehind(thread, task);
    if (left.length === 0) return;
    const work = this.#work();
    const taskSite = this.#ledger.submitSiteOf(task);
    const now = Date.now();
    for (const entry of left) {
      this.#leftBehind++;
      this.#fence('an observer event (taskEnded, one entry)', () => {
        const occurrence = this.#build.entry('left-behind', thread, nameOf(task.pool), entry.key, entry.value, {
          taskId: task.id,
          taskKind: task.kind,
          taskSite,
        });
        const merged = this.#events.record(occurrence, now, () => this.#build.size(entry.value, work));
        if (this.settings.level === 'advanced') this.#huntFor(this.#registry.infoOf(entry.key), occurrence.setSite, taskSite, merged);
      });
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
  #threadExiting(thread: Thread): void {
    const pool = threadPoolOf(thread);
    // A pool thread also exits when a failed execute() task kills it; only shutdown is reported.
    if (pool === undefined || !pool.isShutdown()) return;
    const now = Date.now();
    const work = this.#work();
    for (const entry of threadLocalEntries(thread)) {
      // Stale entries too: a value still set at shutdown is one, whether or not its ThreadLocal lives.
      if (entry.late || entry.value === undefined || entry.value === null) continue;
      this.#setAtShutdown++;
      this.#fence('an observer event (threadExiting, one entry)', () => {
        const occurrence = this.#build.entry('set-at-shutdown', thread, nameOf(pool), entry.key, entry.value);
        this.#events.record(occurrence, now, () => this.#build.size(entry.value, work));
      });
    }
  }

  /**
   * `advanced`+: captures set sites (adaptively per ThreadLocal, see {@link SiteSampler}; every one
   * at `paranoid`, with access records). Called only for the sampled sets: the observer's
   * `entrySet` wrapper counts the ThreadLocal's sampler down inline, and this restarts the count.
   */
  #entrySet(thread: Thread, key: ThreadLocalKey, value: unknown, initial: boolean): void {
    const site = captureSite(initial ? ANCHORS.get : ANCHORS.set);
    this.#registry.samplerOf(key).captured(site);
    this.#traces.noteSet(thread, key, value, initial, site);
  }

  /** `simple`+: an escaped callback used a ThreadLocal on a terminated thread. */
  #terminatedThreadAccess(thread: Thread, threadLocal: ThreadLocal<unknown>, access: LateAccess): void {
    this.#terminatedAccesses++;
    const info = this.#registry.infoOf(threadLocalKeyOf(threadLocal));
    const site = this.settings.level === 'simple' ? undefined : captureSite();
    this.#events.record(
      {
        kind: 'terminated-thread-access',
        thread: nameOf(thread),
        pool: poolNameOf(thread),
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

  #interval(): number {
    return this.settings.level === 'paranoid' ? 1 : this.settings.samplingInterval;
  }

  /** The size budget of one scan or one event, with the large objects remembered so far. */
  #work(): SizeWork {
    return new SizeWork(DEFAULT_SCAN_WORK, this.#largeObjects);
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
/* eslint-disable @typescript-eslint/unbound-method -- identities for the stack capture, never called */
const ANCHORS = {
  set: ThreadLocal.prototype.set,
  get: ThreadLocal.prototype.get,
  remove: ThreadLocal.prototype.remove,
  submit: ThreadPool.prototype.submit,
  execute: ThreadPool.prototype.execute,
} as const;
/* eslint-enable @typescript-eslint/unbound-method */

/** @returns the name of the pool `thread` belongs to, read without running user code, if any */
function poolNameOf(thread: Thread): string | undefined {
  const pool = threadPoolOf(thread);
  return pool === undefined ? undefined : nameOf(pool);
}
