import { VOCABULARY } from '@tlkit/recognition';
import type { EnterWithArgumentOrigin } from '@tlkit/recognition';
import { AST_NODE_TYPES, ASTUtils, TSESLint } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction } from './ast.js';
import { forEachNode } from './forEachNode.js';
import { returnedExpressions } from './returnedExpressions.js';
import { isNullishValue, isUndefinedValue, propertyName, sameFileFunctionOf, unwrapExpression } from './ThreadLocalRecognizer.js';
import type { FunctionNode } from './ThreadLocalRecognizer.js';

// `def.type` is an enum: comparing it with enum members keeps a misspelt kind a type error.
const { DefinitionType } = TSESLint.Scope;

/*
 * "Is the argument of this `enterWith` a store read earlier with `getStore()`?" An `enterWith(saved)`
 * puts the earlier store back: it is the AsyncLocalStorage undo (a restore), never itself a leak.
 * The answer follows values within one file only, and errs towards "new store" (a report) whenever a
 * value could also come from somewhere else, so that a real leak is never taken for a restore.
 */

type Variable = TSESLint.Scope.Variable;

/** The AsyncLocalStorage words this module matches (`enterWith`, `getStore`), from the shared vocabulary. */
const ALS_WORDS = VOCABULARY['async-local-storage'];

const NO_ASSUMPTIONS: ReadonlySet<Variable> = new Set();

/** A call of a method whose name is in `names`: `x.enterWith(v)`, `x?.getStore()`. */
export type MethodCall = TSESTree.CallExpression & { callee: TSESTree.MemberExpression };

/**
 * @param node - any node.
 * @param names - method names.
 * @returns whether `node` (through `as`, `!`, `?.`) is a call of one of those methods.
 */
export function isMethodCall(node: TSESTree.Node, names: ReadonlySet<string>): node is MethodCall {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapExpression(node.callee);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression && names.has(propertyName(callee.property, callee.computed) ?? '')
  );
}

/** A call of a same-file function or `new` of a same-file class, with its arguments. */
interface CallSite {
  readonly site: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly args: readonly TSESTree.CallExpressionArgument[];
}

/** What the file writes into members and object literals, gathered in one walk. */
interface FileIndex {
  /** Property name → values written by `x.p = v`, a class field initializer, or a constructor parameter property. */
  readonly memberWrites: ReadonlyMap<string, readonly TSESTree.Node[]>;
  /** Property name → values of object literal properties (`{ p: v }`, `{ p }`). */
  readonly literalProperties: ReadonlyMap<string, readonly TSESTree.Node[]>;
}

/**
 * Where the arguments of `enterWith` calls in one file come from. One instance per file
 * ({@link getStoreOrigins}); answers without assumptions are cached.
 */
export class StoreOrigins {
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  #index: FileIndex | null = null;
  /** The `enterWith` being undone in the current query (see {@link StoreOrigins.originOf}). */
  #undone: TSESTree.Node | null = null;
  readonly #cache = new WeakMap<TSESTree.Node, EnterWithArgumentOrigin>();
  /** Variables and property names being evaluated: a cycle (`a = b; b = a`) is not a saved store. */
  readonly #active = new Set<Variable | string>();
  /** Reader functions being followed, so mutual recursion reads as "not a saved store". */
  readonly #activeReaders = new Set<FunctionNode>();

  constructor(sourceCode: Readonly<TSESLint.SourceCode>) {
    this.#sourceCode = sourceCode;
  }

  /**
   * @param argument - the argument of an `enterWith` (`undefined` for `enterWith()`).
   * @param assumed - parameters known to hold a saved store in the call being followed (a helper
   *   `restore(prev)` called from a `finally` with a saved store).
   * @param undone - the `enterWith` this value would undo, when asking for one: a store read after
   *   it in the same function is the store it put in place, not the one before it.
   * @returns where the value comes from.
   */
  originOf(
    argument: TSESTree.Node | undefined,
    assumed: ReadonlySet<Variable> = NO_ASSUMPTIONS,
    undone: TSESTree.Node | null = null,
  ): EnterWithArgumentOrigin {
    if (!argument) return 'undefined';
    if (assumed.size > 0 || undone !== null) {
      const outer = this.#undone;
      this.#undone = undone;
      try {
        return this.#valueOrigin(argument, assumed);
      } finally {
        this.#undone = outer;
      }
    }
    const cached = this.#cache.get(argument);
    if (cached) return cached;
    const origin = this.#valueOrigin(argument, assumed);
    this.#cache.set(argument, origin);
    return origin;
  }

  /**
   * @param call - any call.
   * @param assumed - as for {@link originOf}.
   * @param undone - as for {@link originOf}.
   * @returns whether it is an `enterWith(saved)`: it puts back a store read earlier with `getStore()`.
   */
  isRestore(
    call: TSESTree.Node,
    assumed: ReadonlySet<Variable> = NO_ASSUMPTIONS,
    undone: TSESTree.Node | null = null,
  ): call is MethodCall {
    return (
      isMethodCall(call, ALS_WORDS.set) &&
      call.arguments.length === 1 &&
      this.originOf(call.arguments[0], assumed, undone) === 'saved-store'
    );
  }

  /**
   * @param fn - a same-file function about to be followed from a call.
   * @param args - the call's arguments.
   * @param assumed - the assumptions in force at the call.
   * @param undone - as for {@link originOf}.
   * @returns the parameters of `fn` that receive a saved store at this call.
   */
  savedParameters(
    fn: FunctionNode,
    args: readonly TSESTree.CallExpressionArgument[],
    assumed: ReadonlySet<Variable>,
    undone: TSESTree.Node | null = null,
  ): ReadonlySet<Variable> {
    const saved = new Set<Variable>();
    const scope = this.#sourceCode.scopeManager?.acquire(fn);
    fn.params.forEach((param, index) => {
      const argument = args[index];
      const name = parameterIdentifier(param);
      if (!argument || !name || !scope || argument.type === AST_NODE_TYPES.SpreadElement) return;
      if (this.originOf(argument, assumed, undone) !== 'saved-store') return;
      const variable = ASTUtils.findVariable(scope, name);
      if (variable) saved.add(variable);
    });
    return saved;
  }

  /** Whether a read (or a call that reads) runs after the `enterWith` being undone, in the same function. */
  #readsTooLate(node: TSESTree.Node): boolean {
    const undone = this.#undone;
    return undone !== null && node.range[0] > undone.range[1] && enclosingFunction(node) === enclosingFunction(undone);
  }

  #valueOrigin(node: TSESTree.Node, assumed: ReadonlySet<Variable>): EnterWithArgumentOrigin {
    const target = unwrapExpression(node);
    if (isUndefinedValue(target) && !(target.type === AST_NODE_TYPES.Identifier && this.#isShadowedUndefined(target))) {
      return 'undefined';
    }
    switch (target.type) {
      case AST_NODE_TYPES.CallExpression:
        if (isMethodCall(target, ALS_WORDS.read) && target.arguments.length === 0) {
          return this.#readsTooLate(target) ? 'new-store' : 'saved-store';
        }
        return this.#readerCallOrigin(target);
      case AST_NODE_TYPES.Identifier:
        return this.#identifierOrigin(target, assumed);
      case AST_NODE_TYPES.MemberExpression: {
        const name = propertyName(target.property, target.computed);
        return name === null ? 'new-store' : this.#memberOrigin(name);
      }
      case AST_NODE_TYPES.LogicalExpression:
        // `als.getStore() ?? fallback`: the store read earlier, when there was one.
        return target.operator !== '&&' && this.#valueOrigin(target.left, assumed) === 'saved-store'
          ? 'saved-store'
          : 'new-store';
      case AST_NODE_TYPES.ConditionalExpression: {
        const branches = [this.#valueOrigin(target.consequent, assumed), this.#valueOrigin(target.alternate, assumed)];
        return branches.includes('saved-store') && !branches.includes('new-store') ? 'saved-store' : 'new-store';
      }
      default:
        return 'new-store';
    }
  }

  /**
   * A call of a same-file reader (`const previous = this.active()` where `active()` returns
   * `this._als.getStore() ?? ROOT`) saves the store as a direct `getStore()` would.
   */
  #readerCallOrigin(call: TSESTree.CallExpression): EnterWithArgumentOrigin {
    if (call.arguments.length > 0 || this.#readsTooLate(call)) return 'new-store';
    const fn = sameFileFunctionOf(this.#sourceCode, call.callee);
    if (!fn || this.#activeReaders.has(fn)) return 'new-store';
    this.#activeReaders.add(fn);
    try {
      const returned = returnedExpressions(fn, this.#sourceCode.visitorKeys);
      return returned.length > 0 && returned.every((each) => this.#valueOrigin(each, NO_ASSUMPTIONS) === 'saved-store')
        ? 'saved-store'
        : 'new-store';
    } finally {
      this.#activeReaders.delete(fn);
    }
  }

  #isShadowedUndefined(identifier: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.#sourceCode.getScope(identifier), identifier);
    return variable !== null && variable.defs.length > 0;
  }

  #identifierOrigin(identifier: TSESTree.Identifier, assumed: ReadonlySet<Variable>): EnterWithArgumentOrigin {
    const variable = ASTUtils.findVariable(this.#sourceCode.getScope(identifier), identifier);
    if (!variable) return 'new-store';
    if (assumed.has(variable)) return 'saved-store';
    if (this.#active.has(variable)) return 'new-store';
    this.#active.add(variable);
    try {
      const def = variable.defs[0];
      if (def?.type === DefinitionType.Parameter) return this.#parameterOrigin(def.node, def.name);
      if (def?.type !== DefinitionType.Variable) return 'new-store';
      let saved = false;
      for (const reference of variable.references) {
        if (!reference.isWrite()) continue;
        const value = writtenValue(reference.identifier);
        if (!value) return 'new-store';
        const origin = this.#valueOrigin(value, assumed);
        if (origin === 'saved-store') saved = true;
        else if (!isNullishValue(value)) return 'new-store';
      }
      return saved ? 'saved-store' : 'new-store';
    } finally {
      this.#active.delete(variable);
    }
  }

  /**
   * A parameter holds a saved store when every call in this file passes one at its position: every
   * `new C(…)` of the class whose constructor it belongs to, or every call of a function that does
   * not escape the file (not exported, not passed around).
   */
  #parameterOrigin(fn: TSESTree.Node, name: TSESTree.Node): EnterWithArgumentOrigin {
    if (
      fn.type !== AST_NODE_TYPES.FunctionDeclaration &&
      fn.type !== AST_NODE_TYPES.FunctionExpression &&
      fn.type !== AST_NODE_TYPES.ArrowFunctionExpression
    ) {
      return 'new-store';
    }
    const index = fn.params.findIndex((param) => parameterIdentifier(param) === name);
    if (index === -1) return 'new-store';
    const calls = this.#callSitesOf(fn);
    // Callers in other files are out of sight: an exported restore helper (`restoreContext(previous)`)
    // is known by the name it gives the store it puts back. Any other parameter is a new store.
    if (!calls) return name.type === AST_NODE_TYPES.Identifier && SAVED_STORE_NAME.test(name.name) ? 'saved-store' : 'new-store';
    if (calls.length === 0) return 'new-store';
    // `constructor(previous = als.getStore())` called without that argument saves the store itself.
    const defaultValue = parameterDefault(fn.params[index]);
    const defaultSaved = defaultValue !== null && this.#valueOrigin(defaultValue, NO_ASSUMPTIONS) === 'saved-store';
    for (const { site, args } of calls) {
      if (args.slice(0, index + 1).some((each) => each.type === AST_NODE_TYPES.SpreadElement)) return 'new-store';
      const argument = args[index];
      if (!argument) {
        // The default is read when the call runs.
        if (defaultSaved && !this.#readsTooLate(site)) continue;
        return 'new-store';
      }
      if (argument.type === AST_NODE_TYPES.SpreadElement) return 'new-store';
      if (this.#valueOrigin(argument, NO_ASSUMPTIONS) !== 'saved-store') return 'new-store';
    }
    return 'saved-store';
  }

  /** The argument lists of every call of `fn` in this file, or `null` when callers may be elsewhere. */
  #callSitesOf(fn: FunctionNode): CallSite[] | null {
    const manager = this.#sourceCode.scopeManager;
    if (!manager) return null;
    const method = fn.parent;
    if (method.type === AST_NODE_TYPES.MethodDefinition && method.kind === 'constructor') {
      const classNode = method.parent.parent;
      const variables = [...manager.getDeclaredVariables(classNode)];
      if (classNode.parent.type === AST_NODE_TYPES.VariableDeclarator) {
        variables.push(...manager.getDeclaredVariables(classNode.parent));
      }
      const calls: CallSite[] = [];
      for (const variable of variables) {
        for (const reference of variable.references) {
          const parent = reference.identifier.parent;
          if (parent.type === AST_NODE_TYPES.NewExpression && parent.callee === reference.identifier) {
            calls.push({ site: parent, args: parent.arguments });
          }
        }
      }
      return calls;
    }
    let variable: Variable | null = null;
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) {
      if (isExport(fn.parent)) return null;
      const upper = manager.acquire(fn)?.upper;
      variable = upper ? ASTUtils.findVariable(upper, fn.id.name) : null;
    } else if (
      fn.parent.type === AST_NODE_TYPES.VariableDeclarator &&
      fn.parent.id.type === AST_NODE_TYPES.Identifier &&
      fn.parent.parent.kind === 'const'
    ) {
      if (isExport(fn.parent.parent.parent)) return null;
      variable = manager.getDeclaredVariables(fn.parent)[0] ?? null;
    }
    if (!variable) return null;
    const calls: CallSite[] = [];
    for (const reference of variable.references) {
      if (reference.init === true) continue;
      const parent = reference.identifier.parent;
      // Any other use (exported, passed as a callback, stored) lets unknown code call it.
      if (parent.type !== AST_NODE_TYPES.CallExpression || parent.callee !== reference.identifier) return null;
      calls.push({ site: parent, args: parent.arguments });
    }
    return calls;
  }

  /**
   * A member holds a saved store when the file writes one into it (`this.prev = als.getStore()`, a
   * field initializer, a constructor parameter property, `{ prev: als.getStore() }`) and never writes
   * anything else there but a reset to `undefined`/`null`.
   */
  #memberOrigin(name: string): EnterWithArgumentOrigin {
    if (this.#active.has(name)) return 'new-store';
    this.#active.add(name);
    try {
      const index = this.#fileIndex();
      let saved = false;
      for (const value of index.memberWrites.get(name) ?? []) {
        const origin = this.#valueOrigin(value, NO_ASSUMPTIONS);
        if (origin === 'saved-store') saved = true;
        else if (!isNullishValue(value)) return 'new-store';
      }
      if (!saved) {
        saved = (index.literalProperties.get(name) ?? []).some(
          (value) => this.#valueOrigin(value, NO_ASSUMPTIONS) === 'saved-store',
        );
      }
      return saved ? 'saved-store' : 'new-store';
    } finally {
      this.#active.delete(name);
    }
  }

  #fileIndex(): FileIndex {
    if (this.#index) return this.#index;
    const memberWrites = new Map<string, TSESTree.Node[]>();
    const literalProperties = new Map<string, TSESTree.Node[]>();
    const add = (map: Map<string, TSESTree.Node[]>, name: string | null, value: TSESTree.Node): void => {
      if (name === null) return;
      const values = map.get(name);
      if (values) values.push(value);
      else map.set(name, [value]);
    };
    forEachNode(this.#sourceCode, this.#sourceCode.ast, (node) => {
      if (
        node.type === AST_NODE_TYPES.AssignmentExpression &&
        node.left.type === AST_NODE_TYPES.MemberExpression
      ) {
        add(memberWrites, propertyName(node.left.property, node.left.computed), node.right);
      } else if (node.type === AST_NODE_TYPES.PropertyDefinition && node.value) {
        add(memberWrites, propertyName(node.key, node.computed), node.value);
      } else if (node.type === AST_NODE_TYPES.TSParameterProperty) {
        const identifier = parameterIdentifier(node);
        if (identifier) add(memberWrites, identifier.name, identifier);
      } else if (node.type === AST_NODE_TYPES.Property && node.parent.type === AST_NODE_TYPES.ObjectExpression) {
        if (node.kind === 'init' && !node.method) add(literalProperties, propertyName(node.key, node.computed), node.value);
      }
      return true;
    });
    this.#index = { memberWrites, literalProperties };
    return this.#index;
  }
}

/** The value a write reference stores: the initializer or the right-hand side; `null` for destructuring and loops. */
function writtenValue(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier): TSESTree.Node | null {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id === identifier) return parent.init;
  if (
    parent.type === AST_NODE_TYPES.AssignmentExpression &&
    parent.left === identifier &&
    (parent.operator === '=' || parent.operator === '??=' || parent.operator === '||=')
  ) {
    return parent.right;
  }
  return null;
}

/**
 * Parameter names that say the value is the store that was in place before: `previous`, `prevStore`,
 * `savedContext`, `outer`, `parentStore`, `oldCtx`, `backup`, `original`.
 */
const SAVED_STORE_NAME = /^(?:prev|previous|saved|old|outer|parent|before|backup|orig|original)(?:[A-Z_]\w*)?$/u;


/** The identifier a simple parameter binds (`p`, `p = d`, `private p`), or `null` for patterns. */
function parameterIdentifier(param: TSESTree.Node): TSESTree.Identifier | null {
  let target = param;
  if (target.type === AST_NODE_TYPES.TSParameterProperty) target = target.parameter;
  if (target.type === AST_NODE_TYPES.AssignmentPattern) target = target.left;
  return target.type === AST_NODE_TYPES.Identifier ? target : null;
}

/** The default value of a parameter (`p = d`, `private p = d`), or `null`. */
function parameterDefault(param: TSESTree.Node | undefined): TSESTree.Node | null {
  let target = param;
  if (target?.type === AST_NODE_TYPES.TSParameterProperty) target = target.parameter;
  return target?.type === AST_NODE_TYPES.AssignmentPattern ? target.right : null;
}

function isExport(node: TSESTree.Node | undefined): boolean {
  return (
    node?.type === AST_NODE_TYPES.ExportNamedDeclaration || node?.type === AST_NODE_TYPES.ExportDefaultDeclaration
  );
}

const origins = new WeakMap<TSESTree.Program, StoreOrigins>();

/**
 * @param sourceCode - the file being linted.
 * @returns the file's store-origin analysis, shared by every rule that lints the same AST.
 */
export function getStoreOrigins(sourceCode: Readonly<TSESLint.SourceCode>): StoreOrigins {
  let analysis = origins.get(sourceCode.ast);
  if (!analysis) {
    analysis = new StoreOrigins(sourceCode);
    origins.set(sourceCode.ast, analysis);
  }
  return analysis;
}
