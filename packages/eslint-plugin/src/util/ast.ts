import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from './ThreadLocalRecognizer.js';

/**
 * @param node - any node.
 * @returns whether `node` is a function whose body runs when it is called.
 */
export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression
  );
}

/**
 * @param node - any node.
 * @returns the nearest function that contains `node`, or `null` at module level.
 */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return null;
}

/**
 * @param node - any node.
 * @returns the statement of the module (a direct child of `Program`) that contains `node`.
 */
export function topLevelStatement(node: TSESTree.Node): TSESTree.ProgramStatement {
  let current = node;
  while (current.parent && current.parent.type !== AST_NODE_TYPES.Program) current = current.parent;
  return current as TSESTree.ProgramStatement;
}

/**
 * @param text - source text.
 * @param offset - an offset in `text`.
 * @returns the whitespace that starts the line containing `offset`.
 */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/u.exec(text.slice(lineStart))?.[0] ?? '';
}

/**
 * @param sourceCode - the file.
 * @param node - a statement on its own line(s).
 * @returns the range that removes `node` together with the indentation and line break before it,
 *   or only `node` when something else shares its line.
 */
export function statementRemovalRange(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node,
): TSESTree.Range {
  const { text } = sourceCode;
  const lineStart = text.lastIndexOf('\n', node.range[0] - 1);
  const before = text.slice(lineStart + 1, node.range[0]);
  const afterEnd = text.indexOf('\n', node.range[1]);
  const after = text.slice(node.range[1], afterEnd === -1 ? text.length : afterEnd);
  if (lineStart >= 0 && /^[ \t]*$/u.test(before) && /^[ \t]*$/u.test(after)) {
    return [lineStart, node.range[1] + after.length];
  }
  return node.range;
}

/**
 * @param sourceCode - the file.
 * @param range - a range of the file.
 * @returns every variable reference whose identifier lies inside `range`, with the variable it resolves to.
 */
export function referencesWithin(
  sourceCode: Readonly<TSESLint.SourceCode>,
  range: TSESTree.Range,
): TSESLint.Scope.Reference[] {
  const found: TSESLint.Scope.Reference[] = [];
  for (const scope of sourceCode.scopeManager?.scopes ?? []) {
    if (scope.block.range[1] < range[0] || scope.block.range[0] > range[1]) continue;
    for (const reference of scope.references) {
      const [start, end] = reference.identifier.range;
      if (start >= range[0] && end <= range[1]) found.push(reference);
    }
  }
  return found;
}

/** The statements after one statement of a block, when they can be moved into a nested block. */
export interface MovableRest {
  readonly rest: readonly TSESTree.Statement[];
  readonly first: TSESTree.Statement;
  readonly last: TSESTree.Statement;
}

/**
 * @param sourceCode - the file.
 * @param statement - a statement of `block`.
 * @param block - a `{ }` block.
 * @returns the statements after `statement`, when there are some and moving them into a nested block
 *   (a `try`, a callback) hides nothing from code outside them: no function declaration (it may be
 *   called from before), no declaration used outside the moved code. `null` otherwise.
 */
export function movableRest(
  sourceCode: Readonly<TSESLint.SourceCode>,
  statement: TSESTree.Statement,
  block: TSESTree.BlockStatement,
): MovableRest | null {
  const rest = block.body.slice(block.body.indexOf(statement) + 1);
  const first = rest[0];
  const last = rest.at(-1);
  if (!first || !last) return null;
  for (const each of rest) {
    if (each.type === AST_NODE_TYPES.FunctionDeclaration) return null;
    for (const variable of sourceCode.scopeManager?.getDeclaredVariables(each) ?? []) {
      for (const reference of variable.references) {
        const [start] = reference.identifier.range;
        if (start < first.range[0] || start > last.range[1]) return null;
      }
    }
  }
  return { rest, first, last };
}

/**
 * @param statement - a statement of a module's body.
 * @returns what it declares: the declaration inside `export …` / `export default …`, else the statement.
 */
export function moduleDeclarationOf(statement: TSESTree.ProgramStatement): TSESTree.Node {
  return (statement.type === AST_NODE_TYPES.ExportNamedDeclaration ||
    statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) &&
    statement.declaration
    ? statement.declaration
    : statement;
}
