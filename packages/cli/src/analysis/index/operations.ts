import { roleOf } from '@tlkit/recognition';
import type { CallRole } from '@tlkit/recognition';
import { ts } from 'ts-morph';
import type { Operation, OperationKind, ThreadLocalDecl, ThreadLocalOperations } from '../threadLocalIndex.js';
import type { Collected, RawOperation } from './collect.js';
import type { Declarations } from './declarations.js';
import type { Resolver } from './resolver.js';

/*
 * Stage 4: the operations. A candidate call is resolved with the checker only when its receiver is
 * named like a declared thread-local; what the call does is @tlkit/recognition's `roleOf` for the
 * declaration's kind (so `disable()` is never an undo).
 *
 * A call a subclass makes on itself (`this.set(v)`, `this.remove()` in a method of a class extending
 * ThreadLocal) is an operation on every declared instance of that subclass (or of a subclass of
 * it): the method runs on the instance it is called on. Its set site is in the method, so coverage
 * is judged there, like a set in any helper function.
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
  /** A closure (a property, not a method): the index takes it destructured. */
  readonly operationsOf: (threadLocal: ThreadLocalDecl) => ThreadLocalOperations;
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
  const byThreadLocal = new Map<ThreadLocalDecl, { sets: Operation[]; removes: Operation[]; disables: Operation[] }>();
  for (const raw of collected.rawOperations) {
    const decls = ts.isIdentifier(raw.receiverName) || ts.isPrivateIdentifier(raw.receiverName) ? named(raw.receiverName) : ownInstances(raw.receiverName);
    for (const decl of decls) add(raw, decl);
  }

  function named(name: ts.Identifier | ts.PrivateIdentifier): ThreadLocalDecl[] {
    if (!threadLocalNames.has(name.text)) return [];
    const decl = resolver.declarationOf(name, byDeclaration);
    return decl === undefined ? [] : [decl];
  }

  function ownInstances(self: ts.ThisExpression | ts.SuperExpression): readonly ThreadLocalDecl[] {
    if (declarations.bySubclass.size === 0) return [];
    // `this` of the nearest class whose method (not a nested function expression) holds the call.
    for (let node: ts.Node = self.parent; !ts.isSourceFile(node); node = node.parent) {
      if (ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) return [];
      if (ts.isClassLike(node)) return declarations.bySubclass.get(node) ?? [];
    }
    return [];
  }

  function add(raw: RawOperation, decl: ThreadLocalDecl): void {
    const kind = KIND_OF_ROLE.get(roleOf(decl.family, raw.method));
    if (kind === undefined) return;
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
    let grouped = byThreadLocal.get(decl);
    if (grouped === undefined) {
      grouped = { sets: [], removes: [], disables: [] };
      byThreadLocal.set(decl, grouped);
    }
    (kind === 'set' ? grouped.sets : kind === 'remove' ? grouped.removes : grouped.disables).push(operation);
  }
  const noOperations: ThreadLocalOperations = { sets: [], removes: [], disables: [] };
  return { operations, operationsOf: (threadLocal) => byThreadLocal.get(threadLocal) ?? noOperations };
}
