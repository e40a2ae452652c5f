import { ts } from 'ts-morph';
import type { PoolSubmission } from '../threadLocalIndex.js';
import type { BindingFacts, FileFacts } from './bindings.js';
import { bindingOf, declaredKind, isThreadPoolImport } from './bindings.js';
import type { CallGraph } from './calls.js';
import type { Collected } from './collect.js';
import type { Resolver } from './resolver.js';
import { receiverNameOf, skipOuterExpressions } from './syntax.js';

/*
 * Stage 5: the tasks handed to thread pools. The receiver of `.execute()`/`.submit()` must be a
 * `ThreadPool` (by its declaration first, by its type only when that fails), and the task must
 * resolve to a function.
 */

/**
 * Stage 5: confirms the pool submissions.
 *
 * @param collected - stage 2's candidates
 * @param facts - stage 1's bindings
 * @param resolver - resolves receivers
 * @param graph - resolves the tasks
 * @returns one submission per task function
 */
export function collectPoolSubmissions(
  collected: Collected,
  facts: BindingFacts,
  resolver: Resolver,
  graph: CallGraph,
): PoolSubmission[] {
  const poolSubmissions: PoolSubmission[] = [];
  for (const raw of collected.rawPoolCalls) {
    const receiver = (raw.call.expression as ts.PropertyAccessExpression).expression;
    if (!isThreadPool(receiver, facts.factsOf, resolver)) continue;
    const argument = raw.call.arguments[0];
    if (argument === undefined) continue;
    const direct = graph.argumentFunctions(argument);
    for (const task of direct.length > 0 ? direct : graph.passedFor(skipOuterExpressions(argument))) {
      poolSubmissions.push({ call: raw.call, method: raw.method, task, sourceFile: raw.sourceFile });
    }
  }
  return poolSubmissions;
}

/** Whether the receiver of `.execute`/`.submit` is a `ThreadPool` (by declaration, then by type). */
function isThreadPool(receiver: ts.Expression, factsOf: ReadonlyMap<ts.SourceFile, FileFacts>, resolver: Resolver): boolean {
  const name = receiverNameOf(receiver);
  if (name !== undefined) {
    for (const declaration of resolver.symbolAt(name)?.declarations ?? []) {
      const file = factsOf.get(declaration.getSourceFile());
      if (file === undefined) continue;
      if (!ts.isVariableDeclaration(declaration) && !ts.isPropertyDeclaration(declaration) && !ts.isParameter(declaration)) continue;
      if (declaration.initializer !== undefined) {
        const initializer = skipOuterExpressions(declaration.initializer);
        if (ts.isNewExpression(initializer) && isThreadPoolImport(bindingOf(initializer.expression, file))) return true;
      }
      if (declaration.type !== undefined && ts.isTypeReferenceNode(declaration.type) && isThreadPoolImport(bindingOf(declaration.type.typeName, file))) {
        return true;
      }
    }
  }
  // Typed fallback, for pools that come out of a factory or a getter.
  const symbol = resolver.checker.getTypeAtLocation(receiver).getSymbol();
  return (symbol?.declarations ?? []).some((d) => ts.isClassLike(d) && declaredKind(d) === 'thread-pool');
}
