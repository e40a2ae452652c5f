import type { ThreadLocalKey } from '@tlkit/core';
import { SiteSampler } from './SiteSampler.js';

/** What the audit knows about one ThreadLocal; reachable only through its key, never the reverse. */
export interface ThreadLocalInfo {
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

/** Slots of the sampler cache (a power of two). */
const SAMPLER_CACHE = 16;

/**
 * The ThreadLocals the audit knows, by core key. Holds nothing alive: infos live in a `WeakMap`
 * keyed by the key (which core keeps only while the ThreadLocal or one of its stale entries
 * exists), collection is observed by a `FinalizationRegistry`, and the sampler cache holds keys,
 * which are themselves weak references.
 */
export class ThreadLocalRegistry {
  /** ThreadLocals registered for collection (seen created, or found alive at start). */
  tracked = 0;
  readonly #infos = new WeakMap<ThreadLocalKey, ThreadLocalInfo>();
  readonly #collected = new FinalizationRegistry<ThreadLocalInfo>((info) => {
    info.collectedAt ??= Date.now();
  });
  /**
   * The samplers of the ThreadLocals set last, by `key.id & (SAMPLER_CACHE - 1)`: key, sampler,
   * key, sampler… A set finds its ThreadLocal's sampler here without a WeakMap lookup.
   */
  readonly #samplerCache: unknown[] = new Array<unknown>(SAMPLER_CACHE * 2).fill(undefined);
  readonly #interval: number;

  /** @param interval - the longest interval of each ThreadLocal's set sampler */
  constructor(interval: number) {
    this.#interval = interval;
  }

  /**
   * Starts tracking a ThreadLocal's key (once): its collection time when the ThreadLocal is still
   * alive to be registered, otherwise just its id.
   *
   * @param key - core's key of the ThreadLocal
   * @param threadLocal - the ThreadLocal, when alive
   * @param site - its creation site, when captured
   * @returns what is known about it
   */
  track(key: ThreadLocalKey, threadLocal: object | undefined, site: string | undefined): ThreadLocalInfo {
    let info = this.#infos.get(key);
    if (info !== undefined) return info;
    info = { id: key.id, site, collectedAt: undefined, firstSeenStale: undefined, sampler: undefined };
    this.#infos.set(key, info);
    if (threadLocal !== undefined) {
      this.#collected.register(threadLocal, info);
      this.tracked++;
    }
    return info;
  }

  /**
   * @param key - core's key of a ThreadLocal
   * @returns what is known about it; one seen only now is tracked from now on
   */
  infoOf(key: ThreadLocalKey): ThreadLocalInfo {
    return this.track(key, key.deref(), undefined);
  }

  /**
   * The cache lookup of a `set()`, inline in the observer's `entrySet`.
   *
   * @param key - core's key of the ThreadLocal set
   * @returns its sampler when cached, else `undefined`
   */
  cachedSampler(key: ThreadLocalKey): SiteSampler | undefined {
    const slot = (key.id & (SAMPLER_CACHE - 1)) << 1;
    return this.#samplerCache[slot] === key ? (this.#samplerCache[slot + 1] as SiteSampler) : undefined;
  }

  /**
   * @param key - core's key of a ThreadLocal
   * @returns the set sampler of its ThreadLocal (made at its first set), now also in the cache
   */
  samplerOf(key: ThreadLocalKey): SiteSampler {
    const sampler = (this.infoOf(key).sampler ??= new SiteSampler(this.#interval));
    const slot = (key.id & (SAMPLER_CACHE - 1)) << 1;
    this.#samplerCache[slot] = key;
    this.#samplerCache[slot + 1] = sampler;
    return sampler;
  }
}
