import {
  setThreadLocalObserver,
  THREAD_LOCAL_OBSERVER_EVENTS,
  type ThreadLocalKey,
  type ThreadLocalObserver,
} from '@tlkit/core';
import type { ErrorSink } from './ErrorSink.js';
import type { HookName } from './levels.js';
import type { SiteSampler } from './SiteSampler.js';

/** The function core calls for one event. */
type HookOf<K extends HookName> = NonNullable<ThreadLocalObserver[K]>;

/** An observer under construction. */
type MutableObserver = { -readonly [K in HookName]?: HookOf<K> };

/** The handlers of an audit, by event; `entrySet` is called only for sampled sets. */
export type AuditHandlers = { readonly [K in HookName]?: HookOf<K> };

/** Finds (or makes) the set sampler of a ThreadLocal; the cache lookup is inline in the hook. */
export interface SetSamplers {
  cachedSampler(key: ThreadLocalKey): SiteSampler | undefined;
  samplerOf(key: ThreadLocalKey): SiteSampler;
}

/**
 * The audit's place in core's one observer slot. Installing chains to the observer found there:
 * each event runs the audit's handler (when its level wants the event), fenced so that an error in
 * the audit never reaches the code that triggered the event, then the previous observer's.
 * Uninstalling restores the previous one — or, when another observer was installed on top since,
 * leaves the chain and only stops recording.
 */
export class ObserverLink {
  /** Whether the handlers run; false after {@link ObserverLink.uninstall}. */
  active = false;
  #installed = false;
  #observer: ThreadLocalObserver | null = null;
  #previous: ThreadLocalObserver | null = null;
  readonly #handlers: AuditHandlers;
  readonly #wanted: ReadonlySet<HookName>;
  readonly #errors: ErrorSink;
  readonly #samplers: SetSamplers;
  readonly #freshSampler: () => SiteSampler;

  /**
   * @param handlers - the audit's handlers, bound to it
   * @param wanted - the events its level subscribes to
   * @param errors - where errors are contained
   * @param samplers - set samplers, for the inline countdown of `entrySet`
   * @param freshSampler - a new sampler, when looking one up failed
   */
  constructor(handlers: AuditHandlers, wanted: ReadonlySet<HookName>, errors: ErrorSink, samplers: SetSamplers, freshSampler: () => SiteSampler) {
    this.#handlers = handlers;
    this.#wanted = wanted;
    this.#errors = errors;
    this.#samplers = samplers;
    this.#freshSampler = freshSampler;
  }

  /** Installs the chained observer in core's slot (once). */
  install(): void {
    if (this.#installed) return;
    this.#installed = true;
    this.active = true;
    // Take the slot first, so that the chain is built against the observer actually found there.
    this.#previous = setThreadLocalObserver(null);
    try {
      this.#observer = this.#build();
      owners.set(this.#observer, this);
    } finally {
      setThreadLocalObserver(this.#observer ?? this.#previous);
    }
  }

  /** Unhooks: restores the previous observer (see the class comment). */
  uninstall(): void {
    if (!this.active) return;
    this.active = false;
    // Skip audits stopped while this one sat above them: they only forward, so drop them now.
    let restore = this.#previous;
    for (let owner = ownerOf(restore); owner !== undefined && !owner.active; owner = ownerOf(restore)) {
      restore = owner.#previous;
    }
    const current = setThreadLocalObserver(restore);
    if (current !== this.#observer) setThreadLocalObserver(current);
  }

  /**
   * Only the events the level needs (plus those the previous observer wants). One generic wrapper
   * serves every event but three: `entrySet`, which runs on every `set()` and counts the sampling
   * interval down inline, and the two per-task events, which get a function literal each — closures
   * made from one literal share V8's call feedback, so the generic wrapper's handler call turns
   * megamorphic and is never inlined (measured 1.065–1.070× on the pool workload at `simple`,
   * against 1.03× with these). Their handlers must keep the clean-thread path small too: TurboFan
   * inlines a callee only while its bytecode plus what its optimized code already inlined stays
   * under a budget (460 bytes), so a handler that pulled its slow path in with it made these
   * wrappers a real call per task (see the Detector's per-task handlers).
   */
  #build(): ThreadLocalObserver {
    const observer: MutableObserver = {};
    for (const name of THREAD_LOCAL_OBSERVER_EVENTS) this.#add(observer, name);
    return observer;
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- K ties `name` to the hook types in the body
  #add<K extends HookName>(observer: MutableObserver, name: K): void {
    const mine = this.#wanted.has(name) ? (this.#handlers[name] as HookOf<K> | undefined) : undefined;
    const next = this.#previous?.[name] as HookOf<K> | undefined;
    if (mine === undefined && next === undefined) return;
    observer[name] = (mine === undefined ? undefined : this.#special(name, mine, next)) ?? this.#fenced(name, mine, next);
  }

  /** The dedicated wrappers, for the events that run per `set()` or per task. */
  #special<K extends HookName>(name: K, mine: HookOf<K>, next: HookOf<K> | undefined): HookOf<K> | undefined {
    const special =
      name === 'entrySet'
        ? this.#entrySet(mine as HookOf<'entrySet'>, next as HookOf<'entrySet'> | undefined)
        : name === 'taskStarted'
          ? this.#taskStarted(mine as HookOf<'taskStarted'>, next as HookOf<'taskStarted'> | undefined)
          : name === 'taskEnded'
            ? this.#taskEnded(mine as HookOf<'taskEnded'>, next as HookOf<'taskEnded'> | undefined)
            : undefined;
    return special as HookOf<K> | undefined;
  }

  /** `entrySet`, once per `set()`: the sampler's countdown inline, the handler only for a sample. */
  #entrySet(handler: HookOf<'entrySet'>, next: HookOf<'entrySet'> | undefined): HookOf<'entrySet'> {
    const previous = this.#previous;
    const samplers = this.#samplers;
    return (thread, threadLocal, key, value, initial) => {
      const sampler = samplers.cachedSampler(key) ?? this.#fencedSamplerOf(key);
      if (--sampler.countdown <= 0 && this.active) {
        try {
          handler(thread, threadLocal, key, value, initial);
        } catch (error) {
          this.#errors.contain('an observer event (entrySet)', error);
        }
      }
      if (next !== undefined) next.call(previous, thread, threadLocal, key, value, initial);
    };
  }

  /** `taskStarted`, once per pool task. */
  #taskStarted(handler: HookOf<'taskStarted'>, next: HookOf<'taskStarted'> | undefined): HookOf<'taskStarted'> {
    const previous = this.#previous;
    return (thread, task) => {
      if (this.active) {
        try {
          handler(thread, task);
        } catch (error) {
          this.#errors.contain('an observer event (taskStarted)', error);
        }
      }
      if (next !== undefined) next.call(previous, thread, task);
    };
  }

  /** `taskEnded`, once per pool task. */
  #taskEnded(handler: HookOf<'taskEnded'>, next: HookOf<'taskEnded'> | undefined): HookOf<'taskEnded'> {
    const previous = this.#previous;
    return (thread, task, failed) => {
      if (this.active) {
        try {
          handler(thread, task, failed);
        } catch (error) {
          this.#errors.contain('an observer event (taskEnded)', error);
        }
      }
      if (next !== undefined) next.call(previous, thread, task, failed);
    };
  }

  /** Any other event: the handler (when wanted) fenced, then the previous observer's. */
  #fenced<K extends HookName>(name: K, mine: HookOf<K> | undefined, next: HookOf<K> | undefined): HookOf<K> {
    const previous = this.#previous;
    const errors = this.#errors;
    const mineAny = mine as AnyHook | undefined;
    const nextAny = next as AnyHook | undefined;
    // Fixed arity, no rest parameters: V8 passes them without an arguments object.
    const hook: AnyHook = (a, b, c, d, e) => {
      if (mineAny !== undefined && this.active) {
        try {
          mineAny(a, b, c, d, e);
        } catch (error) {
          errors.contain(`an observer event (${name})`, error);
        }
      }
      if (nextAny !== undefined) nextAny.call(previous, a, b, c, d, e);
    };
    // Five optional `unknown` parameters make every hook type: the wrapper passes its arguments through unread.
    return hook;
  }

  /**
   * The cache miss of a `set()`, with any error contained (it runs outside the hook's fence). On an
   * error, a fresh sampler: its capture goes through the fenced handler, which never throws.
   */
  #fencedSamplerOf(key: ThreadLocalKey): SiteSampler {
    try {
      return this.#samplers.samplerOf(key);
    } catch (error) {
      this.#errors.contain('an observer event (entrySet)', error);
      return this.#freshSampler();
    }
  }
}

/** Any observer method, called with at most five arguments. */
type AnyHook = (a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown) => void;

/** The link behind each observer this package installed. */
const owners = new WeakMap<ThreadLocalObserver, ObserverLink>();

function ownerOf(observer: ThreadLocalObserver | null): ObserverLink | undefined {
  return observer === null ? undefined : owners.get(observer);
}
