import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from './ThreadLocalRecognizer.js';

/**
 * The values a function may return: an arrow's expression body, or the argument of each `return` in
 * its body (not in nested functions or classes). A bare `return;` and falling off the end return
 * `undefined`, which callers treat like any other reset value, so they are not listed.
 *
 * @param fn - a function.
 * @param visitorKeys - the parser's visitor keys (`sourceCode.visitorKeys`), to walk every node type.
 * @returns the returned expressions, in no particular order.
 */
export function returnedExpressions(
  fn: FunctionNode,
  visitorKeys: TSESLint.SourceCode.VisitorKeys,
): TSESTree.Expression[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const found: TSESTree.Expression[] = [];
  const stack: TSESTree.Node[] = [...fn.body.body];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) found.push(node.argument);
      continue;
    }
    // Only statements hold a `return` of this function: the ones in expressions, nested functions
    // (declarations too) and classes return for themselves.
    if (!isStatementLike(node)) continue;
    for (const key of visitorKeys[node.type] ?? []) {
      const child: unknown = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const each of child as Array<TSESTree.Node | null>) if (each) stack.push(each);
      } else if (child && typeof child === 'object') {
        stack.push(child as TSESTree.Node);
      }
    }
  }
  return found;
}

/** Statements and the clauses that hold statements (`case`, `catch`): where a `return` can be. */
function isStatementLike(node: TSESTree.Node): boolean {
  return (
    node.type.endsWith('Statement') || node.type === AST_NODE_TYPES.SwitchCase || node.type === AST_NODE_TYPES.CatchClause
  );
}
