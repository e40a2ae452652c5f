import Queue from 'yocto-queue';
import { RejectedExecutionError } from './errors.js';
import { carrier } from './internal/carrier.js';
import { badArgument } from './internal/describe.js';
import { ISOLATE_BOUND } from './internal/isolateBound.js';
import { isThenable } from './internal/isThenable.js';
import { onTaskEnded, onTaskStarted, onTaskSubmitted } from './internal/hooks.js';
import { markPoolThread } from './internal/poolThreads.js';
import { captureForTask, replayForTask, restoreAfterTask, type TransmissionSlots } from './internal/transmission.js';
import type { PoolTask } from './observer.js';
import { Thread } from './Thread.js';

/** Options of a new {@link ThreadPool}. */
export interface ThreadPoolOptions {
  /** Number of threads, a positive integer: the most tasks that run at once. */
  size: number;
  /** Prefix of the threads' names (`<name>-thread-<n>`); default `pool-<n>` as in Java. */
  name?: string;
}

/** A task waiting for, or running on, a pool thread; the slots carry its TransmittableThreadLocal values. */
interface Job extends PoolTask, TransmissionSlots {
  readonly task: () => unknown;
  /** Present for `submit()`: the caller's promise. Absent for `execute()`: failures go to the thread. */
  readonly resolve: ((value: unknown) => void) | undefined;
  readonly reject: ((error: unknown) => void) | undefined;
}

/** One pool thread and what the pool needs to drive it. */
interface Worker {
  readonly thread: Thread;
  /** Lets the thread's long-running task return, so that the thread terminates. */
  release: () => void;
  /** Set once the worker left the pool (shutdown, or a failed `execute()` task killed it). */
  retired: boolean;
}

let nextPoolNumber = 1;
let nextTaskId = 1;

/**
 * A fixed-size pool of reusable {@link Thread}s with a FIFO queue, as Java's
 * `Executors.newFixedThreadPool`. Threads are created one per task until `size` exist, then reused
 * for the pool's lifetime — so a value a task sets on a thread-local and does not remove is seen by
 * the next task on that thread and stays reachable until the pool shuts down, exactly as in Java.
 *
 * As in Java, an error thrown by an `execute()` task goes to the thread's uncaught exception
 * handler and the thread is replaced by a new one; `submit()` reports it to the caller instead.
 * Whoever awaits `submit()` resumes in their own context, never in the pool thread's.
 */
export class ThreadPool {
  /** Prefix of the threads' names. */
  readonly name: string;
  /** The number of threads. */
  readonly size: number;
  /**
   * Makes `structuredClone`/`postMessage` throw a `DataCloneError` instead of copying the pool as
   * `{ name, size }`, a plain object with no threads behind it.
   * @internal
   */
  readonly isolateBound = ISOLATE_BOUND.threadPool;

  /** Live workers, busy or idle; never more than `size`. */
  readonly #workers = new Set<Worker>();
  /** Idle workers, longest-idle first: they take the next task. */
  readonly #idle: Worker[] = [];
  /** Tasks accepted while every worker was busy. Empty whenever a worker is idle. */
  readonly #queue = new Queue<Job>();
  /** Joins of every worker thread that has left the pool; shutdown waits for them. */
  readonly #exits: Promise<void>[] = [];
  #threadNumber = 1;
  #shutdown = false;
  #terminated: Promise<void> | null = null;
  #markTerminated: (() => void) | null = null;

  /**
   * @param options - size and name
   * @throws RangeError when `size` is not a positive integer
   * @throws TypeError when `options` is not an object or `name` is not a string
   */
  constructor(options: ThreadPoolOptions) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JavaScript callers can pass null whatever the type says
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(badArgument('options', options, 'an object such as { size: 4 }'));
    }
    const { size, name } = options;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
      throw new RangeError(badArgument('options.size', size, 'a positive integer'));
    }
    if (name !== undefined && typeof name !== 'string') {
      throw new TypeError(badArgument('options.name', name, 'a string'));
    }
    this.size = size;
    this.name = name ?? `pool-${nextPoolNumber++}`;
  }

  /**
   * Runs `task` on a pool thread. An error it throws, or a rejection of the promise it returns, goes
   * to that thread's uncaught exception handler (stderr by default) and the thread is replaced.
   *
   * @param task - the work; may return a promise, which keeps the thread busy until it settles
   * @throws TypeError when `task` is not a function
   * @throws RejectedExecutionError after {@link ThreadPool.shutdown}
   */
  execute(task: () => unknown): void {
    if (typeof task !== 'function') throw new TypeError(badArgument('task', task, 'a function'));
    if (this.#shutdown) throw this.#rejection();
    this.#accept({
      id: nextTaskId++,
      pool: this,
      kind: 'execute',
      task,
      resolve: undefined,
      reject: undefined,
      transmitted: null,
      registered: null,
    });
  }

  /**
   * Runs `task` on a pool thread and reports its outcome.
   *
   * @param task - the work; may return a promise
   * @returns a promise of the task's result, rejected with its error; rejected with
   *   {@link RejectedExecutionError} after {@link ThreadPool.shutdown}
   * @throws TypeError when `task` is not a function
   */
  submit<R>(task: () => R | Promise<R>): Promise<Awaited<R>> {
    if (typeof task !== 'function') throw new TypeError(badArgument('task', task, 'a function'));
    if (this.#shutdown) return Promise.reject(this.#rejection());
    return new Promise<Awaited<R>>((resolve, reject) => {
      this.#accept({
        id: nextTaskId++,
        pool: this,
        kind: 'submit',
        task,
        resolve: resolve as (value: unknown) => void,
        reject,
        transmitted: null,
        registered: null,
      });
    });
  }

  /**
   * Stops accepting tasks, lets the queued ones run, then terminates the pool's threads (dropping
   * their thread-local values). Calling it again returns the same promise.
   *
   * @returns a promise that settles once every pool thread has terminated
   */
  shutdown(): Promise<void> {
    if (this.#terminated !== null) return this.#terminated;
    this.#shutdown = true;
    this.#terminated = new Promise<void>((resolve) => {
      this.#markTerminated = resolve;
    });
    for (const worker of this.#idle.splice(0)) this.#retire(worker);
    this.#settleIfDrained();
    return this.#terminated;
  }

  /** @returns whether {@link ThreadPool.shutdown} was called */
  isShutdown(): boolean {
    return this.#shutdown;
  }

  /** @returns `ThreadPool[name, size=N, threads=N, queued=N]` */
  toString(): string {
    return `ThreadPool[${this.name}, size=${this.size}, threads=${this.#workers.size}, queued=${this.#queue.size}]`;
  }

  #rejection(): RejectedExecutionError {
    return new RejectedExecutionError(`${this.toString()}: task rejected (the pool has been shut down)`);
  }

  #accept(job: Job): void {
    // In the submitter's context: TransmittableThreadLocal values are taken now, not when the task runs.
    captureForTask(job);
    if (onTaskSubmitted !== null) onTaskSubmitted(job);
    // As Java's ThreadPoolExecutor: a new thread per task until the pool is full, then reuse.
    if (this.#workers.size < this.size) {
      this.#startWorker(job);
      return;
    }
    const worker = this.#idle.shift();
    if (worker === undefined) {
      this.#queue.enqueue(job);
      return;
    }
    // Enter the worker's context; the microtask keeps `execute`/`submit` from running the task
    // synchronously inside the caller, as handing it to another thread would not.
    carrier.run(worker.thread, () => {
      queueMicrotask(() => {
        this.#work(worker, job);
      });
    });
  }

  /** Creates a worker thread (inheriting from the current thread, as in Java) whose first task is `job`. */
  #startWorker(first: Job): void {
    // The thread's one long task parks until the pool releases it; jobs run inside it, or in its
    // context when an idle worker is handed one.
    const thread = new Thread(
      () =>
        new Promise<void>((resolve) => {
          worker.release = resolve;
          this.#work(worker, first);
        }),
      { name: `${this.name}-thread-${this.#threadNumber++}` },
    );
    const worker: Worker = { thread, release: noop, retired: false };
    markPoolThread(thread, this);
    this.#workers.add(worker);
    thread.start();
  }

  /** Runs `job`, then queued jobs, on the worker's thread until the queue is empty or a job is async. */
  #work(worker: Worker, first: Job): void {
    let job: Job | undefined = first;
    while (job !== undefined) {
      const pending = this.#run(worker, job);
      if (pending !== undefined) {
        // Registered on the worker's thread, so the continuation runs there too.
        void pending.then(() => {
          this.#continue(worker);
        });
        return;
      }
      job = this.#next(worker);
    }
  }

  #continue(worker: Worker): void {
    const job = this.#next(worker);
    if (job !== undefined) this.#work(worker, job);
  }

  /** @returns the worker's next job, or `undefined` after parking or retiring it */
  #next(worker: Worker): Job | undefined {
    if (worker.retired) return undefined;
    const job = this.#queue.dequeue();
    if (job !== undefined) return job;
    if (this.#shutdown) {
      this.#retire(worker);
    } else {
      this.#idle.push(worker);
    }
    return undefined;
  }

  /** @returns a promise when the task is still running asynchronously, `undefined` when it is done */
  #run(worker: Worker, job: Job): Promise<void> | undefined {
    replayForTask(worker.thread, job);
    if (onTaskStarted !== null) onTaskStarted(worker.thread, job);
    let result: unknown;
    try {
      result = job.task();
    } catch (error) {
      this.#finish(worker, job, false, error);
      return undefined;
    }
    if (!isThenable(result)) {
      this.#finish(worker, job, true, result);
      return undefined;
    }
    return Promise.resolve(result).then(
      (value) => {
        this.#finish(worker, job, true, value);
      },
      (error: unknown) => {
        this.#finish(worker, job, false, error);
      },
    );
  }

  #finish(worker: Worker, job: Job, ok: boolean, outcome: unknown): void {
    // Observed before the caller resumes, so an audit sees what the task left behind first.
    if (onTaskEnded !== null) onTaskEnded(worker.thread, job, !ok);
    // After taskEnded: an audit sees what the task itself left; before the caller resumes.
    restoreAfterTask(worker.thread, job);
    if (ok) {
      job.resolve?.(outcome);
    } else if (job.reject !== undefined) {
      job.reject(outcome);
    } else {
      worker.thread.dispatchUncaughtException(outcome);
      this.#replace(worker);
    }
  }

  /** Java's processWorkerExit after a task failure: the thread dies, a new one takes queued work. */
  #replace(worker: Worker): void {
    this.#retire(worker);
    const job = this.#queue.dequeue();
    if (job !== undefined) this.#startWorker(job);
    else this.#settleIfDrained();
  }

  #retire(worker: Worker): void {
    if (worker.retired) return;
    worker.retired = true;
    this.#workers.delete(worker);
    this.#exits.push(worker.thread.join());
    worker.release();
    this.#settleIfDrained();
  }

  #settleIfDrained(): void {
    const markTerminated = this.#markTerminated;
    if (markTerminated === null || this.#workers.size > 0 || this.#queue.size > 0) return;
    this.#markTerminated = null;
    const exits = this.#exits.splice(0);
    void Promise.all(exits).then(() => {
      markTerminated();
    });
  }
}

function noop(): void {}
