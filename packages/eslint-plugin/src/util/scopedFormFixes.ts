import { AST_NODE_TYPES, AST_TOKEN_TYPES } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { indentationAt, isFunctionNode, movableRest } from './ast.js';
import { forEachNode } from './forEachNode.js';

/*
 * Suggestions that turn an `enterWith(store)` into a scoped form that cannot leak: `als.run(store, fn)`
 * around the rest of the block, or (Node ≥ 24) `using _ = als.withScope(store)`. Each is offered only
 * when the rewrite keeps the code's meaning apart from the store's lifetime; when in doubt, none is.
 */

/** An `enterWith(store);` that is a whole statement, directly in a `{ }` block: what both fixes rewrite. */
interface EnterWithStatement {
  readonly statement: TSESTree.ExpressionStatement;
  readonly block: TSESTree.BlockStatement;
  /** The store argument as written (`undefined` for `enterWith()`). */
  readonly store: string;
}

/** @returns the call's statement, block and store text, or `null` when it is not such a statement or spreads its argument. */
function enterWithStatementOf(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression,
): EnterWithStatement | null {
  const statement = call.parent;
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression !== call) return null;
  const block = statement.parent;
  if (block.type !== AST_NODE_TYPES.BlockStatement) return null;
  const argument = call.arguments[0];
  if (argument?.type === AST_NODE_TYPES.SpreadElement) return null;
  return { statement, block, store: argument ? sourceCode.getText(argument) : 'undefined' };
}

/** What the moved statements do that a callback would change. */
interface MovedCode {
  readonly returns: boolean;
  readonly awaits: boolean;
  /** A `yield`, or a `break`/`continue` that leaves the moved code: no callback can keep it. */
  readonly escapes: boolean;
}

const LOOPS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

/** Whether a `break`/`continue` jumps to a statement inside the moved code (below `top`). */
function jumpStaysInside(jump: TSESTree.BreakStatement | TSESTree.ContinueStatement, top: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = jump.parent; current; current = current.parent) {
    if (jump.label) {
      if (current.type === AST_NODE_TYPES.LabeledStatement && current.label.name === jump.label.name) return true;
    } else if (LOOPS.has(current.type) || (jump.type === AST_NODE_TYPES.BreakStatement && current.type === AST_NODE_TYPES.SwitchStatement)) {
      return true;
    }
    if (current === top) return false;
  }
  return false;
}

function scanMovedCode(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly TSESTree.Statement[]): MovedCode {
  let returns = false;
  let awaits = false;
  let escapes = false;
  for (const top of statements) {
    forEachNode(sourceCode, top, (node) => {
      // Nested functions and classes keep their own `return`/`await`/`yield`; an arrow callback keeps `this` and `arguments`.
      if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody) return false;
      if (node.type === AST_NODE_TYPES.ReturnStatement) returns = true;
      else if (node.type === AST_NODE_TYPES.AwaitExpression || (node.type === AST_NODE_TYPES.ForOfStatement && node.await)) {
        awaits = true;
      } else if (node.type === AST_NODE_TYPES.YieldExpression) escapes = true;
      else if (
        (node.type === AST_NODE_TYPES.BreakStatement || node.type === AST_NODE_TYPES.ContinueStatement) &&
        !jumpStaysInside(node, top)
      ) {
        escapes = true;
      }
      return true;
    });
  }
  return { returns, awaits, escapes };
}

/**
 * @param sourceCode - the file.
 * @param call - an `enterWith(store)` call.
 * @param name - the receiver as written.
 * @returns a fix that moves the rest of the block into `name.run(store, () => { … })`, or `null` when
 *   that is not safe: the call is not a statement of a block, nothing follows it, something declared
 *   in the moved code is used outside it, or the moved code has a `yield`, a `break`/`continue` out of
 *   it, or a `return` anywhere but in the function's own body (where `return name.run(…)` keeps it).
 *   An `await` makes the callback `async` and the call awaited (or returned).
 */
export function useRunFix(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression,
  name: string,
): TSESLint.ReportFixFunction | null {
  const place = enterWithStatementOf(sourceCode, call);
  if (!place) return null;
  const { statement, block, store } = place;
  const movable = movableRest(sourceCode, statement, block);
  if (!movable) return null;
  const { rest, first, last } = movable;
  const moved = scanMovedCode(sourceCode, rest);
  const isFunctionBody = isFunctionNode(block.parent) && block.parent.body === block;
  if (moved.escapes || (moved.returns && !isFunctionBody)) return null;
  const { text } = sourceCode;
  const indent = indentationAt(text, statement.range[0]);
  const unit = indent.includes('\t') ? '\t' : '  ';
  const comments = sourceCode.getCommentsBefore(first);
  const bodyStart = comments[0]?.range[0] ?? first.range[0];
  const body = text.slice(bodyStart, last.range[1]);
  const multilineTemplate = /`[^`]*\n[^`]*`/u.test(body);
  const shifted = multilineTemplate ? body : body.replace(/\n(?=[^\n])/gu, `\n${unit}`);
  const prefix = moved.returns ? 'return ' : moved.awaits ? 'await ' : '';
  const callback = moved.awaits ? 'async () =>' : '() =>';
  const replacement = `${prefix}${name}.run(${store}, ${callback} {\n${indent}${unit}${shifted}\n${indent}});`;
  return (fixer) => fixer.replaceTextRange([statement.range[0], last.range[1]], replacement);
}

/**
 * @param sourceCode - the file.
 * @param call - an `enterWith(store)` call.
 * @param name - the receiver as written.
 * @returns a fix that replaces `name.enterWith(store);` with `using _ = name.withScope(store);`, or
 *   `null` when the call is not a statement of a `{ }` block or the block already uses the name `_`
 *   (a new `_` would shadow it). The caller decides whether the target Node has `withScope`.
 */
export function useWithScopeFix(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression,
  name: string,
): TSESLint.ReportFixFunction | null {
  const place = enterWithStatementOf(sourceCode, call);
  if (!place) return null;
  const { statement, block, store } = place;
  if (sourceCode.getTokens(block).some((token) => token.type === AST_TOKEN_TYPES.Identifier && token.value === '_')) return null;
  return (fixer) => fixer.replaceText(statement, `using _ = ${name}.withScope(${store});`);
}
