import { isNeverALeak } from '@tlkit/recognition';
import { ts } from 'ts-morph';
import type { Project } from 'ts-morph';
import type { CheckMeta, Finding } from '../Finding.js';
import { coveringFinallyBlocks, isSetCovered } from '../analysis/coverage.js';
import { parentOf, skipOuterExpressions } from '../analysis/index/syntax.js';
import { contains, enclosingFunctions, locationOf, relatedOf } from '../analysis/location.js';
import { enterWithOrigin } from '../analysis/restores.js';
import type { FunctionNode, Operation, ThreadLocalIndex } from '../analysis/threadLocalIndex.js';
import { threadLocalIndex } from '../analysis/threadLocalIndex.js';
import { describeScopedForms, describeUndo } from '../analysis/wording.js';

/** Metadata of the `enter-with-not-restored` check. */
export const enterWithNotRestoredMeta: CheckMeta = {
  id: 'enter-with-not-restored',
  level: 'error',
  shortDescription: 'An AsyncLocalStorage#enterWith() is not undone by putting the previous store back in a covering finally.',
  fullDescription:
    'enterWith(store) replaces the store for the rest of the current async chain, past the end of the function that ' +
    'called it: everything the chain runs later (the caller, its awaits, timers and promises it schedules) sees the ' +
    'store. Its undo is to read the store before with getStore() and put it back with enterWith(previous) in a ' +
    'finally that covers the enterWith, or to use run(store, fn) (withScope(store) on Node 24 and later). disable() ' +
    'is not an undo: it does not put the previous store back, and on Node 20 and 22 it exits every context of the ' +
    'instance, so other in-flight async chains lose their store. The check follows restores into helpers called ' +
    'from a finally, across files, accepts an enterWith whose function hands the undo to its caller (a returned ' +
    'disposable, token or closure that puts the saved store back), and enterWith(undefined) at module level.',
};

/**
 * Reports each AsyncLocalStorage `enterWith(store)` that is not a restore and that no covering
 * `finally` undoes by putting the saved store back (see `analysis/coverage.ts` and
 * `analysis/restores.ts`), unless its function returns the undo to its caller or it runs inside a
 * `run()` callback. When a covering `finally` calls `disable()` on the same instance instead, the
 * finding is at that `disable()`, and the `enterWith` is not reported again.
 *
 * @param project - the program to check
 * @returns one finding per unrestored `enterWith`, or per `disable()` used as its undo
 */
export function enterWithNotRestored(project: Project): Finding[] {
  const index = threadLocalIndex(project);
  const findings: Finding[] = [];
  const reportedDisables = new Set<ts.CallExpression>();
  for (const threadLocal of index.threadLocals) {
    if (threadLocal.family !== 'async-local-storage') continue;
    const { sets, disables } = index.operationsOf(threadLocal);
    if (sets.length === 0) continue;
    const origins = new Map(sets.map((op) => [op, enterWithOrigin(index, op.call)] as const));
    const restores = sets.filter((op) => origins.get(op) === 'saved-store');
    for (const [set, origin] of origins) {
      if (isNeverALeak(origin)) continue;
      if (isSetCovered(index, set, restores)) continue;
      if (set.fn !== undefined && (handsUndoToCaller(index, set, set.fn) || runsInScopedCallback(set))) continue;
      const disable = disables.find((op) => coveringFinallyBlocks(set).some((block) => contains(block, op.call)));
      if (disable !== undefined) {
        if (reportedDisables.has(disable.call)) continue;
        reportedDisables.add(disable.call);
        findings.push({
          checkId: 'enter-with-not-restored',
          message:
            `\`${threadLocal.name}.disable()\` in this \`finally\` is not the undo of \`${threadLocal.name}.enterWith()\` ` +
            `at {0}: it does not put the previous store back (the async chain sees \`undefined\`, not the outer store), ` +
            `and on Node 20 and 22 it exits every context of the instance, so other in-flight async chains lose their ` +
            `store. Save the store with \`const previous = ${threadLocal.name}.getStore()\` before the \`enterWith\` ` +
            `and put it back with \`${describeUndo(threadLocal)}\` here, or use ${describeScopedForms(threadLocal)}.`,
          location: locationOf(disable.call, disable.sourceFile),
          related: [relatedOf(set.call, `\`${threadLocal.name}.enterWith()\` here`)],
        });
        continue;
      }
      findings.push({
        checkId: 'enter-with-not-restored',
        message:
          set.fn === undefined
            ? `\`${threadLocal.name}.enterWith()\` at module level puts a store in place for the root async context, ` +
              `and every async chain started after it inherits that store. Use ${describeScopedForms(threadLocal)} ` +
              `around the code that needs it; only \`${threadLocal.name}.enterWith(undefined)\` belongs at module level.`
            : `\`${threadLocal.name}.enterWith()\` puts a store in place for the rest of the current async chain, and no ` +
              `\`finally\` that covers it puts the previous store back, so on some path (an exception, a statement that ` +
              `throws before the \`try\`) the store outlives this call and the caller's code sees it. Save the store with \`const previous = ${threadLocal.name}.getStore()\` ` +
              `and call \`${describeUndo(threadLocal)}\` in a \`finally\` that covers the \`enterWith\`, or use ` +
              `${describeScopedForms(threadLocal)}.`,
        location: locationOf(set.call, set.sourceFile),
        related: [],
      });
    }
  }
  return findings;
}

/**
 * Whether the function of an `enterWith` hands its undo to the caller: it returns a function, an
 * object, or a `new C()` (a disposable, a token) whose code puts a saved store back on the same
 * instance (or on an instance it was given, such as `this.als` of a token class).
 */
function handsUndoToCaller(index: ThreadLocalIndex, set: Operation, fn: FunctionNode): boolean {
  // The undo reaches the caller only through a return that follows the enterWith in its block with
  // nothing between them that may throw (a call, `new`, `await`, `throw`): otherwise that path
  // leaves the store in place and the caller never gets the undo.
  const returned: ts.Expression[] = [];
  let statement: ts.Node = set.call;
  let block = parentOf(statement);
  while (block !== undefined && !ts.isBlock(block)) {
    if (block === fn) return false;
    statement = block;
    block = parentOf(statement);
  }
  if (block === undefined) return false;
  const following = block.statements.slice(block.statements.indexOf(statement as ts.Statement) + 1);
  for (const next of following) {
    if (ts.isReturnStatement(next)) {
      if (next.expression !== undefined) returned.push(next.expression);
      break;
    }
    if (mayThrow(next)) return false;
  }
  const operationOf = operationsByCall(index);
  const restoresIn = (node: ts.Node): boolean =>
    index.callsWithin(node).some((call) => {
      if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'enterWith') return false;
      const op = operationOf.get(call);
      if (op !== undefined && op.threadLocal !== set.threadLocal) return false;
      return enterWithOrigin(index, call) === 'saved-store';
    });
  const undoIn = (expression: ts.Expression, depth: number): boolean => {
    const target = skipOuterExpressions(expression);
    if (ts.isArrowFunction(target) || ts.isFunctionExpression(target) || ts.isObjectLiteralExpression(target)) return restoresIn(target);
    if (ts.isNewExpression(target)) return index.resolver.classesOf(target.expression).some((cls) => restoresIn(cls));
    if (ts.isIdentifier(target) && depth > 0) {
      return index.resolver.declarationsOf(target).some((declaration) => {
        if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration)) return restoresIn(declaration);
        return ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && undoIn(declaration.initializer, depth - 1);
      });
    }
    return false;
  };
  return returned.some((expression) => undoIn(expression, 2));
}

/** Whether a statement may throw (or leave the function): it calls, constructs, awaits or throws. */
function mayThrow(statement: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node) || ts.isThrowStatement(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

/** Whether the `enterWith` runs inside a callback given to `run()`, whose context ends when `run()` returns. */
function runsInScopedCallback(set: Operation): boolean {
  return enclosingFunctions(set.call).some((fn) => {
    const parent = fn.parent;
    return (
      ts.isCallExpression(parent) &&
      parent.arguments.includes(fn as ts.Expression) &&
      ts.isPropertyAccessExpression(parent.expression) &&
      parent.expression.name.text === 'run'
    );
  });
}

const operationsCache = new WeakMap<ThreadLocalIndex, ReadonlyMap<ts.CallExpression, Operation>>();

function operationsByCall(index: ThreadLocalIndex): ReadonlyMap<ts.CallExpression, Operation> {
  let map = operationsCache.get(index);
  if (map === undefined) {
    map = new Map(index.operations.map((op) => [op.call, op]));
    operationsCache.set(index, map);
  }
  return map;
}
