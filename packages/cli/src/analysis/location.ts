import { ts } from 'ts-morph';
import type { RelatedLocation, SourceLocation } from '../Finding.js';
import type { FunctionNode, Operation } from './threadLocalIndex.js';
import { parentOf } from './index/syntax.js';
import { isFunctionWithBody } from './threadLocalIndex.js';

/**
 * The 1-based location of a node, from its first token (comments and whitespace skipped) to its end.
 *
 * @param node - a node of `sourceFile`
 * @param sourceFile - the file holding the node
 * @returns file, line, column, end line, end column
 */
export function locationOf(node: ts.Node, sourceFile: ts.SourceFile = node.getSourceFile()): SourceLocation {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return {
    file: sourceFile.fileName,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
  };
}

/**
 * A {@link locationOf} with a message, for the `related` locations of a finding.
 *
 * @param node - a node of a program file
 * @param message - what happens there
 * @returns the related location
 */
export function relatedOf(node: ts.Node, message: string): RelatedLocation {
  return { ...locationOf(node), message };
}

/**
 * The set sites of a thread-local as related locations (`` `ctx.set()` here ``), for the findings
 * that name a thread-local and point at where it is set.
 *
 * @param sets - set operations of one thread-local
 * @returns one related location per set
 */
export function setSites(sets: readonly Operation[]): RelatedLocation[] {
  return sets.map((op) => relatedOf(op.call, `\`${op.threadLocal.name}.${op.method}()\` here`));
}

/**
 * The functions enclosing a node, innermost first.
 *
 * @param node - any node
 * @returns the enclosing function-like nodes that have a body
 */
export function enclosingFunctions(node: ts.Node): FunctionNode[] {
  const result: FunctionNode[] = [];
  for (let current = parentOf(node); current !== undefined; current = parentOf(current)) {
    if (ts.isFunctionLike(current) && isFunctionWithBody(current)) result.push(current);
  }
  return result;
}

/**
 * Whether `ancestor` contains `node` (or is it).
 *
 * @param ancestor - the possible container
 * @param node - the possibly contained node
 * @returns true when `node` lies within `ancestor`
 */
export function contains(ancestor: ts.Node, node: ts.Node): boolean {
  return node.pos >= ancestor.pos && node.end <= ancestor.end && node.getSourceFile() === ancestor.getSourceFile();
}
