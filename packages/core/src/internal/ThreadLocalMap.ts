import type { Thread } from '../Thread.js';
import { onEntryExpunged } from './hooks.js';
import { childValueOf, type ChildValueSource } from './symbols.js';
import type { ThreadLocalKey } from './ThreadLocalKey.js';

/** Capacity of a new map; must be a power of two. */
const INITIAL_CAPACITY = 16;

/** An entry as seen by inspection: the key may be stale (its ThreadLocal collected). */
export interface MapEntry {
  readonly key: ThreadLocalKey;
  readonly value: unknown;
}

/**
 * One thread's thread-local values: OpenJDK's `ThreadLocal.ThreadLocalMap` algorithm — open
 * addressing with linear probing, keys held weakly (through {@link ThreadLocalKey}), values held
 * strongly, and stale entries expunged opportunistically on `set`, on `get` misses, on `remove` and
 * on rehash.
 *
 * The table is one array of `[key, value]` pairs rather than an array of entry objects: an entry
 * costs two array slots and no allocation, and the hot path (ThreadLocal's inlined first probe)
 * compares a key by identity without dereferencing a weak reference.
 *
 * A slot whose key is `null` is *empty*. A slot whose key's `deref()` is `undefined` holds a *stale
 * entry*. Every probe run (maximal sequence of non-empty slots) is contiguous modulo capacity, and
 * every live key sits in the run that starts at or before its home slot (`key.slot & (length - 2)`): that is what
 * lets a lookup stop at the first empty slot, and why removal must rehash the rest of the run.
 */
export class ThreadLocalMap {
  /**
   * `[key0, value0, key1, value1, …]`, length `2 × capacity`. Capacity is a power of two, so the
   * home slot of a key is a mask of its hash (no modulo), and it is at least 16. At least one slot is
   * always empty (load < 2/3), so every probe loop terminates.
   */
  table: unknown[];
  /** Number of non-empty slots, live and stale. */
  size = 0;
  /** Resize when `size` reaches this: 2/3 of capacity, keeping probe runs short. */
  private threshold: number;
  /** The thread that owns this map, reported with expunge events. */
  readonly owner: Thread;

  /**
   * @param owner - the thread whose values this map holds
   * @param capacity - initial capacity, a power of two ≥ 16
   */
  constructor(owner: Thread, capacity = INITIAL_CAPACITY) {
    this.owner = owner;
    this.table = new Array<unknown>(capacity * 2).fill(null);
    this.threshold = thresholdFor(capacity);
  }

  /**
   * Builds a child thread's map from a parent's: each live entry whose key is inheritable is copied
   * through the ThreadLocal's `childValue()`. Java keeps inheritable values in a second map; one map
   * with a per-key flag keeps `get()` to a single lookup (docs/decisions/0003-one-map-per-thread.md).
   *
   * @returns the child's map, or `null` when nothing is inherited
   */
  static inherit(parent: ThreadLocalMap, child: Thread): ThreadLocalMap | null {
    const copies: unknown[] = [];
    const table = parent.table;
    for (let i = 0; i < table.length; i += 2) {
      const key = table[i] as ThreadLocalKey | null;
      if (key === null || !key.inheritable) continue;
      const threadLocal = key.deref() as ChildValueSource | undefined;
      if (threadLocal === undefined) continue;
      copies.push(key, threadLocal[childValueOf](table[i + 1]));
    }
    if (copies.length === 0) return null;
    let capacity = INITIAL_CAPACITY;
    while (copies.length / 2 >= thresholdFor(capacity)) capacity *= 2;
    const map = new ThreadLocalMap(child, capacity);
    for (let c = 0; c < copies.length; c += 2) {
      map.insertFresh(copies[c] as ThreadLocalKey, copies[c + 1]);
    }
    return map;
  }

  /**
   * Finds the slot of `key` after its home slot missed: probes the run, expunging stale entries met
   * on the way (Java's `getEntryAfterMiss`).
   *
   * @returns the table index of the key (even), or -1 when absent
   */
  indexAfterMiss(key: ThreadLocalKey, index: number): number {
    const table = this.table;
    let k = table[index] as ThreadLocalKey | null;
    while (k !== null) {
      if (k === key) return index;
      if (k.deref() === undefined) {
        this.expungeStaleEntry(index);
      } else {
        index = this.next(index);
      }
      k = table[index] as ThreadLocalKey | null;
    }
    return -1;
  }

  /** Returns the table index of `key` (even), or -1 when absent. Never allocates. */
  indexOf(key: ThreadLocalKey): number {
    const index = key.slot & (this.table.length - 2);
    return this.table[index] === key ? index : this.indexAfterMiss(key, index);
  }

  /** Stores `value` for `key`, replacing stale entries met on the probe and growing when needed. */
  set(key: ThreadLocalKey, value: unknown): void {
    const table = this.table;
    let index = key.slot & (table.length - 2);
    for (let k = table[index] as ThreadLocalKey | null; k !== null; k = table[index] as ThreadLocalKey | null) {
      if (k === key) {
        table[index + 1] = value;
        return;
      }
      if (k.deref() === undefined) {
        this.replaceStaleEntry(key, value, index);
        return;
      }
      index = this.next(index);
    }
    table[index] = key;
    table[index + 1] = value;
    const size = ++this.size;
    if (!this.cleanSomeSlots(index, size) && size >= this.threshold) this.rehash();
  }

  /**
   * Removes the entry of `key` and re-packs its probe run.
   *
   * @returns whether there was an entry
   */
  remove(key: ThreadLocalKey): boolean {
    const index = this.indexOf(key);
    if (index < 0) return false;
    // A removed entry is not stale: emptied without an expunge report (and without a deref).
    this.expungeStaleEntry(index, false);
    return true;
  }

  /** Every non-empty slot, live or stale, in table order. */
  entries(): MapEntry[] {
    const out: MapEntry[] = [];
    const table = this.table;
    for (let i = 0; i < table.length; i += 2) {
      const key = table[i] as ThreadLocalKey | null;
      if (key !== null) out.push({ key, value: table[i + 1] });
    }
    return out;
  }

  /** Expunges every stale entry now (Java's `expungeStaleEntries`). */
  expungeStaleEntries(): void {
    const table = this.table;
    for (let i = 0; i < table.length; i += 2) {
      const key = table[i] as ThreadLocalKey | null;
      if (key !== null && key.deref() === undefined) this.expungeStaleEntry(i);
    }
  }

  private next(index: number): number {
    return (index + 2) & (this.table.length - 1);
  }

  private prev(index: number): number {
    return (index - 2) & (this.table.length - 1);
  }

  /**
   * Empties the owner's read cache (`Thread.cachedKey`) when it repeats the entry of `key`, which is
   * leaving this map: the cache must never keep a value the map has let go of.
   */
  private uncache(key: ThreadLocalKey): void {
    const owner = this.owner;
    if (owner.cachedKey === key) {
      owner.cachedKey = null;
      owner.cachedValue = null;
    }
  }

  /** Places a key known to be absent, with no stale-entry handling (fresh tables only). */
  private insertFresh(key: ThreadLocalKey, value: unknown): void {
    const table = this.table;
    let index = key.slot & (table.length - 2);
    while (table[index] !== null) index = this.next(index);
    table[index] = key;
    table[index + 1] = value;
    this.size++;
  }

  /**
   * Empties the slot at `staleIndex` (stale, or being removed), then walks the rest of its run:
   * stale entries met are emptied too, and live ones are moved back towards their home slot so
   * that no lookup stops short at the hole just made (Knuth's Algorithm R, as in Java).
   *
   * @param stale - whether the first slot holds a stale entry (reported) or a removed one (not)
   * @returns the index of the empty slot that ends the run
   */
  private expungeStaleEntry(staleIndex: number, stale = true): number {
    const table = this.table;
    this.release(staleIndex, stale);
    let index = this.next(staleIndex);
    for (let k = table[index] as ThreadLocalKey | null; k !== null; k = table[index] as ThreadLocalKey | null) {
      if (k.deref() === undefined) {
        this.release(index, true);
      } else {
        let home = k.slot & (table.length - 2);
        if (home !== index) {
          const value = table[index + 1];
          table[index] = null;
          table[index + 1] = null;
          while (table[home] !== null) home = this.next(home);
          table[home] = k;
          table[home + 1] = value;
        }
      }
      index = this.next(index);
    }
    return index;
  }

  /**
   * Empties one slot. Callers already know whether the entry is stale (they just dereferenced the
   * key, or are removing a live one), so this never dereferences: `remove()` stays deref-free.
   */
  private release(index: number, stale: boolean): void {
    const table = this.table;
    const key = table[index] as ThreadLocalKey;
    const value = table[index + 1];
    table[index] = null;
    table[index + 1] = null;
    this.size--;
    this.uncache(key);
    if (stale && onEntryExpunged !== null) onEntryExpunged(this.owner, key, value);
  }

  /**
   * Stores `key → value` in place of the stale entry at `staleIndex`, found while probing for `key`.
   * If `key` is further along the run it is swapped into the stale slot, keeping the run in order;
   * other stale entries in the run are expunged on the way (Java's `replaceStaleEntry`).
   */
  private replaceStaleEntry(key: ThreadLocalKey, value: unknown, staleIndex: number): void {
    const table = this.table;
    // Start expunging at the first stale entry of the run, so one pass cleans it all.
    let slotToExpunge = staleIndex;
    for (let i = this.prev(staleIndex); table[i] !== null; i = this.prev(i)) {
      if ((table[i] as ThreadLocalKey).deref() === undefined) slotToExpunge = i;
    }
    for (let i = this.next(staleIndex); table[i] !== null; i = this.next(i)) {
      const k = table[i] as ThreadLocalKey;
      if (k === key) {
        const staleKey = table[staleIndex];
        const staleValue = table[staleIndex + 1];
        table[staleIndex] = key;
        table[staleIndex + 1] = value;
        table[i] = staleKey;
        table[i + 1] = staleValue;
        if (slotToExpunge === staleIndex) slotToExpunge = i;
        this.cleanSomeSlots(this.expungeStaleEntry(slotToExpunge), table.length >> 1);
        return;
      }
      if (slotToExpunge === staleIndex && k.deref() === undefined) slotToExpunge = i;
    }
    // The key was absent: it takes the stale slot, whose old entry is released (and reported).
    const staleKey = table[staleIndex] as ThreadLocalKey;
    const staleValue = table[staleIndex + 1];
    table[staleIndex] = key;
    table[staleIndex + 1] = value;
    this.uncache(staleKey);
    if (onEntryExpunged !== null) onEntryExpunged(this.owner, staleKey, staleValue);
    if (slotToExpunge !== staleIndex) this.cleanSomeSlots(this.expungeStaleEntry(slotToExpunge), table.length >> 1);
  }

  /**
   * Scans about log2(n) slots after `index` for stale entries, widening the scan whenever it finds
   * one: logarithmic work on every insertion, instead of none (garbage kept) or all (O(n) sets).
   *
   * @returns whether any stale entry was expunged
   */
  private cleanSomeSlots(index: number, n: number): boolean {
    const table = this.table;
    let removed = false;
    do {
      index = this.next(index);
      const k = table[index] as ThreadLocalKey | null;
      if (k !== null && k.deref() === undefined) {
        n = table.length >> 1;
        removed = true;
        index = this.expungeStaleEntry(index);
      }
    } while ((n >>>= 1) !== 0);
    return removed;
  }

  /** Expunges everything stale, then doubles the table if it is still over 3/4 of the threshold. */
  private rehash(): void {
    this.expungeStaleEntries();
    // The lower bar avoids hysteresis: a table that is nearly full of live entries grows now.
    if (this.size >= this.threshold - this.threshold / 4) this.resize();
  }

  /** Doubles the capacity, dropping stale entries while re-placing live ones. */
  private resize(): void {
    const old = this.table;
    // Double the capacity: the old table, two slots per entry, is exactly as long as that.
    const capacity = old.length;
    const table = new Array<unknown>(capacity * 2).fill(null);
    let size = 0;
    for (let i = 0; i < old.length; i += 2) {
      const k = old[i] as ThreadLocalKey | null;
      if (k === null) continue;
      if (k.deref() === undefined) {
        this.uncache(k);
        if (onEntryExpunged !== null) onEntryExpunged(this.owner, k, old[i + 1]);
        continue;
      }
      let index = k.slot & (table.length - 2);
      while (table[index] !== null) index = (index + 2) & (table.length - 1);
      table[index] = k;
      table[index + 1] = old[i + 1];
      size++;
    }
    this.table = table;
    this.size = size;
    this.threshold = thresholdFor(capacity);
  }
}

function thresholdFor(capacity: number): number {
  return Math.floor((capacity * 2) / 3);
}
