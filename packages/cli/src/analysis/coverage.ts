import { ts } from 'ts-morph';
import { parentOf } from './index/syntax.js';
import { contains, enclosingFunctions } from './location.js';
import type { FunctionNode, Operation, ThreadLocalIndex } from './threadLocalIndex.js';

/*
 * "Covered" is defined once here and used by the checks:
 * - a remove is *finally-covered* when it runs in a finally: it is lexically in a `finally` block or
 *   a `.finally()` callback, or one of its enclosing functions is called (directly or through other
 *   calls) from one;
 * - a set is *covered* when a `try` whose `finally` removes the same thread-local (lexically, or by
 *   calling a function that reaches a remove of it) encloses the set or starts right after it.
 */

/**
 * Whether a remove runs in a finally (see the definition above).
 *
 * @param index - the thread-local index
 * @param remove - a remove operation
 * @returns true when the remove is finally-covered
 */
export function isFinallyCovered(index: ThreadLocalIndex, remove: Operation): boolean {
  return remove.inFinally || enclosingFunctions(remove.call).some((fn) => index.finallyReachable.has(fn));
}

/**
 * Whether a set is undone by a remove in a `finally` that covers it (see the definition above).
 *
 * @param index - the thread-local index
 * @param set - a set operation
 * @param undos - what counts as its undo: by default the thread-local's removes; for an
 *   AsyncLocalStorage, the `enterWith` calls that put a saved store back (its restores)
 * @returns true when the set is covered
 */
export function isSetCovered(
  index: ThreadLocalIndex,
  set: Operation,
  undos: readonly Operation[] = index.operationsOf(set.threadLocal).removes,
): boolean {
  if (undos.length === 0) return false;
  return coveringFinallyBlocks(set).some((block) => undoesIn(index, block, undos));
}

/**
 * Whether a block undoes: it holds one of `undos`, or calls a function that reaches one.
 *
 * @param index - the thread-local index
 * @param block - a `finally` block
 * @param undos - the undo operations of one thread-local
 * @returns true when the block runs an undo
 */
export function undoesIn(index: ThreadLocalIndex, block: ts.Block, undos: readonly Operation[]): boolean {
  return (
    undos.some((op) => contains(block, op.call)) ||
    index.callsWithin(block).some((call) => index.resolveCallees(call).some((target) => reachesAny(index, target, undos)))
  );
}

/**
 * The `finally` blocks that would cover a set, innermost first: the finally of each `try` whose
 * try block encloses the set (within its function), and the finally of a `try` that starts right
 * after the set's statement (`tl.set(v); try { … } finally { … }`). A statement between the set and
 * the `try` may throw before the `try` is entered, so it is not covered.
 *
 * @param set - a set operation
 * @returns the blocks
 */
export function coveringFinallyBlocks(set: Operation): ts.Block[] {
  const blocks: ts.Block[] = [];
  let child: ts.Node = set.call;
  for (let node = parentOf(set.call); node !== undefined && node !== set.fn; child = node, node = parentOf(node)) {
    if (ts.isTryStatement(node) && child === node.tryBlock && node.finallyBlock !== undefined) blocks.push(node.finallyBlock);
    if (ts.isBlock(node) || ts.isSourceFile(node)) {
      const statements: readonly ts.Statement[] = node.statements;
      const next = statements[statements.indexOf(child as ts.Statement) + 1];
      if (next !== undefined && ts.isTryStatement(next) && next.finallyBlock !== undefined) blocks.push(next.finallyBlock);
    }
  }
  return blocks;
}

const reachCache = new WeakMap<ThreadLocalIndex, Map<FunctionNode, Set<FunctionNode>>>();

/**
 * The functions reachable from `fn` through calls the index can resolve, `fn` included.
 *
 * @param index - the thread-local index
 * @param fn - the function to start from
 * @returns the reachable functions (cached per index)
 */
export function reachableFrom(index: ThreadLocalIndex, fn: FunctionNode): ReadonlySet<FunctionNode> {
  let perIndex = reachCache.get(index);
  if (perIndex === undefined) {
    perIndex = new Map();
    reachCache.set(index, perIndex);
  }
  let reached = perIndex.get(fn);
  if (reached === undefined) {
    reached = new Set([fn]);
    const queue = [fn];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const call of index.callsIn(next)) {
        for (const target of index.resolveCallees(call)) {
          if (!reached.has(target)) {
            reached.add(target);
            queue.push(target);
          }
        }
      }
    }
    perIndex.set(fn, reached);
  }
  return reached;
}

function reachesAny(index: ThreadLocalIndex, fn: FunctionNode, undos: readonly Operation[]): boolean {
  const reached = reachableFrom(index, fn);
  return undos.some((op) => enclosingFunctions(op.call).some((f) => reached.has(f)));
}
