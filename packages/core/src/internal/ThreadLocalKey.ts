/**
 * The golden-ratio step between consecutive hash codes, as in OpenJDK: `0x61c88647` is
 * 2^32 / φ rounded to an odd integer. Because it is odd, successive multiples visit every
 * residue of any power of two before repeating, and because it is close to 2^32 / φ, the
 * first n codes masked to a power-of-two table land almost evenly spread, so linear probing
 * rarely meets a collision chain even when thread-locals are created in bulk.
 */
export const HASH_INCREMENT = 0x61c88647;

let nextHashCode = 0;
let nextKeyId = 1;

/**
 * The identity of one ThreadLocal in every thread's map: a weak reference to the ThreadLocal,
 * created once per ThreadLocal and shared by all the maps that hold an entry for it.
 *
 * Java gives every map entry its own `WeakReference`. Sharing one per ThreadLocal keeps the
 * semantics (the referent is cleared once, for all threads, when the ThreadLocal is collected)
 * while letting the hot path match entries by the identity of this object instead of calling
 * `deref()`, which costs several times a `Map.get` on V8 (docs/decisions/0002-shared-weak-key.md).
 *
 * A *stale entry* is an entry whose key's `deref()` returns `undefined`: its ThreadLocal has been
 * garbage-collected while the map still holds the value strongly.
 */
export class ThreadLocalKey<T extends object = object> extends WeakRef<T> {
  /** The golden-ratio hash code. Unique among the first 2^32 keys. */
  readonly hash: number;
  /**
   * `hash << 1`: the table index of the key's home slot in any map is `slot & (table.length - 2)`
   * (tables hold `[key, value]` pairs, so slot indexes are even and the length is 2 × capacity).
   */
  readonly slot: number;
  /** Unique per process (per isolate), increasing; stable handle for reports. */
  readonly id: number;
  /** True for InheritableThreadLocal keys: their entries are copied into threads constructed later. */
  readonly inheritable: boolean;

  /**
   * @param threadLocal - the ThreadLocal this key stands for, held weakly
   * @param inheritable - whether its entries are inherited by child threads
   */
  constructor(threadLocal: T, inheritable: boolean) {
    super(threadLocal);
    this.hash = nextHashCode;
    this.slot = nextHashCode << 1;
    // Kept in int32 range so slot arithmetic never sees a heap number.
    nextHashCode = (nextHashCode + HASH_INCREMENT) | 0;
    this.id = nextKeyId++;
    this.inheritable = inheritable;
  }
}
