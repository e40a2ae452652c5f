import { AST_NODE_TYPES, ASTUtils, TSESLint } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunctionNode } from './ast.js';
import type { StoreOrigins } from './enterWithOrigin.js';
import { forEachNode } from './forEachNode.js';
import { enclosingClassOfThis, unwrapExpression } from './ThreadLocalRecognizer.js';

// `def.type` is an enum: comparing it with enum members keeps a misspelt kind a type error.
const { DefinitionType } = TSESLint.Scope;

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
  if (!fn || fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const returned = returnAfter(call, fn.body, context.sourceCode);
  return returned !== null && carriesRestore(returned, context, 0);
}

/**
 * The value returned by the first `return` that runs after the statement of `call`, when nothing
 * between them can throw: a throw there would leave the store in place and never hand its undo to
 * the caller. Walks out of plain blocks and `if` branches up to the function body.
 *
 * @param call - an `enterWith` call.
 * @param body - the body of its enclosing function.
 * @returns the returned expression, or `null` when a statement that may throw (or none) comes first.
 */
function returnAfter(
  call: TSESTree.CallExpression,
  body: TSESTree.BlockStatement,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.Node | null {
  let statement: TSESTree.Node = call;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement) {
    if (!SKIPPED_TO_STATEMENT.has(statement.parent.type)) return null;
    statement = statement.parent;
  }
  for (;;) {
    const block: TSESTree.Node | undefined = statement.parent;
    if (block?.type !== AST_NODE_TYPES.BlockStatement) return null;
    for (const next of block.body.slice(block.body.indexOf(statement as TSESTree.Statement) + 1)) {
      if (next.type === AST_NODE_TYPES.ReturnStatement) return next.argument;
      if (!cannotThrow(next, sourceCode)) return null;
    }
    if (block === body) return null;
    // Falling out of an `if` branch (or a bare block) continues after it.
    const outer: TSESTree.Node = block.parent.type === AST_NODE_TYPES.IfStatement ? block.parent : block;
    if (outer !== block && outer.parent.type !== AST_NODE_TYPES.BlockStatement) return null;
    statement = outer;
  }
}

/** Wrappers between a call and the statement that holds it (`als.enterWith(x);`, `void als.enterWith(x)`). */
const SKIPPED_TO_STATEMENT: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.ExpressionStatement,
  AST_NODE_TYPES.ChainExpression,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.AwaitExpression,
]);

/** Statements that may stand between the `enterWith` and the `return` of its undo. */
const PLAIN_STATEMENTS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.VariableDeclaration,
  AST_NODE_TYPES.ExpressionStatement,
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.EmptyStatement,
  AST_NODE_TYPES.FunctionDeclaration,
]);

/** What runs other code (which may throw) or leaves early, outside nested functions and classes. */
const MAY_THROW: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.AwaitExpression,
  AST_NODE_TYPES.YieldExpression,
  AST_NODE_TYPES.ThrowStatement,
  AST_NODE_TYPES.TaggedTemplateExpression,
  AST_NODE_TYPES.ImportExpression,
  AST_NODE_TYPES.ReturnStatement,
]);

/**
 * Whether a statement between the `enterWith` and the `return` of its undo runs no other code: it
 * builds the token (`const token = { dispose: () => … }`, `new Token(previous)`), assigns, tests.
 * A call or an `await` there may throw, and the caller would never get the undo.
 */
function cannotThrow(statement: TSESTree.Statement, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (!PLAIN_STATEMENTS.has(statement.type)) return false;
  if (statement.type === AST_NODE_TYPES.FunctionDeclaration) return true;
  let throws = false;
  forEachNode(sourceCode, statement, (node) => {
    if (throws) return false;
    if (node !== statement && (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody)) return false;
    if (MAY_THROW.has(node.type)) throws = true;
    return !throws;
  });
  return !throws;
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
        def?.type === DefinitionType.Variable &&
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
