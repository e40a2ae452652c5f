import { VOCABULARY } from '@tlkit/recognition';
import type { EnterWithArgumentOrigin } from '@tlkit/recognition';
import { ts } from 'ts-morph';
import { calleeNameOfFunction, enclosingFunction, isAssignmentOperator, skipOuterExpressions } from './index/syntax.js';
import type { FunctionNode, ThreadLocalIndex } from './threadLocalIndex.js';

/*
 * Where the argument of an AsyncLocalStorage `enterWith` comes from (@tlkit/recognition's
 * `EnterWithArgumentOrigin`). A *saved store* is a value read earlier with `getStore()`: an
 * `enterWith` of one puts the store back (a restore), which is the undo of an `enterWith`, never a
 * leak itself. The checker is asked only about `enterWith` arguments, and follows a name to:
 * - a local or module variable initialized or assigned from a `getStore()` read;
 * - a parameter, through the arguments its function is called with (`restore(previous)` in a
 *   helper called from a `finally`, in another file);
 * - a field or a token's member: any member of that name assigned a saved store anywhere in the
 *   program (`this.previous = als.getStore()`, `{ previous: als.getStore() }`), or a constructor
 *   parameter property given a saved store at a `new` site (`new Token(previous, als)`).
 */

/** How deep a name is followed through parameters and fields before giving up (a new store). */
const MAX_DEPTH = 4;
const STORE_READS: ReadonlySet<string> = VOCABULARY['async-local-storage'].read;

const savedMembersCache = new WeakMap<ThreadLocalIndex, ReadonlySet<string>>();

/**
 * @param index - the thread-local index
 * @param call - an `enterWith(…)` call
 * @returns where its argument comes from
 */
export function enterWithOrigin(index: ThreadLocalIndex, call: ts.CallExpression): EnterWithArgumentOrigin {
  const argument = call.arguments[0];
  if (argument === undefined || isUndefined(argument)) return 'undefined';
  return isSavedStore(index, argument, MAX_DEPTH) ? 'saved-store' : 'new-store';
}

/**
 * @param expression - any expression
 * @returns whether it is `undefined` or `void 0`
 */
export function isUndefined(expression: ts.Expression): boolean {
  const target = skipOuterExpressions(expression);
  return (ts.isIdentifier(target) && target.text === 'undefined') || ts.isVoidExpression(target);
}

function isStoreRead(expression: ts.Expression): boolean {
  const target = skipOuterExpressions(expression);
  return ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && STORE_READS.has(target.expression.name.text);
}

/** Member names assigned a `getStore()` read somewhere in the program. */
function savedMembers(index: ThreadLocalIndex): ReadonlySet<string> {
  let names = savedMembersCache.get(index);
  if (names === undefined) {
    const found = new Set<string>();
    for (const read of index.storeReads) {
      let node: ts.Node = read;
      while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
      const parent = node.parent;
      if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === node) {
        found.add(parent.name.getText());
      } else if (ts.isBinaryExpression(parent) && parent.right === node && isAssignmentOperator(parent.operatorToken.kind)) {
        const left = skipOuterExpressions(parent.left);
        if (ts.isPropertyAccessExpression(left)) found.add(left.name.text);
      }
    }
    names = found;
    savedMembersCache.set(index, names);
  }
  return names;
}

function isSavedStore(index: ThreadLocalIndex, expression: ts.Expression, depth: number): boolean {
  const target = skipOuterExpressions(expression);
  if (isStoreRead(target)) return true;
  // `als.getStore() ?? ROOT`: the store read earlier, when there was one.
  if (
    ts.isBinaryExpression(target) &&
    (target.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || target.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    return isSavedStore(index, target.left, depth);
  }
  if (depth === 0) return false;
  if (ts.isCallExpression(target) && target.arguments.length === 0) return readerReturnsSaved(index, target, depth);
  if (ts.isPropertyAccessExpression(target) && savedMembers(index).has(target.name.text)) return true;
  if (!ts.isIdentifier(target) && !ts.isPropertyAccessExpression(target)) return false;
  const { resolver } = index;
  for (const declaration of resolver.declarationsOf(target)) {
    if (!resolver.isOwnFile(declaration.getSourceFile())) continue;
    if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
      if (declaration.initializer !== undefined && isSavedStore(index, declaration.initializer, depth - 1)) return true;
      if (assignedSaved(index, declaration, declaration.name.text, depth)) return true;
    } else if (ts.isParameter(declaration)) {
      if (parameterGetsSaved(index, declaration, depth)) return true;
    } else if (ts.isPropertyDeclaration(declaration) && ts.isClassLike(declaration.parent)) {
      if (declaration.initializer !== undefined && isSavedStore(index, declaration.initializer, depth - 1)) return true;
      if (assignedSaved(index, declaration.parent, declaration.name.getText(), depth)) return true;
    }
  }
  return false;
}

/**
 * Whether a zero-argument call runs a reader of the program whose every `return` is a saved store
 * (OpenTelemetry's `const previous = this.active()`, `active()` returning `this._als.getStore() ?? ROOT`).
 */
function readerReturnsSaved(index: ThreadLocalIndex, call: ts.CallExpression, depth: number): boolean {
  return index.resolveCallees(call).some((fn) => {
    const returned: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (node !== fn && ts.isFunctionLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression !== undefined) returned.push(node.expression);
      ts.forEachChild(node, visit);
    };
    if (fn.body === undefined) return false;
    if (ts.isBlock(fn.body)) visit(fn.body);
    else returned.push(fn.body);
    return returned.length > 0 && returned.every((each) => isSavedStore(index, each, depth - 1));
  });
}

/** Whether `name` (a local, or `this.name`) is assigned a saved store within `scope`. */
function assignedSaved(index: ThreadLocalIndex, scope: ts.Node, name: string, depth: number): boolean {
  const root = ts.isVariableDeclaration(scope) ? (enclosingFunction(scope)?.body ?? scope.getSourceFile()) : scope;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
      const left = skipOuterExpressions(node.left);
      const named = ts.isIdentifier(left) ? left.text : ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword ? left.name.text : undefined;
      if (named === name && isSavedStore(index, node.right, depth - 1)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** Whether some call (or `new`) of the parameter's function passes a saved store for it. */
function parameterGetsSaved(index: ThreadLocalIndex, parameter: ts.ParameterDeclaration, depth: number): boolean {
  const owner = parameter.parent;
  if (!ts.isFunctionLike(owner)) return false;
  const position = owner.parameters.indexOf(parameter);
  let sites: readonly (ts.CallExpression | ts.NewExpression)[];
  if (ts.isConstructorDeclaration(owner)) {
    const name = owner.parent.name?.text;
    sites = name === undefined ? [] : (index.newsByName.get(name) ?? []);
  } else {
    const name = calleeNameOfFunction(owner as FunctionNode);
    sites = (index.callsByName.get(name) ?? []).filter((site) => index.resolveCallees(site).includes(owner as FunctionNode));
  }
  return sites.some((site) => {
    const argument = site.arguments?.[position];
    return argument !== undefined && isSavedStore(index, argument, depth - 1);
  });
}
