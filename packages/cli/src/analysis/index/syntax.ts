import { ts } from 'ts-morph';
import type { FunctionNode } from '../threadLocalIndex.js';

/*
 * Syntax helpers shared by the index's stages: they look at one node and its parents, never at
 * types, so every stage can use them on any candidate for free.
 */

/**
 * Whether a function-like node is a function with a body (the unit calls are attributed to).
 *
 * @param node - a function-like node
 * @returns true for functions, methods, arrows, constructors and accessors that have a body
 */
export function isFunctionWithBody(node: ts.SignatureDeclaration): node is FunctionNode {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.body !== undefined
  );
}

/**
 * @param node - a class property
 * @returns whether it is `static`
 */
export function hasStaticModifier(node: ts.PropertyDeclaration): boolean {
  return node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) ?? false;
}

/**
 * @param node - any node
 * @returns whether it is a parenthesis, `as`, `satisfies`, `!` or `<T>` cast: a wrapper that does not
 *   change which value an expression denotes
 */
export function isOuterExpression(node: ts.Node): boolean {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTypeAssertionExpression(node)
  );
}

/**
 * Strips parentheses, `as`, `satisfies`, `!` and `<T>` casts around an expression (the compiler
 * keeps its own version of this internal).
 *
 * @param expression - any expression
 * @returns the expression inside the wrappers
 */
export function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (isOuterExpression(current)) current = (current as ts.ParenthesizedExpression).expression;
  return current;
}

/**
 * The parent of a node, typed as it is at run time: TypeScript declares `parent` as always set, but a
 * source file has none, and the walks up the tree end there.
 *
 * @param node - any node
 * @returns its parent, or undefined for a source file
 */
export function parentOf(node: ts.Node): ts.Node | undefined {
  return node.parent;
}

/**
 * @param node - any node
 * @returns the innermost function with a body that encloses it
 */
export function enclosingFunction(node: ts.Node): FunctionNode | undefined {
  for (let current = parentOf(node); current !== undefined; current = parentOf(current)) {
    if (ts.isFunctionLike(current) && isFunctionWithBody(current)) return current;
  }
  return undefined;
}

/**
 * @param expression - a callee or a class expression
 * @returns the name it ends with (`f` of `f()`, `m` of `obj.m()`), or `''`
 */
export function calleeText(expression: ts.Expression): string {
  const target = skipOuterExpressions(expression);
  if (ts.isIdentifier(target)) return target.text;
  if (ts.isPropertyAccessExpression(target)) return target.name.text;
  return '';
}

/**
 * @param expression - the receiver of a method call
 * @returns the name compared with declared names: the identifier, or the property of `a.b`
 */
export function receiverNameOf(expression: ts.Expression): ts.Identifier | ts.PrivateIdentifier | undefined {
  const target = skipOuterExpressions(expression);
  if (ts.isIdentifier(target)) return target;
  if (ts.isPropertyAccessExpression(target)) return target.name;
  return undefined;
}

/** A node that holds a thread-local by name: a variable, a class property or an object property. */
export type HolderNode = ts.VariableDeclaration | ts.PropertyDeclaration | ts.PropertyAssignment;

/**
 * @param node - a holder
 * @returns its name as written, qualified by its class for a class property (`Context.current`)
 */
export function declarationName(node: HolderNode): string {
  const own = node.name.getText();
  if (ts.isPropertyDeclaration(node) && ts.isClassLike(node.parent) && node.parent.name !== undefined) {
    return `${node.parent.name.text}.${own}`;
  }
  return own;
}

/**
 * @param fn - a function
 * @returns the name calls use for it: the identifier of `f()` or the property of `obj.f()`, or `''`
 */
export function calleeNameOfFunction(fn: FunctionNode): string {
  if (fn.name !== undefined && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name))) return fn.name.text;
  const holder = fn.parent;
  if ((ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) && ts.isIdentifier(holder.name)) {
    return holder.name.text;
  }
  return '';
}

/**
 * A readable name for a function, for messages.
 *
 * @param fn - a function-like node
 * @returns `name`, `Class.method`, or `(anonymous function)`
 */
export function functionName(fn: FunctionNode): string {
  const own = calleeNameOfFunction(fn);
  if (own === '') return '(anonymous function)';
  const owner = ts.isMethodDeclaration(fn) ? fn.parent : fn.parent.parent;
  if ((ts.isMethodDeclaration(fn) || ts.isPropertyDeclaration(fn.parent)) && ts.isClassLike(owner) && owner.name !== undefined) {
    return `${owner.name.text}.${own}`;
  }
  return own;
}

/**
 * @param expression - a creation or a call
 * @returns the variable, property or object property that directly holds its value
 */
export function declarationHolding(expression: ts.Expression): HolderNode | undefined {
  let node: ts.Node = expression;
  while (isOuterExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (
    (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    parent.initializer === node &&
    (ts.isIdentifier(parent.name) || ts.isPrivateIdentifier(parent.name))
  ) {
    return parent;
  }
  return undefined;
}

/**
 * @param fn - a function
 * @param expression - an expression inside it
 * @param holder - the local that holds the expression's value, if any
 * @returns whether `fn` returns the value of `expression` (directly, or through the local `holder`)
 */
export function returnsValueOf(fn: FunctionNode, expression: ts.Expression, holder: HolderNode | undefined): boolean {
  const node = valueCarrier(expression);
  if (node.parent === fn && ts.isArrowFunction(fn)) return true; // concise arrow body
  if (ts.isReturnStatement(node.parent) && enclosingFunction(node.parent) === fn) return true;
  // What the value was stored in: a local (`const x = new …`), or an assignment's target
  // (`if (!stores[k]) stores[k] = new …; return stores[k]`), compared as text.
  let stored: string | undefined;
  const target = assignmentTarget(expression);
  if (holder !== undefined && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) {
    stored = holder.name.text;
  } else if (target !== undefined) {
    stored = target.getText();
  }
  if (stored === undefined) return false;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || (ts.isFunctionLike(child) && child !== fn)) return;
    if (ts.isReturnStatement(child) && child.expression !== undefined) {
      if (skipOuterExpressions(child.expression).getText() === stored) found = true;
    }
    ts.forEachChild(child, visit);
  };
  if (fn.body !== undefined) ts.forEachChild(fn.body, visit);
  return found;
}

/**
 * @param expression - any expression
 * @returns the target it is assigned to (`x` of `x ??= new …`, `stores[k]` of `stores[k] = new …`)
 */
export function assignmentTarget(expression: ts.Expression): ts.Expression | undefined {
  let node: ts.Node = expression;
  while (isOuterExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.right === node && isAssignmentOperator(parent.operatorToken.kind)
    ? skipOuterExpressions(parent.left)
    : undefined;
}

/**
 * @param kind - a binary operator
 * @returns whether it assigns (`=`, `??=`, `||=`, `&&=`)
 */
export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken ||
    kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken
  );
}

/**
 * The outermost expression whose value is the value of `expression`: through wrappers, an
 * assignment's right side (`stores[k] ??= new …` has the created value), the right of `??` and `||`
 * (`cache ?? new …`), the branches of `?:`, and the last operand of a comma.
 *
 * @param expression - any expression
 * @returns the expression that carries its value outwards
 */
export function valueCarrier(expression: ts.Expression): ts.Expression {
  let node: ts.Expression = expression;
  for (;;) {
    const parent = node.parent;
    if (isOuterExpression(parent)) {
      node = parent as ts.Expression;
    } else if (
      ts.isBinaryExpression(parent) &&
      parent.right === node &&
      (isAssignmentOperator(parent.operatorToken.kind) ||
        parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        parent.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        parent.operatorToken.kind === ts.SyntaxKind.CommaToken)
    ) {
      node = parent;
    } else if (ts.isConditionalExpression(parent) && parent.condition !== node) {
      node = parent;
    } else {
      return node;
    }
  }
}
