import { threadLocalCount, threadLocalEntries, type PoolTask, type Thread, type ThreadLocalEntry } from '@tlkit/core';
import { fingerprint, matches, type Fingerprint } from './fingerprint.js';

/** What a pool task found on its thread when it started (noted only when there was anything). */
interface TaskStart {
  /** The task the snapshot belongs to; a snapshot of an earlier task is ignored. */
  taskId: number;
  /** Key ids present at task start, in the same order as `found`. */
  readonly keyIds: number[];
  readonly found: Fingerprint[];
}

/**
 * The pool-task ledger: what each task found on its pool thread, so that only what it leaves is
 * blamed on it, and where each task was submitted (sampled). Threads and tasks are `WeakMap` keys;
 * values are held by fingerprint.
 */
export class TaskLedger {
  readonly #starts = new WeakMap<Thread, TaskStart>();
  readonly #submitSites = new WeakMap<PoolTask, string>();

  /**
   * @param task - a submitted task
   * @param site - where it was submitted
   */
  noteSubmitSite(task: PoolTask, site: string): void {
    this.#submitSites.set(task, site);
  }

  /**
   * @param task - a task
   * @returns where it was submitted, when sampled
   */
  submitSiteOf(task: PoolTask): string | undefined {
    return this.#submitSites.get(task);
  }

  /**
   * Notes what a task finds on its thread as it starts.
   *
   * @param thread - the pool thread
   * @param task - the task starting
   */
  taskStarted(thread: Thread, task: PoolTask): void {
    // The common case in a clean pool: nothing on the thread, nothing to note, no allocation.
    if (threadLocalCount(thread) === 0) return;
    let start = this.#starts.get(thread);
    if (start === undefined) {
      start = { taskId: task.id, keyIds: [], found: [] };
      this.#starts.set(thread, start);
    } else {
      start.taskId = task.id;
      if (start.keyIds.length > 0) {
        start.keyIds.length = 0;
        start.found.length = 0;
      }
    }
    for (const entry of threadLocalEntries(thread)) {
      if (!holdsSomething(entry)) continue;
      start.keyIds.push(entry.key.id);
      start.found.push(fingerprint(entry.value));
    }
  }

  /**
   * The entries a task leaves behind: still set when it ends, and not as it found them. Values that
   * retain nothing (`undefined`, `null`) are not counted: a `get()` of a ThreadLocal without initial
   * value stores `undefined`, as in Java.
   *
   * @param thread - the pool thread
   * @param task - the task ending
   * @returns the entries it left
   */
  leftBehind(thread: Thread, task: PoolTask): ThreadLocalEntry[] {
    if (threadLocalCount(thread) === 0) return [];
    // A snapshot of another task is an empty one for this task: it started with no entries.
    const noted = this.#starts.get(thread);
    const start = noted?.taskId === task.id ? noted : undefined;
    const left: ThreadLocalEntry[] = [];
    for (const entry of threadLocalEntries(thread)) {
      if (!holdsSomething(entry)) continue;
      if (start !== undefined) {
        const index = start.keyIds.indexOf(entry.key.id);
        if (index >= 0 && matches(start.found[index], entry.value)) continue;
      }
      left.push(entry);
    }
    return left;
  }
}

/** A live, current entry whose value retains something. */
export function holdsSomething(entry: ThreadLocalEntry): boolean {
  return !entry.late && !entry.stale && entry.value !== undefined && entry.value !== null;
}
