import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunctionNode } from './ast.js';
import type { StoreOrigins } from './enterWithOrigin.js';
import { forEachNode } from './forEachNode.js';
import { enclosingClassOfThis, unwrapExpression } from './ThreadLocalRecognizer.js';
import type { FunctionNode } from './ThreadLocalRecognizer.js';

/*
 * The `scope()` pattern: a function puts a store in place with `enterWith` and returns its undo to
 * the caller: a closure, a disposable (`[Symbol.dispose]()`, `dispose()`, `exit()`), or a token of a
 * same-file class whose method puts the saved store back. The caller owns the restore, so the
 * `enterWith` is not a leak of this function. The returned value must itself carry the restore (or
 * be the saved store that a restore of the same file takes back); a function that merely returns
 * something is not a hand-off.
 */

/** How far a returned `const` is followed to its initializer (`const token = {…}; return token`). */
const MAX_ALIAS_DEPTH = 2;

/** What {@link isHandedOff} needs to know about the file. */
export interface HandOffContext {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly origins: StoreOrigins;
  /** The `enterWith` whose undo is looked for: a store read after it is not the one before it. */
  readonly undone: TSESTree.CallExpression;
  /**
   * @param receiver - the receiver of a restore found in the returned value.
   * @returns whether it is the instance the `enterWith` used, spelled as the token spells it: a
   *   recognized AsyncLocalStorage, the same dotted name, or a member the token's class stores (`this.als`).
   */
  readonly isSameStorage: (receiver: TSESTree.Expression) => boolean;
}

/**
 * @param call - an `enterWith` that no covering `finally` restores.
 * @param context - the file's analyses.
 * @returns whether its enclosing function returns (on any `return`, or as a concise body) a value
 *   that carries the restore to the caller.
 */
export function isHandedOff(call: TSESTree.CallExpression, context: HandOffContext): boolean {
  const fn = enclosingFunction(call);
  if (!fn) return false;
  return returnedValues(context.sourceCode, fn).some((value) => carriesRestore(value, context, 0));
}

/** The values `fn` returns: each `return x` of its own body (not of nested functions), or its concise body. */
function returnedValues(sourceCode: Readonly<TSESLint.SourceCode>, fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const values: TSESTree.Node[] = [];
  forEachNode(sourceCode, fn.body, (node) => {
    if (node !== fn.body && (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody)) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) values.push(node.argument);
    return true;
  });
  return values;
}

function carriesRestore(node: TSESTree.Node, context: HandOffContext, depth: number): boolean {
  const value = unwrapExpression(node);
  switch (value.type) {
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ClassExpression:
      return containsRestore(value, context);
    case AST_NODE_TYPES.ObjectExpression:
      // A disposable literal, or a plain token holding the saved store that a restore takes back.
      return (
        containsRestore(value, context) ||
        value.properties.some(
          (property) =>
            property.type === AST_NODE_TYPES.Property &&
            property.kind === 'init' &&
            !property.method &&
            isSavedStoreToken(property.value, context),
        )
      );
    case AST_NODE_TYPES.NewExpression: {
      const classNode = sameFileClass(value.callee, context.sourceCode);
      return classNode !== null && containsRestore(classNode.body, context);
    }
    case AST_NODE_TYPES.ThisExpression: {
      // `enter() { …; return this; }` on a class whose `exit()` restores.
      const classNode = enclosingClassOfThis(value);
      return classNode !== null && containsRestore(classNode.body, context);
    }
    case AST_NODE_TYPES.Identifier: {
      if (isSavedStoreToken(value, context)) return true;
      if (depth >= MAX_ALIAS_DEPTH) return false;
      const variable = ASTUtils.findVariable(context.sourceCode.getScope(value), value);
      const def = variable?.defs[0];
      return (
        def?.type === 'Variable' &&
        def.parent.kind === 'const' &&
        def.node.init !== null &&
        carriesRestore(def.node.init, context, depth + 1)
      );
    }
    default:
      return false;
  }
}

/**
 * The OpenTelemetry-style `attach()` returns the previous store as a token that the caller passes
 * back to a `detach(token)` of the same file, which restores it.
 */
function isSavedStoreToken(node: TSESTree.Node, context: HandOffContext): boolean {
  if (context.origins.originOf(node, undefined, context.undone) !== 'saved-store') return false;
  let restored = false;
  forEachNode(context.sourceCode, context.sourceCode.ast, (each) => {
    if (restored) return false;
    if (context.origins.isRestore(each) && context.isSameStorage(each.callee.object)) restored = true;
    return true;
  });
  return restored;
}

/** Whether some call below `root` puts a saved store back on the same storage. */
function containsRestore(root: TSESTree.Node, context: HandOffContext): boolean {
  let found = false;
  forEachNode(context.sourceCode, root, (node) => {
    if (found) return false;
    if (context.origins.isRestore(node, undefined, context.undone) && context.isSameStorage(node.callee.object)) {
      found = true;
    }
    return true;
  });
  return found;
}

/** The class a `new` callee names, when this file declares it (`class C`, `const C = class`). */
function sameFileClass(
  callee: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  const target = unwrapExpression(callee);
  if (target.type === AST_NODE_TYPES.ClassExpression) return target;
  if (target.type !== AST_NODE_TYPES.Identifier) return null;
  const def = ASTUtils.findVariable(sourceCode.getScope(target), target)?.defs[0];
  if (def?.node.type === AST_NODE_TYPES.ClassDeclaration) return def.node;
  if (def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
    const init = unwrapExpression(def.node.init);
    if (init.type === AST_NODE_TYPES.ClassExpression) return init;
  }
  return null;
}
