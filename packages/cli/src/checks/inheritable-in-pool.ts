import { INHERITANCE, VOCABULARY, isFrozenInPool, kindOfDeclaredClass, roleOf } from '@tlkit/recognition';
import { ts } from 'ts-morph';
import type { Project } from 'ts-morph';
import type { CheckMeta, Finding } from '../Finding.js';
import { reachableFrom } from '../analysis/coverage.js';
import { locationOf, relatedOf } from '../analysis/location.js';
import type { FunctionNode, PoolSubmission, ThreadLocalDecl, ThreadLocalIndex } from '../analysis/threadLocalIndex.js';
import { functionName, threadLocalIndex } from '../analysis/threadLocalIndex.js';
import { receiverNameOf } from '../analysis/index/syntax.js';

/** Metadata of the `inheritable-in-pool` check. */
export const inheritableInPoolMeta: CheckMeta = {
  id: 'inheritable-in-pool',
  level: 'error',
  shortDescription: 'A function run by a thread pool reads an InheritableThreadLocal, whose value the pooled thread copied when it was created.',
  fullDescription:
    'An InheritableThreadLocal copies its value into a thread when the thread is constructed, and a ThreadPool ' +
    'constructs its threads once: a task that reads it sees the value of whatever code caused its thread to be ' +
    "created, often another request's, not its submitter's. The check starts from every task passed to " +
    'ThreadPool#execute and #submit, follows calls across files, and reports each get() of an InheritableThreadLocal ' +
    '(or a subclass; never a TransmittableThreadLocal, which captures the value at submit) that the task does not ' +
    'give a value of its own first. The ESLint rule no-inheritable-in-pool reports the same reads within one file.',
};

/** The reads of a thread-local's value (`get`), as the shared vocabulary names them. */
const READS = VOCABULARY['thread-local'].read;

/**
 * Reports each read of an InheritableThreadLocal in a function reachable from a pool task, in any
 * file, unless the function gives the thread-local its own value (`set`, `runWith`, `scope`) before
 * the read, as `no-inheritable-in-pool` decides within one file.
 *
 * @param project - the program to check
 * @returns one finding per read (for the first submission reaching it)
 */
export function inheritableInPool(project: Project): Finding[] {
  const index = threadLocalIndex(project);
  const findings: Finding[] = [];
  if (index.poolSubmissions.length === 0) return findings;
  const byDeclaration = new Map<ts.Node, ThreadLocalDecl>(index.threadLocals.map((decl) => [decl.node, decl]));
  const frozen = new Map<ThreadLocalDecl, boolean>();
  const submittedBy = new Map<FunctionNode, PoolSubmission>();
  for (const submission of index.poolSubmissions) {
    for (const fn of reachableFrom(index, submission.task)) if (!submittedBy.has(fn)) submittedBy.set(fn, submission);
  }
  const reported = new Set<ts.CallExpression>();
  for (const [fn, submission] of submittedBy) {
    for (const call of index.callsIn(fn)) {
      const decl = reported.has(call) ? undefined : readOf(call, index, byDeclaration);
      if (decl === undefined || !isFrozen(decl, index, frozen)) continue;
      if (hasOwnValueBefore(call, decl, fn, index, byDeclaration)) continue;
      reported.add(call);
      const pool = submission.call.expression.getText(submission.sourceFile);
      const receiver = (call.expression as ts.PropertyAccessExpression).expression.getText();
      findings.push({
        checkId: 'inheritable-in-pool',
        message:
          `\`${receiver}.get()\` in \`${functionName(fn)}\` runs on a pooled thread (the task passed to \`${pool}()\` ` +
          `at {0}), and \`${decl.name}\` is an \`InheritableThreadLocal\`: the thread copied its value once, when it ` +
          `was created, so the task reads the value of whatever code caused that, not its submitter's. Create ` +
          `\`${decl.name}\` as a \`TransmittableThreadLocal\`, whose value is captured when the task is submitted.`,
        location: locationOf(call),
        related: [relatedOf(submission.call, `task passed to \`${pool}()\` here`)],
      });
    }
  }
  return findings;
}

/** The declared thread-local a `x.get()` call reads, if it is one. */
function readOf(
  call: ts.CallExpression,
  index: ThreadLocalIndex,
  byDeclaration: ReadonlyMap<ts.Node, ThreadLocalDecl>,
): ThreadLocalDecl | undefined {
  if (call.arguments.length !== 0 || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  if (!READS.has(call.expression.name.text)) return undefined;
  return declarationOf(call.expression.expression, index, byDeclaration);
}

function declarationOf(
  receiver: ts.Expression,
  index: ThreadLocalIndex,
  byDeclaration: ReadonlyMap<ts.Node, ThreadLocalDecl>,
): ThreadLocalDecl | undefined {
  const name = receiverNameOf(receiver);
  const decl = name === undefined ? undefined : index.resolver.declarationOf(name, byDeclaration);
  return decl?.family === 'thread-local' ? decl : undefined;
}

/** Whether the declared thread-local's nearest `@tlkit/core` class is one pool code reads frozen (cached). */
function isFrozen(decl: ThreadLocalDecl, index: ThreadLocalIndex, cache: Map<ThreadLocalDecl, boolean>): boolean {
  let frozen = cache.get(decl);
  if (frozen === undefined) {
    const checker = index.resolver.checker;
    const name = nearestCoreClass(checker, checker.getTypeAtLocation(decl.node.name), 0);
    frozen = name !== undefined && isFrozenInPool(name);
    cache.set(decl, frozen);
  }
  return frozen;
}

/** The first class in the type's class chain that `@tlkit/core` declares under a name of `INHERITANCE`. */
function nearestCoreClass(checker: ts.TypeChecker, type: ts.Type, depth: number): string | undefined {
  if (depth > 16 || (type.flags & ts.TypeFlags.Object) === 0) return undefined;
  const symbol = type.getSymbol();
  const name = symbol?.getName();
  if (name !== undefined && INHERITANCE.has(name)) {
    const declared = (symbol?.declarations ?? []).some((d) => kindOfDeclaredClass(name, d.getSourceFile().fileName) !== null);
    if (declared) return name;
  }
  const objectType = type as ts.ObjectType;
  const target = (objectType.objectFlags & ts.ObjectFlags.Reference) !== 0 ? (objectType as ts.TypeReference).target : objectType;
  if ((target.objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface)) === 0) return undefined;
  for (const base of checker.getBaseTypes(target as ts.InterfaceType)) {
    const found = nearestCoreClass(checker, base, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether `fn` gives the thread-local a value of its own (`set`, `runWith`, `scope`) before the read. */
function hasOwnValueBefore(
  read: ts.CallExpression,
  decl: ThreadLocalDecl,
  fn: FunctionNode,
  index: ThreadLocalIndex,
  byDeclaration: ReadonlyMap<ts.Node, ThreadLocalDecl>,
): boolean {
  return index.callsIn(fn).some((call) => {
    if (call.getStart() >= read.getStart() || !ts.isPropertyAccessExpression(call.expression)) return false;
    const role = roleOf('thread-local', call.expression.name.text);
    return (role === 'set' || role === 'scoped') && declarationOf(call.expression.expression, index, byDeclaration) === decl;
  });
}
