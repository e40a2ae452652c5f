import type { LocalStateKind } from '@tlkit/recognition';
import type { Project, ts } from 'ts-morph';
import { collectBindings } from './index/bindings.js';
import { buildCallGraph } from './index/calls.js';
import { collect } from './index/collect.js';
import { collectDeclarations, collectFactoryCalls, collectFactoryResults } from './index/declarations.js';
import { collectOperations } from './index/operations.js';
import { collectPoolSubmissions } from './index/pools.js';
import { Resolver } from './index/resolver.js';

export { functionName, isFunctionWithBody } from './index/syntax.js';

/*
 * The thread-local index: every thread-local the program declares, every set/remove on it, the
 * factories that create thread-locals, the calls to them, and the tasks passed to thread pools.
 *
 * Cheap first, types last (CONVENTIONS rule 10). The index is a pipeline, one file per stage under
 * `index/`: bindings (imports, subclasses) → collect (the one syntax walk, candidates by shape and
 * name) → declarations (creations confirmed with the checker; factories) → operations (receivers
 * named like a declared thread-local, resolved with the checker) → calls (the call graph and what a
 * finally reaches) → pools (tasks handed to thread pools). No type is computed for the rest of the
 * program, which is what keeps a scan well below the cost of `tsc --noEmit`.
 */

/**
 * Which kind of thread-local state a declaration holds (@tlkit/recognition's `LocalStateKind`): it
 * decides what a set, an undo and a scoped form are (`VOCABULARY`), and the words of every message.
 */
export type ThreadLocalFamily = LocalStateKind;

/** A function-like node: the unit that calls, sets and removes are attributed to. */
export type FunctionNode = ts.FunctionLikeDeclaration;

/**
 * A declared thread-local: a variable, class property or object property that holds a creation,
 * whether initialized with it, assigned it (`this.als = new AsyncLocalStorage()` in a constructor,
 * `x ??= new …`), or initialized by a call to a factory (`const s = storage('legacy')`).
 */
export interface ThreadLocalDecl {
  /** The declaration node (VariableDeclaration, PropertyDeclaration or PropertyAssignment). */
  readonly node: ts.VariableDeclaration | ts.PropertyDeclaration | ts.PropertyAssignment;
  /** Its name, as written (`requestUser`, `Context.current`). */
  readonly name: string;
  /** Name of the class instantiated (`ThreadLocal`, `RequestLocal`, `AsyncLocalStorage`). */
  readonly className: string;
  readonly family: ThreadLocalFamily;
  readonly sourceFile: ts.SourceFile;
}

/**
 * The kind of operation on a thread-local that the checks care about, from @tlkit/recognition's
 * `roleOf`: a `set` (`set`, `enterWith`), a `remove` (the undo: `remove`; AsyncLocalStorage has none
 * by name, its undo is an `enterWith` that puts a saved store back), a `disable` (a call that looks
 * like an undo and is not one: AsyncLocalStorage's `disable()`).
 */
export type OperationKind = 'set' | 'remove' | 'disable';

/** A `set`/`remove`/`enterWith`/`disable` call on a declared thread-local. */
export interface Operation {
  readonly threadLocal: ThreadLocalDecl;
  readonly kind: OperationKind;
  /** The method called: `set`, `remove`, `enterWith`, `disable`. */
  readonly method: string;
  readonly call: ts.CallExpression;
  /** Innermost enclosing function, `undefined` at module level. */
  readonly fn: FunctionNode | undefined;
  /** True when the call is lexically in a `finally` block (or a `.finally()` callback) of `fn`. */
  readonly inFinally: boolean;
  readonly sourceFile: ts.SourceFile;
}

/** A function that returns a newly created thread-local. */
export interface Factory {
  readonly fn: FunctionNode;
  /** Name to show: `createLocal`, `Locals.create`. */
  readonly name: string;
  readonly className: string;
  readonly family: ThreadLocalFamily;
  /**
   * The factory keeps what it creates (a lazy singleton `x ??= new …`, `if (!x) x = new …`, a
   * registry `stores[k] ??= new …`, `map.set(k, new …)`): calling it again creates nothing new, so
   * its calls are never per-call creations.
   */
  readonly memoised: boolean;
  readonly sourceFile: ts.SourceFile;
}

/** A call to a factory made per call or per instance (not once, at module or static initialization). */
export interface FactoryCall {
  readonly factory: Factory;
  readonly call: ts.CallExpression;
  readonly fn: FunctionNode | undefined;
  readonly context: 'function' | 'instance';
  readonly sourceFile: ts.SourceFile;
}

/** A task handed to a thread pool: `pool.execute(task)` or `pool.submit(task)`. */
export interface PoolSubmission {
  readonly call: ts.CallExpression;
  readonly method: 'execute' | 'submit';
  /** The function the task resolves to (an inline function, or the declaration of a named one). */
  readonly task: FunctionNode;
  readonly sourceFile: ts.SourceFile;
}

/** The operations on one thread-local, split by kind, each list in program order. */
export interface ThreadLocalOperations {
  readonly sets: readonly Operation[];
  readonly removes: readonly Operation[];
  readonly disables: readonly Operation[];
}

/** Everything the checks need, built once per project. */
export interface ThreadLocalIndex {
  /** The program's own source files (no declaration files, no external libraries). */
  readonly sourceFiles: readonly ts.SourceFile[];
  readonly threadLocals: readonly ThreadLocalDecl[];
  readonly operations: readonly Operation[];
  /** The sets and removes of one thread-local (grouped once, so checks do not re-scan `operations`). */
  operationsOf(threadLocal: ThreadLocalDecl): ThreadLocalOperations;
  readonly factoryCalls: readonly FactoryCall[];
  readonly poolSubmissions: readonly PoolSubmission[];
  /** Functions called, directly or through other calls, from a `finally` block or `.finally()` callback. */
  readonly finallyReachable: ReadonlySet<FunctionNode>;
  /**
   * Resolves a call's callee to the functions it may run: the declared function, or, when the
   * callee is a parameter (`function serve(handler) { pool.submit(() => handler()) }`), the
   * functions passed for that parameter at the call sites of its function (one level).
   */
  resolveCallees(call: ts.CallExpression): readonly FunctionNode[];
  /** The calls lexically inside `fn` (nested functions included), cached. */
  callsIn(fn: FunctionNode): readonly ts.CallExpression[];
  /** The calls lexically inside any node (nested functions included), not cached. */
  callsWithin(node: ts.Node): ts.CallExpression[];
  /** Resolves names with the checker (for candidates only), cached. */
  readonly resolver: Resolver;
  /** Every call by callee name (`f` of `f()`, `m` of `o.m()`). */
  readonly callsByName: ReadonlyMap<string, readonly ts.CallExpression[]>;
  /** Every `new C()` by class name, for the constructor arguments a field is given. */
  readonly newsByName: ReadonlyMap<string, readonly ts.NewExpression[]>;
  /** Every `getStore()` read, for the stores an `enterWith` may put back. */
  readonly storeReads: readonly ts.CallExpression[];
}

const cache = new WeakMap<ts.Program, ThreadLocalIndex>();

/**
 * Returns the thread-local index of a project's current program, building it on first use. The
 * index is cached per program (a project whose files change gets a new program, and a new index),
 * so the checks (each a pure function of the project) share one walk of the program.
 *
 * @param project - the ts-morph project to analyse
 * @param onProgress - called with (files indexed, total) while the program is walked
 * @returns the index
 */
export function threadLocalIndex(
  project: Project,
  onProgress?: (done: number, total: number) => void,
): ThreadLocalIndex {
  const program = project.getProgram().compilerObject;
  let index = cache.get(program);
  if (index === undefined) {
    index = buildIndex(program, onProgress);
    cache.set(program, index);
  }
  return index;
}

function buildIndex(program: ts.Program, onProgress?: (done: number, total: number) => void): ThreadLocalIndex {
  const resolver = new Resolver(program.getTypeChecker(), program);
  const sourceFiles = program.getSourceFiles().filter((sf) => resolver.isOwnFile(sf));
  const facts = collectBindings(sourceFiles, resolver);
  const collected = collect(facts, onProgress);
  const graph = buildCallGraph(collected, resolver);
  const declarations = collectDeclarations(collected, facts, resolver);
  const factoryCalls = collectFactoryCalls(collected, declarations, graph);
  collectFactoryResults(collected, declarations, graph);
  const { operations, operationsOf } = collectOperations(collected, declarations, resolver);
  const poolSubmissions = collectPoolSubmissions(collected, facts, resolver, graph);
  return {
    sourceFiles,
    threadLocals: declarations.threadLocals,
    operations,
    operationsOf,
    factoryCalls,
    poolSubmissions,
    finallyReachable: graph.finallyReachable,
    resolveCallees: graph.resolveCallees,
    callsIn: graph.callsIn,
    callsWithin: graph.callsWithin,
    resolver,
    callsByName: collected.callsByName,
    newsByName: collected.newsByName,
    storeReads: collected.storeReads,
  };
}
