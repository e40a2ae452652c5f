import {
  ABSENT,
  arrayBufferByteLength,
  bigIntToString,
  dataViewByteLength,
  dateNow,
  isArray,
  isArrayBuffer,
  isBoxedPrimitive,
  isDataView,
  isDate,
  isMap,
  isModuleNamespaceObject,
  isPromise,
  isProxy,
  isRegExp,
  isSet,
  isSharedArrayBuffer,
  isTypedArray,
  isWeakMap,
  isWeakSet,
  mapEntries,
  mapIteratorNext,
  mapSize,
  mathMin,
  mathRound,
  ownDataValue,
  ownKeys,
  regExpSource,
  setAdd,
  setHas,
  setIteratorNext,
  setSize,
  setValues,
  sharedArrayBufferByteLength,
  typedArrayByteLength,
  weakMapGet,
  weakMapSet,
} from './intrinsics.js';

/** Limits of one size estimate: whatever the value, the walk stops within them. */
export interface SizeBudget {
  /**
   * Most work units spent: one per object, array element, property or collection entry visited,
   * and one per key listed (an object's own keys are listed before its properties are visited).
   */
  readonly maxNodes: number;
  /** Deepest nesting followed. */
  readonly maxDepth: number;
}

/** The budget of one estimate the audit makes: about a millisecond of work (see docs/guide/staging.md). */
export const DEFAULT_SIZE_BUDGET: SizeBudget = { maxNodes: 10_000, maxDepth: 32 };

/** The work units all the estimates of one scan (or one pool-task event) may spend together. */
export const DEFAULT_SCAN_WORK = 100_000;

/** The estimate, and whether the walk ran out of budget. */
export interface SizeEstimate {
  /** Approximate bytes the value keeps reachable; a lower bound when `truncated`. */
  readonly bytes: number;
  /**
   * True when the walk stopped early (budget or depth spent, a Proxy, a module namespace, or a
   * large object measured before): `bytes` counts what was seen, and the value retains at least that.
   */
  readonly truncated: boolean;
  /** Work units spent (see {@link SizeBudget.maxNodes}). */
  readonly work: number;
}

/**
 * Work shared by several estimates (the audit makes one per scan and per pool-task event, with
 * {@link DEFAULT_SCAN_WORK} units): the units they may still spend together, and what is known of
 * large objects. An object with more own keys than one estimate's budget is remembered (weakly)
 * with its size, so that later estimates reuse the figure instead of listing its keys again:
 * JavaScript cannot list part of an object's keys, and V8 lists a million in about a second.
 */
export class SizeWork {
  /** Units left; estimates made after it reaches 0 only look at the value itself. */
  left: number;
  /** Units spent, for tests and statistics. */
  spent = 0;
  readonly #large: WeakMap<object, LargeObject>;
  readonly #refreshMs: number;

  /**
   * @param units - units the estimates may spend together
   * @param memo - remembered large objects, shared across scans (see {@link SizeWork.memo})
   * @param refreshMs - how long a remembered size is reused before the object is measured again
   */
  constructor(units: number = DEFAULT_SCAN_WORK, memo: WeakMap<object, LargeObject> = new WeakMap(), refreshMs = LARGE_OBJECT_REFRESH_MS) {
    this.left = units;
    this.#large = memo;
    this.#refreshMs = refreshMs;
  }

  /** @returns a memo of large objects to hand to the next scan's {@link SizeWork} */
  static memo(): WeakMap<object, LargeObject> {
    return new WeakMap();
  }

  /**
   * @param object - an object about to be walked
   * @returns its remembered size, while fresh, else `undefined`
   */
  recall(object: object): number | undefined {
    const known = weakMapGet(this.#large, object) as LargeObject | undefined;
    return known !== undefined && dateNow() - known.at < this.#refreshMs ? known.bytes : undefined;
  }

  /**
   * Remembers the size of an object with more own keys than one estimate's budget.
   *
   * @param object - the object
   * @param bytes - its size as measured (a lower bound)
   */
  remember(object: object, bytes: number): void {
    weakMapSet(this.#large, object, { bytes, at: dateNow() });
  }
}

/** A large object's size as last measured. */
export interface LargeObject {
  readonly bytes: number;
  readonly at: number;
}

/** How long the size of a large object is reused (10 minutes). */
export const LARGE_OBJECT_REFRESH_MS = 600_000;

// Rough V8 figures on 64-bit with pointer compression; the point is orders of magnitude.
const OBJECT_HEADER = 24;
const SLOT = 8;
const STRING_HEADER = 16;
const BUFFER_HEADER = 96;

/**
 * Estimates the bytes a value keeps reachable, by a bounded walk that never runs user code: Buffers,
 * typed arrays, DataViews and ArrayBuffers count their `byteLength`; strings their length (two bytes
 * per char, an upper bound); objects their own data properties, arrays their elements, Maps and
 * Sets their entries. Getters, proxies, overridden members (`byteLength`, `size`, `entries()`,
 * `source`) and functions' closures are never run or entered: internal state is read through the
 * original built-ins, captured when the package loaded. Shared objects count once.
 *
 * Bounded in work: at most `budget.maxNodes` units (and what `work` has left), `budget.maxDepth`
 * levels. When the budget runs out the figure counts what was seen plus one slot per unvisited
 * element, property or entry, and is marked `truncated`: the value retains at least that much.
 *
 * Not a heap snapshot: it cannot see private fields, closures or memory shared with other owners.
 *
 * @param value - any value
 * @param budget - limits of the walk
 * @param work - units shared with other estimates, and remembered large objects
 * @returns the approximate retained bytes, whether that is a lower bound, and the work spent
 * @throws only what V8 itself throws on exhaustion (a stack or heap limit); never a user's error
 */
export function estimateSize(value: unknown, budget: SizeBudget = DEFAULT_SIZE_BUDGET, work?: SizeWork): SizeEstimate {
  const walk = new SizeWalk(mathMin(budget.maxNodes, work?.left ?? budget.maxNodes), budget, work);
  const bytes = walk.size(value, 0);
  if (work !== undefined) {
    work.left -= mathMin(walk.spent, work.left);
    work.spent += walk.spent;
  }
  return { bytes: mathRound(bytes), truncated: walk.truncated, work: walk.spent };
}

class SizeWalk {
  truncated = false;
  spent = 0;
  readonly #seen = new Set<object>();
  readonly #units: number;
  readonly #maxDepth: number;
  /** Objects with more own keys than this are remembered: one estimate's whole budget. */
  readonly #largeKeys: number;
  readonly #work: SizeWork | undefined;

  constructor(units: number, budget: SizeBudget, work: SizeWork | undefined) {
    this.#units = units;
    this.#maxDepth = budget.maxDepth;
    this.#largeKeys = budget.maxNodes;
    this.#work = work;
  }

  size(value: unknown, depth: number): number {
    switch (typeof value) {
      case 'undefined':
        return 0;
      case 'boolean':
        return 4;
      case 'number':
        return SLOT;
      case 'bigint':
        return SLOT + (bigIntToString(value, 16).length + 1) / 2;
      case 'string':
        return STRING_HEADER + value.length * 2;
      case 'symbol':
        return OBJECT_HEADER;
      case 'function':
        return this.#once(value) ? OBJECT_HEADER * 2 : 0;
      default:
        return value === null ? 0 : this.#object(value as object, depth);
    }
  }

  /** False for an object already counted in this estimate. */
  #once(value: object): boolean {
    if (setHas(this.#seen, value)) return false;
    if (setSize(this.#seen) < this.#units) setAdd(this.#seen, value);
    return true;
  }

  /** Spends `units`; false (and the estimate truncated) when they are not left. */
  #spend(units: number): boolean {
    if (this.spent + units > this.#units) {
      this.truncated = true;
      return false;
    }
    this.spent += units;
    return true;
  }

  #object(value: object, depth: number): number {
    if (!this.#once(value)) return 0;
    // A proxy's target and handler are out of reach without running a trap.
    if (isProxy(value)) return this.#opaque();
    // Sized by their internal slots alone: O(1), whatever is left of the budget.
    if (isTypedArray(value)) return BUFFER_HEADER + typedArrayByteLength(value);
    if (isDataView(value)) return BUFFER_HEADER + dataViewByteLength(value);
    if (isArrayBuffer(value)) return BUFFER_HEADER + arrayBufferByteLength(value);
    if (isSharedArrayBuffer(value)) return BUFFER_HEADER + sharedArrayBufferByteLength(value);
    // A namespace's bindings belong to its module (and throw in their TDZ): never read them.
    if (isModuleNamespaceObject(value)) return this.#opaque();
    const known = this.#work?.recall(value);
    if (known !== undefined) {
      this.truncated = true;
      return known;
    }
    if (!this.#spend(1)) return OBJECT_HEADER;
    if (depth >= this.#maxDepth) {
      this.truncated = true;
      return OBJECT_HEADER;
    }
    if (isArray(value)) return this.#array(value, depth);
    if (isMap(value)) return this.#collection(value, mapSize(value), mapEntries(value), true, depth);
    if (isSet(value)) return this.#collection(value, setSize(value), setValues(value), false, depth);
    if (isDate(value)) return OBJECT_HEADER + SLOT;
    if (isRegExp(value)) return OBJECT_HEADER + STRING_HEADER + regExpSource(value).length * 2 + this.#properties(value, depth);
    if (isPromise(value) || isWeakMap(value) || isWeakSet(value) || isBoxedPrimitive(value)) return OBJECT_HEADER;
    return OBJECT_HEADER + this.#properties(value, depth);
  }

  #opaque(): number {
    this.truncated = true;
    return OBJECT_HEADER;
  }

  /**
   * Elements by own descriptor: an index accessor is never called, and a hole is never looked up
   * through the prototype chain (where a getter or a Proxy may sit).
   */
  #array(array: unknown[], depth: number): number {
    const length = array.length;
    let visited = 0;
    let present = 0;
    let elements = 0;
    for (; visited < length; visited++) {
      if (!this.#spend(1)) break;
      const element = ownDataValue(array, visited);
      if (element === ABSENT) continue;
      present++;
      elements += SLOT + this.size(element, depth + 1);
    }
    // Unvisited elements: one slot each, in the proportion of present ones seen (a sparse array
    // has no slots for its holes).
    // Named own properties of an array are not listed: listing them lists every index too.
    const rest = visited === 0 ? length : ((length - visited) * present) / visited;
    return OBJECT_HEADER + elements + SLOT * rest;
  }

  #collection(collection: object, count: number, iterator: object, keyed: boolean, depth: number): number {
    const next = keyed ? mapIteratorNext : setIteratorNext;
    let visited = 0;
    let elements = 0;
    // Iterated through the original iterator, never copied: a collection of millions costs only the budget.
    for (; visited < count; visited++) {
      if (!this.#spend(1)) break;
      const step = next(iterator);
      if (step.done === true) break;
      if (keyed) {
        const entry = step.value as unknown[];
        elements += this.size(entry[0], depth + 1) + this.size(entry[1], depth + 1);
      } else {
        elements += this.size(step.value, depth + 1);
      }
    }
    return OBJECT_HEADER + SLOT * 3 * count + elements + this.#properties(collection, depth);
  }

  /** Own properties, data ones only (a getter is user code with unknown cost and side effects); without the header. */
  #properties(object: object, depth: number): number {
    const keys = ownKeys(object);
    const count = keys.length;
    // The listing is work whether or not the budget allows it: count it, and remember an object
    // too large to list again.
    this.spent += count;
    if (this.spent > this.#units) {
      this.truncated = true;
      if (count > this.#largeKeys) this.#work?.remember(object, OBJECT_HEADER + SLOT * count);
      return SLOT * count;
    }
    let bytes = SLOT * count;
    for (let i = 0; i < count; i++) {
      const key = keys[i] as string | symbol;
      if (!this.#spend(1)) break;
      const field = ownDataValue(object, key);
      if (field !== ABSENT) bytes += this.size(field, depth + 1);
    }
    if (count > this.#largeKeys) this.#work?.remember(object, OBJECT_HEADER + bytes);
    return bytes;
  }
}
