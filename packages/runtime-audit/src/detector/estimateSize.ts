import { types } from 'node:util';

/** Limits of one size estimate: whatever the value, the walk stops within them. */
export interface SizeBudget {
  /** Most objects, array elements, properties and collection entries visited. */
  readonly maxNodes: number;
  /** Deepest nesting followed. */
  readonly maxDepth: number;
}

/** The budget the audit uses: about a millisecond of work at most. */
export const DEFAULT_SIZE_BUDGET: SizeBudget = { maxNodes: 10_000, maxDepth: 32 };

/** The estimate, and whether the walk ran out of budget (the figure is then extrapolated). */
export interface SizeEstimate {
  readonly bytes: number;
  readonly truncated: boolean;
}

// Rough V8 figures on 64-bit with pointer compression; the point is orders of magnitude.
const OBJECT_HEADER = 24;
const SLOT = 8;
const STRING_HEADER = 16;
const BUFFER_HEADER = 96;

/**
 * Estimates the bytes a value keeps reachable, by a bounded walk: Buffers, typed arrays, DataViews
 * and ArrayBuffers count their `byteLength`; strings their length (two bytes per char, an upper
 * bound); objects their own data properties, arrays their elements, Maps and Sets their entries.
 * Getters, proxies and functions' closures are never run or entered; shared objects count once.
 * When the budget runs out, the rest of a container is extrapolated from what was visited, so the
 * walk is bounded in time and memory however large or cyclic the value is.
 *
 * Not a heap snapshot: it cannot see private fields, closures or memory shared with other owners.
 *
 * @param value - any value
 * @param budget - limits of the walk
 * @returns the approximate retained bytes, and whether the budget ran out
 */
export function estimateSize(value: unknown, budget: SizeBudget = DEFAULT_SIZE_BUDGET): SizeEstimate {
  const walk = new SizeWalk(budget);
  const bytes = walk.size(value, 0);
  return { bytes: Math.round(bytes), truncated: walk.truncated };
}

class SizeWalk {
  truncated = false;
  readonly #seen = new Set<object>();
  #nodes = 0;
  readonly #budget: SizeBudget;

  constructor(budget: SizeBudget) {
    this.#budget = budget;
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
        return SLOT + Math.ceil(value.toString(16).length / 2);
      case 'string':
        return STRING_HEADER + value.length * 2;
      case 'symbol':
        return OBJECT_HEADER;
      case 'function':
        return this.#once(value) ? OBJECT_HEADER * 2 : 0;
      default:
        return value === null || value === undefined ? 0 : this.#object(value, depth);
    }
  }

  #once(value: object): boolean {
    if (this.#seen.has(value)) return false;
    if (this.#seen.size < this.#budget.maxNodes) this.#seen.add(value);
    return true;
  }

  /** Spends one node; false when the budget is exhausted. */
  #spend(): boolean {
    if (this.#nodes >= this.#budget.maxNodes) {
      this.truncated = true;
      return false;
    }
    this.#nodes++;
    return true;
  }

  #object(value: object, depth: number): number {
    if (!this.#once(value)) return 0;
    if (types.isProxy(value)) return OBJECT_HEADER;
    if (ArrayBuffer.isView(value)) return BUFFER_HEADER + value.byteLength;
    if (types.isAnyArrayBuffer(value)) return BUFFER_HEADER + value.byteLength;
    if (!this.#spend()) return OBJECT_HEADER;
    if (depth >= this.#budget.maxDepth) {
      this.truncated = true;
      return OBJECT_HEADER;
    }
    if (Array.isArray(value)) return this.#array(value as unknown[], depth);
    if (types.isMap(value)) return this.#entries(value as Map<unknown, unknown>, true, depth);
    if (types.isSet(value)) return this.#entries(value as Set<unknown>, false, depth);
    if (types.isDate(value)) return OBJECT_HEADER + SLOT;
    if (types.isRegExp(value)) return OBJECT_HEADER + STRING_HEADER + (value as RegExp).source.length * 2;
    if (types.isPromise(value) || types.isWeakMap(value) || types.isWeakSet(value) || value instanceof WeakRef) {
      return OBJECT_HEADER;
    }
    return this.#properties(value, depth);
  }

  #array(array: unknown[], depth: number): number {
    const length = array.length;
    const bytes = OBJECT_HEADER + SLOT * length;
    let visited = 0;
    let elements = 0;
    for (; visited < length; visited++) {
      if (!this.#spend()) break;
      elements += this.size(array[visited], depth + 1);
    }
    return bytes + extrapolate(elements, visited, length);
  }

  #entries(collection: Map<unknown, unknown> | Set<unknown>, isMap: boolean, depth: number): number {
    const count = collection.size;
    let visited = 0;
    let elements = 0;
    // Iterated, never copied: a collection of millions costs only the budget.
    for (const [key, item] of collection.entries()) {
      if (!this.#spend()) break;
      elements += (isMap ? this.size(key, depth + 1) : 0) + this.size(item, depth + 1);
      visited++;
    }
    return OBJECT_HEADER + SLOT * 3 * count + extrapolate(elements, visited, count);
  }

  #properties(object: object, depth: number): number {
    const keys = Reflect.ownKeys(object);
    let bytes = OBJECT_HEADER + SLOT * keys.length;
    let visited = 0;
    let fields = 0;
    for (; visited < keys.length; visited++) {
      if (!this.#spend()) break;
      const key = keys[visited] as string | symbol;
      // Data properties only: a getter is user code with unknown cost and side effects.
      const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
      if (descriptor !== undefined && 'value' in descriptor) fields += this.size(descriptor.value, depth + 1);
    }
    bytes += extrapolate(fields, visited, keys.length);
    return bytes;
  }
}

/** Scales the size of the `visited` parts up to `total` parts. */
function extrapolate(bytes: number, visited: number, total: number): number {
  return visited >= total || visited === 0 ? bytes : (bytes / visited) * total;
}
