import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction } from './ast.js';
import { dottedName } from './dottedName.js';
import { unwrapExpression } from './ThreadLocalRecognizer.js';
import type { FunctionNode, RecognizedKind, ThreadLocalRecognizer } from './ThreadLocalRecognizer.js';

/**
 * "Pool code", decided once for every rule: the functions of this file that run on pooled threads. A
 * function is pool code when it is passed to `ThreadPool#execute`/`#submit` or to a configured
 * executor (inline, or by reference to a same-file function), and so is the same-file function such
 * a task only calls (`pool.submit(() => work(id))`: `work` runs on the pooled thread too). Code nested
 * in a pool function (callbacks, continuations) runs on the same pooled thread: see {@link isInPoolCode}.
 */
export interface PoolCalls {
  /** Calls that may hand a function to a pool (`x.execute(f)`, `x.submit(f)`, a configured executor). */
  readonly calls: readonly TSESTree.CallExpression[];
  /** Callees, as written (`runTask`, `queue.add`), whose function arguments run on pooled threads. */
  readonly executors: ReadonlySet<string>;
  /** The kind of a receiver (a `ThreadPool` is `thread-pool`), untyped and, when asked, typed. */
  readonly kindOf: (receiver: TSESTree.Expression) => RecognizedKind | null;
  readonly recognizer: ThreadLocalRecognizer;
}

/**
 * @param pool - the candidate calls of a file and how to tell a pool from anything else.
 * @returns the functions that run on pooled threads (see {@link PoolCalls}).
 */
export function poolFunctionsOf(pool: PoolCalls): ReadonlySet<FunctionNode> {
  const { calls, executors, kindOf, recognizer } = pool;
  const functions = new Set<FunctionNode>();
  for (const call of calls) {
    const callee = call.callee;
    const isPool =
      executors.has(dottedName(callee) ?? '') ||
      (callee.type === AST_NODE_TYPES.MemberExpression && kindOf(callee.object) === 'thread-pool');
    if (!isPool) continue;
    for (const argument of call.arguments) {
      const fn = recognizer.sameFileFunction(argument);
      if (!fn) continue;
      functions.add(fn);
      const target = onlyCallOf(fn);
      const callee = target ? recognizer.sameFileFunction(target.callee) : null;
      if (callee && callee !== fn) functions.add(callee);
    }
  }
  return functions;
}

/** The one call a task's body makes (`() => work(id)`, `async () => { await work(id); }`), if that is all it does. */
function onlyCallOf(fn: FunctionNode): TSESTree.CallExpression | null {
  const body =
    fn.body.type === AST_NODE_TYPES.BlockStatement && fn.body.body.length === 1 ? fn.body.body[0] : fn.body;
  const expression =
    body?.type === AST_NODE_TYPES.ExpressionStatement
      ? body.expression
      : body?.type === AST_NODE_TYPES.ReturnStatement
        ? body.argument
        : body;
  const inner = expression ? unwrapExpression(expression) : null;
  const awaited = inner?.type === AST_NODE_TYPES.AwaitExpression ? unwrapExpression(inner.argument) : inner;
  return awaited?.type === AST_NODE_TYPES.CallExpression ? awaited : null;
}

/**
 * @param node - any node.
 * @param pool - the file's pool functions ({@link poolFunctionsOf}).
 * @returns the outermost pool function that contains `node` (a callback nested in a task runs on the
 *   task's pooled thread too), or `null` when `node` is not pool code.
 */
export function poolFunctionAround(node: TSESTree.Node, pool: ReadonlySet<FunctionNode>): FunctionNode | null {
  let found: FunctionNode | null = null;
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (pool.has(fn)) found = fn;
  }
  return found;
}

/**
 * @param node - any node.
 * @param pool - the file's pool functions ({@link poolFunctionsOf}).
 * @returns whether `node` runs on a pooled thread.
 */
export function isInPoolCode(node: TSESTree.Node, pool: ReadonlySet<FunctionNode>): boolean {
  return poolFunctionAround(node, pool) !== null;
}
