/*
 * The vocabulary of thread-local state: which modules and classes tlkit recognizes, what kind each
 * class is, and what each method of a kind does. The ESLint rules and `tlkit scan` read these tables
 * and nothing else, so they cannot disagree on what a set, an undo or a scoped form is.
 */

/**
 * What a recognized class (or an instance of it) is:
 * - `thread-local`: `ThreadLocal`, `InheritableThreadLocal` from `@tlkit/core`, or a subclass;
 * - `async-local-storage`: Node's `AsyncLocalStorage` (`node:async_hooks`), or a subclass;
 * - `thread-pool`: `ThreadPool` from `@tlkit/core`, or a subclass.
 */
export type RecognizedKind = 'thread-local' | 'async-local-storage' | 'thread-pool';

/** The kinds that hold per-thread (per-async-chain) state: the ones the rules and checks are about. */
export type LocalStateKind = Exclude<RecognizedKind, 'thread-pool'>;

/** The modules whose exports are recognized. */
export type ModuleId = 'core' | 'async_hooks';

/** The package that declares the thread-local classes and the pool. */
export const CORE_MODULE = '@tlkit/core';

/** Import specifier → module. Node's builtin answers to both spellings. */
const MODULES: ReadonlyMap<string, ModuleId> = new Map<string, ModuleId>([
  [CORE_MODULE, 'core'],
  ['node:async_hooks', 'async_hooks'],
  ['async_hooks', 'async_hooks'],
]);

/** The classes each module exports, by export name. */
export const MODULE_CLASSES: Readonly<Record<ModuleId, ReadonlyMap<string, RecognizedKind>>> = {
  core: new Map<string, RecognizedKind>([
    ['ThreadLocal', 'thread-local'],
    ['InheritableThreadLocal', 'thread-local'],
    ['TransmittableThreadLocal', 'thread-local'],
    ['ThreadPool', 'thread-pool'],
  ]),
  async_hooks: new Map<string, RecognizedKind>([['AsyncLocalStorage', 'async-local-storage']]),
};

/**
 * The packages whose declaration files declare the recognized classes (Node's builtins are declared
 * by `@types/node`). A class is recognized by the package that declares it, never by its name alone:
 * a project's own `class ThreadLocal` is a different class.
 */
export const DECLARING_PACKAGES: ReadonlyMap<string, ReadonlyMap<string, RecognizedKind>> = new Map([
  [CORE_MODULE, MODULE_CLASSES.core],
  ['@types/node', MODULE_CLASSES.async_hooks],
]);

/** Every recognized class name, to reject most candidates before any lookup. */
export const RECOGNIZED_CLASS_NAMES: ReadonlySet<string> = new Set(
  Object.values(MODULE_CLASSES).flatMap((classes) => [...classes.keys()]),
);

/** Names under which a global object may expose `AsyncLocalStorage` (`globalThis.AsyncLocalStorage`). */
export const GLOBAL_OBJECT_NAMES: ReadonlySet<string> = new Set(['globalThis', 'global']);

/**
 * @param specifier - an import or `require` specifier.
 * @returns the recognized module it names, or `null`.
 */
export function moduleIdOf(specifier: string): ModuleId | null {
  return MODULES.get(specifier) ?? null;
}

/**
 * @param specifier - an import or `require` specifier.
 * @param exportName - the name imported from it.
 * @returns the kind of the class that export is, or `null`.
 */
export function kindOfExport(specifier: string, exportName: string): RecognizedKind | null {
  const moduleId = moduleIdOf(specifier);
  return moduleId === null ? null : (MODULE_CLASSES[moduleId].get(exportName) ?? null);
}

/**
 * What the methods of one kind do. The roles are what the rules and checks reason about; the names
 * are what they match.
 */
export interface KindVocabulary {
  /** Calls that put a value in place for the rest of the thread (async chain): must be undone. */
  readonly set: ReadonlySet<string>;
  /**
   * Calls that undo a set. Empty for AsyncLocalStorage: its undo is to put the earlier store back
   * with `enterWith(saved)` (a restore), which is recognized by its argument, not its name.
   */
  readonly undo: ReadonlySet<string>;
  /** Calls that look like an undo and are not one; never accepted, never advised. */
  readonly notUndo: ReadonlySet<string>;
  /** Calls that set and undo in one, so they cannot leak (`runWith`, `scope`, `run`, `withScope`). */
  readonly scoped: ReadonlySet<string>;
  /** Calls that read the current value; for AsyncLocalStorage, the read a restore puts back. */
  readonly read: ReadonlySet<string>;
  /** Static methods of the class that create an instance (`ThreadLocal.withInitial`). */
  readonly factories: ReadonlySet<string>;
}

/** The vocabulary of each kind of thread-local state. */
export const VOCABULARY: Readonly<Record<LocalStateKind, KindVocabulary>> = {
  'thread-local': {
    set: new Set(['set']),
    undo: new Set(['remove']),
    notUndo: new Set(),
    scoped: new Set(['runWith', 'scope']),
    read: new Set(['get']),
    factories: new Set(['withInitial']),
  },
  'async-local-storage': {
    set: new Set(['enterWith']),
    undo: new Set(),
    notUndo: new Set(['disable']),
    scoped: new Set(['run', 'withScope', 'exit']),
    read: new Set(['getStore']),
    factories: new Set(),
  },
};

/** `ThreadPool` methods whose function argument runs on a pooled thread. */
export const POOL_METHODS: ReadonlySet<string> = new Set(['execute', 'submit']);

/** What a call on a recognized instance is, for the rules and checks. */
export type CallRole = 'set' | 'undo' | 'not-undo' | 'scoped' | 'read' | null;

/**
 * @param kind - the kind of the receiver.
 * @param method - the method called on it.
 * @returns the role of the call. An AsyncLocalStorage `enterWith` is a `set` here; whether it is
 *   also a restore depends on its argument (see {@link isNeverALeak}).
 */
export function roleOf(kind: LocalStateKind, method: string): CallRole {
  const words = VOCABULARY[kind];
  if (words.set.has(method)) return 'set';
  if (words.undo.has(method)) return 'undo';
  if (words.notUndo.has(method)) return 'not-undo';
  if (words.scoped.has(method)) return 'scoped';
  if (words.read.has(method)) return 'read';
  return null;
}

/**
 * Where the argument of an AsyncLocalStorage `enterWith` comes from, as far as a tool could tell:
 * - `saved-store`: a value read earlier with `getStore()` (a local, a field, a token's member),
 *   so the call puts a store back;
 * - `undefined`: `enterWith(undefined)` (or `void 0`), which clears the context;
 * - `new-store`: anything else, a store put in place.
 */
export type EnterWithArgumentOrigin = 'saved-store' | 'undefined' | 'new-store';

/**
 * @param origin - where the argument of an `enterWith` comes from.
 * @returns whether the call is never itself a leak: it puts a saved store back (a restore), or it
 *   clears the context (`enterWith(undefined)` keeps nothing alive; at module level it is the
 *   deliberate reset of the root context). Only a restore also undoes an earlier `enterWith`.
 */
export function isNeverALeak(origin: EnterWithArgumentOrigin): boolean {
  return origin === 'saved-store' || origin === 'undefined';
}
