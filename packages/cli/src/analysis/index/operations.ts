import { roleOf } from '@tlkit/recognition';
import type { CallRole } from '@tlkit/recognition';
import type { ts } from 'ts-morph';
import type { Operation, OperationKind, ThreadLocalDecl, ThreadLocalOperations } from '../threadLocalIndex.js';
import type { Collected } from './collect.js';
import type { Declarations } from './declarations.js';
import type { Resolver } from './resolver.js';

/*
 * Stage 4: the operations. A candidate call is resolved with the checker only when its receiver is
 * named like a declared thread-local; what the call does is @tlkit/recognition's `roleOf` for the
 * declaration's kind (so `disable()` is never an undo).
 *
 * Not followed: `this.set(v)` inside a subclass's own methods. Such a method is a wrapper (a
 * `bind()`/`unbind()` pair); treating its body as a set on every instance would put the set site
 * inside the wrapper, where no `finally` of the caller can be seen to cover it, and report correct
 * callers. The calls on the instance (`ctx.set()`, `ctx.remove()`) are what the checks judge.
 */

/** Operation kind of each role the checks judge. */
const KIND_OF_ROLE: ReadonlyMap<CallRole, OperationKind> = new Map<CallRole, OperationKind>([
  ['set', 'set'],
  ['undo', 'remove'],
  ['not-undo', 'disable'],
]);

/** The operations, in program order and grouped per thread-local. */
export interface Operations {
  readonly operations: readonly Operation[];
  operationsOf(threadLocal: ThreadLocalDecl): ThreadLocalOperations;
}

/**
 * Stage 4: resolves the candidate operations.
 *
 * @param collected - stage 2's candidates
 * @param declarations - stage 3's thread-locals
 * @param resolver - resolves receivers
 * @returns the operations
 */
export function collectOperations(collected: Collected, declarations: Declarations, resolver: Resolver): Operations {
  const { threadLocals, byDeclaration } = declarations;
  const threadLocalNames = new Set(threadLocals.map((tl) => (tl.node.name as ts.Node).getText(tl.sourceFile)));
  const operations: Operation[] = [];
  const byThreadLocal = new Map<ThreadLocalDecl, { sets: Operation[]; removes: Operation[]; disables: Operation[] }>(
    threadLocals.map((tl) => [tl, { sets: [], removes: [], disables: [] }]),
  );
  for (const raw of collected.rawOperations) {
    if (!threadLocalNames.has(raw.receiverName.text)) continue;
    const decl = resolver.declarationOf(raw.receiverName, byDeclaration);
    if (decl === undefined) continue;
    const kind = KIND_OF_ROLE.get(roleOf(decl.family, raw.method));
    if (kind === undefined) continue;
    const operation: Operation = {
      threadLocal: decl,
      kind,
      method: raw.method,
      call: raw.call,
      fn: raw.fn,
      inFinally: raw.inFinally,
      sourceFile: raw.sourceFile,
    };
    operations.push(operation);
    const grouped = byThreadLocal.get(decl)!;
    (kind === 'set' ? grouped.sets : kind === 'remove' ? grouped.removes : grouped.disables).push(operation);
  }
  const noOperations: ThreadLocalOperations = { sets: [], removes: [], disables: [] };
  return { operations, operationsOf: (threadLocal) => byThreadLocal.get(threadLocal) ?? noOperations };
}
