import type { ts } from 'ts-morph';
import type { Operation, OperationKind, ThreadLocalDecl, ThreadLocalFamily, ThreadLocalOperations } from '../threadLocalIndex.js';
import type { Collected } from './collect.js';
import type { Declarations } from './declarations.js';
import type { Resolver } from './resolver.js';

/*
 * Stage 4: the operations. A candidate call is resolved with the checker only when its receiver is
 * named like a declared thread-local; what the call does (set, remove) depends on the family.
 */

const SET_METHODS: Record<ThreadLocalFamily, ReadonlySet<string>> = {
  'thread-local': new Set(['set']),
  'async-local-storage': new Set(['enterWith']),
};
const REMOVE_METHODS: Record<ThreadLocalFamily, ReadonlySet<string>> = {
  'thread-local': new Set(['remove']),
  'async-local-storage': new Set(['disable']),
};

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
  const byThreadLocal = new Map<ThreadLocalDecl, { sets: Operation[]; removes: Operation[] }>(
    threadLocals.map((tl) => [tl, { sets: [], removes: [] }]),
  );
  for (const raw of collected.rawOperations) {
    if (!threadLocalNames.has(raw.receiverName.text)) continue;
    const decl = resolver.declarationOf(raw.receiverName, byDeclaration);
    if (decl === undefined) continue;
    let kind: OperationKind | undefined;
    if (SET_METHODS[decl.family].has(raw.method)) kind = 'set';
    else if (REMOVE_METHODS[decl.family].has(raw.method)) kind = 'remove';
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
    (kind === 'set' ? grouped.sets : grouped.removes).push(operation);
  }
  const noOperations: ThreadLocalOperations = { sets: [], removes: [] };
  return { operations, operationsOf: (threadLocal) => byThreadLocal.get(threadLocal) ?? noOperations };
}
