import { ASTUtils, AST_NODE_TYPES, TSESLint } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode } from './ast.js';
import { forEachNode } from './forEachNode.js';
import { memberMentionsOf } from './memberMentions.js';
import { returnedExpressions } from './returnedExpressions.js';
import { isNullishValue, outermostWrapper, propertyName, unwrapExpression } from './ThreadLocalRecognizer.js';
import type { FunctionNode } from './ThreadLocalRecognizer.js';

// `def.type` is an enum: comparing it with enum members keeps a misspelt kind a type error.
const { DefinitionType } = TSESLint.Scope;

/*
 * "Does the code at this node run once?" — the question behind `static-thread-local`. Code runs once
 * when it is evaluated at module level outside any loop, in a static initializer of a class that is
 * itself created once, or in a function that is itself run once: a module-level IIFE, or a factory
 * whose every caller in this file runs once. Code inside a function that runs per call also creates
 * one instance overall when it is guarded: a lazy singleton (`x ??= new X()`, `if (!x) x = new X()`)
 * or a memo per key (`stores[k] ??= new X()`, `map.get(k) ?? map.set(k, new X()).get(k)`) whose target
 * outlives the call, or a setup function behind an "installed" flag.
 *
 * Everything here runs only for creation sites the recognizer has already accepted, walks one function
 * segment at a time, and caches per file: each function's answer, each variable's, each class's.
 */

/** Why code runs more than once; `null` from {@link OnceAnalysis.repetitionAt} means it runs once. */
export type Repetition =
  /** Per call of a function, or per iteration of a loop: `where` names it ("function", "loop", …). */
  | { readonly kind: 'repeated'; readonly where: string }
  /** Per instance of a class: an instance field initializer or the constructor. */
  | { readonly kind: 'instanceField' };

/**
 * A place that holds the created instance. Assigned only when empty, it makes the creation run once
 * per place, however often the surrounding code runs.
 */
type Slot =
  /** An assignment target: `x`, `Cls.x`, `this.constructor.x`, `stores[ns]`. */
  | { readonly kind: 'target'; readonly target: TSESTree.Node; readonly selfGuarded: boolean }
  /** An entry of a `Map`-like registry: `registry.set(key, value)`. */
  | { readonly kind: 'entry'; readonly registry: TSESTree.Node; readonly key: TSESTree.Node };

/** Unresolved globals that name one object for the life of the process. */
const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['globalThis', 'global', 'window', 'self', 'process', 'module', 'exports']);

/** Statements after which the rest of the block does not run. */
const EXITS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.ReturnStatement,
  AST_NODE_TYPES.ThrowStatement,
  AST_NODE_TYPES.ContinueStatement,
  AST_NODE_TYPES.BreakStatement,
]);

/**
 * @param fn - a function node.
 * @returns how a message names it: "constructor", "method", "accessor", "callback", "arrow function", "function".
 */
export function describeFunction(fn: FunctionNode): string {
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.MethodDefinition) {
    if (parent.kind === 'constructor') return 'constructor';
    return parent.kind === 'method' ? 'method' : 'accessor';
  }
  if (parent.type === AST_NODE_TYPES.PropertyDefinition) return 'method';
  if (
    (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) &&
    parent.arguments.includes(fn as TSESTree.CallExpressionArgument)
  ) {
    return 'callback';
  }
  return fn.type === AST_NODE_TYPES.ArrowFunctionExpression ? 'arrow function' : 'function';
}

/**
 * Answers "does the code at this node run once?" for one file. Get it with {@link getOnceAnalysis}.
 */
export class OnceAnalysis {
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  /** Each function's answer (`null`: runs once); "repeated" while it is being computed, so recursion reads as such. */
  readonly #functions = new Map<TSESTree.Node, Repetition | null>();
  readonly #variables = new Map<TSESLint.Scope.Variable, boolean>();
  readonly #classes = new Map<TSESTree.Node, boolean>();

  constructor(sourceCode: Readonly<TSESLint.SourceCode>) {
    this.#sourceCode = sourceCode;
  }

  /**
   * @param start - an expression, declaration or class in the file.
   * @returns what makes `start` run more than once, or `null` when it runs once (or once per slot it fills).
   */
  repetitionAt(start: TSESTree.Node): Repetition | null {
    // The segment: `start` and its ancestors up to the nearest function or the module.
    const path: TSESTree.Node[] = [start];
    let boundary = start.parent;
    while (boundary && !isFunctionNode(boundary) && boundary.type !== AST_NODE_TYPES.Program) {
      path.push(boundary);
      boundary = boundary.parent;
    }
    const unset = unsetOnPath(path);
    const fn = boundary && isFunctionNode(boundary) ? boundary : null;

    for (const node of path) {
      const slot = this.#slotOf(node, fn ?? boundary);
      if (slot && this.#fillsOnce(slot, unset)) return null;
    }
    for (let index = 1; index < path.length; index++) {
      const current = path[index] as TSESTree.Node;
      const child = path[index - 1] as TSESTree.Node;
      if (isRepeatedLoopPart(current, child)) return { kind: 'repeated', where: 'loop' };
      if (current.type === AST_NODE_TYPES.PropertyDefinition && !current.static && current.value === child) {
        return { kind: 'instanceField' };
      }
    }
    if (this.#behindInstalledFlag(path, unset)) return null;
    if (!fn) return null;
    if (fn.parent.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor') {
      return { kind: 'instanceField' };
    }
    // An exported factory's callers are in other files, out of this file's sight: `tlkit scan`'s
    // `per-call-factory` judges each call site. Reporting the factory itself would be wrong for the
    // common case (Next.js-style `createAsyncLocalStorage()` called once at module level).
    if (isExportedFunction(fn) && this.#isReturnedBy(start, fn)) return null;
    return this.#functionRepetition(fn);
  }

  /** Whether `fn` returns the value of `node`: directly, or through a `const` it initializes. */
  #isReturnedBy(node: TSESTree.Node, fn: FunctionNode): boolean {
    const outer = outermostWrapper(node);
    const returned = returnedExpressions(fn, this.#sourceCode.visitorKeys).map((each) => outermostWrapper(each));
    if (returned.includes(outer)) return true;
    const declarator = outer.parent;
    if (
      declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
      declarator.init !== outer ||
      declarator.id.type !== AST_NODE_TYPES.Identifier ||
      declarator.parent.kind !== 'const'
    ) {
      return false;
    }
    const name = declarator.id.name;
    return returned.some((each) => {
      const value = unwrapExpression(each);
      return value.type === AST_NODE_TYPES.Identifier && value.name === name;
    });
  }

  /**
   * @returns `null` when `fn` runs once: an IIFE whose call runs once, or a function whose every caller
   *   in this file runs once. Otherwise why it repeats: an IIFE repeats as its call does.
   */
  #functionRepetition(fn: FunctionNode): Repetition | null {
    const known = this.#functions.get(fn);
    if (known !== undefined) return known;
    const own: Repetition = { kind: 'repeated', where: describeFunction(fn) };
    // While `fn` is being decided, a call from inside it (recursion) counts as repeated.
    this.#functions.set(fn, own);
    const call = iifeCall(fn);
    const result = call ? this.repetitionAt(call) : this.#calledOnlyOnce(fn) ? null : own;
    this.#functions.set(fn, result);
    return result;
  }

  #calledOnlyOnce(fn: FunctionNode): boolean {
    const parent = fn.parent;
    if (parent.type === AST_NODE_TYPES.MethodDefinition) return this.#privateStaticMethodRunsOnce(parent);
    const variable = this.#factoryVariable(fn);
    if (!variable) return false;
    // Every reference must be a call that runs once; an exported function's callers are out of sight.
    let calls = 0;
    for (const reference of variable.references) {
      if (reference.init === true) continue;
      if (reference.isTypeReference && !reference.isValueReference) continue;
      const callee = outermostWrapper(reference.identifier);
      const call = callee.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== callee) return false;
      if (this.repetitionAt(call) !== null) return false;
      calls++;
    }
    return calls > 0;
  }

  /** The variable naming a factory: `function make() {}` or `const make = () => …`, not exported. */
  #factoryVariable(fn: FunctionNode): TSESLint.Scope.Variable | null {
    const scopeManager = this.#sourceCode.scopeManager;
    if (!scopeManager) return null;
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
      if (!fn.id || isExport(fn.parent)) return null;
      return (
        scopeManager
          .getDeclaredVariables(fn)
          .find((variable) => variable.defs.some((def) => def.type === DefinitionType.FunctionName && def.node === fn)) ?? null
      );
    }
    const declarator = outermostWrapper(fn).parent;
    if (
      declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
      declarator.id.type !== AST_NODE_TYPES.Identifier ||
      isExport(declarator.parent.parent)
    ) {
      return null;
    }
    const name = declarator.id.name;
    return scopeManager.getDeclaredVariables(declarator).find((variable) => variable.name === name) ?? null;
  }

  /** `static #make() {}` (or TypeScript-`private static`) called only from code that runs once. */
  #privateStaticMethodRunsOnce(method: TSESTree.MethodDefinition): boolean {
    if (!method.static || method.kind !== 'method' || method.computed) return false;
    if (method.key.type !== AST_NODE_TYPES.PrivateIdentifier && method.accessibility !== 'private') return false;
    const name = propertyName(method.key, false);
    const classNode = method.parent.parent;
    if (name === null) return false;
    let calls = 0;
    for (const mention of memberMentionsOf(this.#sourceCode).get(name) ?? []) {
      if (mention.type !== AST_NODE_TYPES.MemberExpression || !this.#namesClass(mention.object, classNode)) return false;
      const callee = outermostWrapper(mention);
      const call = callee.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== callee) return false;
      if (this.repetitionAt(call) !== null) return false;
      calls++;
    }
    return calls > 0;
  }

  /** Whether `node` is the class itself: its name, or `this` in one of its static members. */
  #namesClass(node: TSESTree.Node, classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    const expression = unwrapExpression(node);
    if (expression.type === AST_NODE_TYPES.ThisExpression) {
      const binding = thisBinding(expression);
      return binding?.classNode === classNode && binding.isStatic;
    }
    if (expression.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = ASTUtils.findVariable(this.#sourceCode.getScope(expression), expression);
    // `class C {}`, or `const C = class {}` (the binding is the declarator's).
    return (
      variable?.defs.some(
        (def) =>
          def.node === classNode ||
          (def.node.type === AST_NODE_TYPES.VariableDeclarator &&
            def.node.init !== null &&
            unwrapExpression(def.node.init) === classNode),
      ) ?? false
    );
  }

  #classRunsOnce(classNode: TSESTree.Node): boolean {
    const known = this.#classes.get(classNode);
    if (known !== undefined) return known;
    this.#classes.set(classNode, false);
    const result = this.repetitionAt(classNode) === null;
    this.#classes.set(classNode, result);
    return result;
  }

  /** A binding whose declaration runs once names the same thing on every call that reads it. */
  #variableIsPersistent(variable: TSESLint.Scope.Variable): boolean {
    const known = this.#variables.get(variable);
    if (known !== undefined) return known;
    this.#variables.set(variable, false);
    const def = variable.defs[0];
    let result = false;
    if (variable.defs.length === 1 && def) {
      switch (def.type) {
        case DefinitionType.ImportBinding:
          result = true;
          break;
        case DefinitionType.Variable:
        case DefinitionType.FunctionName:
          result = this.repetitionAt(def.node) === null;
          break;
        case DefinitionType.ClassName:
          result = this.#classRunsOnce(def.node);
          break;
        default:
          result = false;
      }
    }
    this.#variables.set(variable, result);
    return result;
  }

  /** An object that outlives every call reading it: a persistent binding, the class, a global, or a member of one. */
  #isPersistentObject(node: TSESTree.Node): boolean {
    const expression = unwrapExpression(node);
    switch (expression.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = ASTUtils.findVariable(this.#sourceCode.getScope(expression), expression);
        if (!variable || variable.defs.length === 0) return GLOBAL_OBJECTS.has(expression.name);
        return this.#variableIsPersistent(variable);
      }
      case AST_NODE_TYPES.ThisExpression: {
        const binding = thisBinding(expression);
        return binding !== null && binding.isStatic && this.#classRunsOnce(binding.classNode);
      }
      case AST_NODE_TYPES.MemberExpression: {
        // `this.constructor` is the class (or a subclass: still one per class).
        const object = unwrapExpression(expression.object);
        if (
          object.type === AST_NODE_TYPES.ThisExpression &&
          propertyName(expression.property, expression.computed) === 'constructor'
        ) {
          const binding = thisBinding(object);
          return binding !== null && this.#classRunsOnce(binding.classNode);
        }
        return this.#isPersistentObject(expression.object);
      }
      default:
        return false;
    }
  }

  /** An assignment target that outlives the call: a persistent binding, or a member of a persistent object. */
  #isPersistentTarget(node: TSESTree.Node): boolean {
    const expression = unwrapExpression(node);
    if (expression.type === AST_NODE_TYPES.Identifier) return this.#isPersistentObject(expression);
    if (expression.type === AST_NODE_TYPES.MemberExpression) return this.#isPersistentObject(expression.object);
    return false;
  }

  /**
   * @param node - a node of the segment.
   * @param scopeNode - the function (or module) the segment belongs to.
   * @returns the slot `node`'s value is stored in, when it is the value of an assignment or of `registry.set`.
   */
  #slotOf(node: TSESTree.Node, scopeNode: TSESTree.Node | undefined): Slot | null {
    const parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) {
      if (parent.operator === '??=' || parent.operator === '||=') {
        return { kind: 'target', target: parent.left, selfGuarded: true };
      }
      if (parent.operator !== '=') return null;
      // `let s = map.get(k); if (!s) { s = new X(); map.set(k, s); }`: the local only carries the entry.
      const entry = this.#entryCarriedBy(parent, scopeNode);
      return entry ?? { kind: 'target', target: parent.left, selfGuarded: false };
    }
    if (
      parent?.type === AST_NODE_TYPES.CallExpression &&
      parent.arguments[1] === node &&
      parent.arguments[0] &&
      parent.callee.type === AST_NODE_TYPES.MemberExpression &&
      propertyName(parent.callee.property, parent.callee.computed) === 'set'
    ) {
      return { kind: 'entry', registry: parent.callee.object, key: parent.arguments[0] };
    }
    return null;
  }

  /** For `s = value` where `s` was read with `registry.get(key)` and is stored back with `registry.set(key, s)`. */
  #entryCarriedBy(assignment: TSESTree.AssignmentExpression, scopeNode: TSESTree.Node | undefined): Slot | null {
    const local = assignment.left;
    if (local.type !== AST_NODE_TYPES.Identifier || !scopeNode) return null;
    const read = this.#entryReadInto(local);
    if (!read) return null;
    const stored = findNode(this.#sourceCode, scopeNode, (node) => {
      if (
        node.type !== AST_NODE_TYPES.CallExpression ||
        node.callee.type !== AST_NODE_TYPES.MemberExpression ||
        propertyName(node.callee.property, node.callee.computed) !== 'set' ||
        !node.arguments[0] ||
        !node.arguments[1]
      ) {
        return false;
      }
      const value = unwrapExpression(node.arguments[1]);
      return (
        sameReference(node.callee.object, read.registry) &&
        sameReference(node.arguments[0], read.key) &&
        (value === assignment || sameReference(value, local))
      );
    });
    return stored ? read : null;
  }

  /** The entry a local holds: `const s = registry.get(key)` (its only definition) → that entry. */
  #entryReadInto(identifier: TSESTree.Identifier): Extract<Slot, { kind: 'entry' }> | null {
    const variable = ASTUtils.findVariable(this.#sourceCode.getScope(identifier), identifier);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== DefinitionType.Variable || !def.node.init) return null;
    const init = unwrapExpression(def.node.init);
    if (
      init.type !== AST_NODE_TYPES.CallExpression ||
      init.callee.type !== AST_NODE_TYPES.MemberExpression ||
      propertyName(init.callee.property, init.callee.computed) !== 'get' ||
      !init.arguments[0]
    ) {
      return null;
    }
    return { kind: 'entry', registry: init.callee.object, key: init.arguments[0] };
  }

  /** Whether the slot outlives the call and is filled only while it is empty. */
  #fillsOnce(slot: Slot, unset: readonly TSESTree.Node[]): boolean {
    if (slot.kind === 'target') {
      if (!this.#isPersistentTarget(slot.target)) return false;
      return slot.selfGuarded || unset.some((subject) => testsTarget(subject, slot.target));
    }
    if (!this.#isPersistentObject(slot.registry)) return false;
    return unset.some((subject) => {
      const tested = unwrapExpression(subject);
      const read = tested.type === AST_NODE_TYPES.Identifier ? this.#entryReadInto(tested) : null;
      return read
        ? sameReference(read.registry, slot.registry) && sameReference(read.key, slot.key)
        : testsEntry(tested, slot);
    });
  }

  /**
   * `if (installed) return; installed = true; …` or `if (!installed) { installed = true; … }`: a flag
   * that outlives the call, known unset on the path and set on it.
   */
  #behindInstalledFlag(path: readonly TSESTree.Node[], unset: readonly TSESTree.Node[]): boolean {
    for (const subject of unset) {
      const flag = unwrapExpression(subject);
      if (flag.type !== AST_NODE_TYPES.Identifier && flag.type !== AST_NODE_TYPES.MemberExpression) continue;
      const setOnPath = path.some(
        (node) =>
          node.type === AST_NODE_TYPES.BlockStatement &&
          node.body.some((statement) => setsFlag(statement, flag)),
      );
      if (setOnPath && this.#isPersistentTarget(flag)) return true;
    }
    return false;
  }
}

/** `flag = true` (or another truthy literal) as a statement. */
function setsFlag(statement: TSESTree.Statement, flag: TSESTree.Node): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const expression = statement.expression;
  return (
    expression.type === AST_NODE_TYPES.AssignmentExpression &&
    expression.operator === '=' &&
    expression.right.type === AST_NODE_TYPES.Literal &&
    Boolean(expression.right.value) &&
    sameReference(expression.left, flag)
  );
}

/** Whether a loop runs `child` of `loop` per iteration (a `for` initializer and a `for…of` iterable run once). */
function isRepeatedLoopPart(loop: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (loop.type) {
    case AST_NODE_TYPES.ForStatement:
      return loop.init !== child;
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return loop.right !== child;
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return true;
    default:
      return false;
  }
}

/**
 * @param path - a node and its ancestors, innermost first, within one function.
 * @returns the expressions known to be unset (falsy, nullish, absent) wherever `path[0]` runs:
 *   from the branches the path enters and the early exits before it.
 */
function unsetOnPath(path: readonly TSESTree.Node[]): TSESTree.Node[] {
  const unset: TSESTree.Node[] = [];
  for (let index = 1; index < path.length; index++) {
    const current = path[index] as TSESTree.Node;
    const child = path[index - 1] as TSESTree.Node;
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (current.consequent === child) unset.push(...unsetSubjects(current.test));
        else if (current.alternate === child) unset.push(...setSubjects(current.test));
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (current.right !== child) break;
        if (current.operator === '&&') unset.push(...unsetSubjects(current.left));
        else if (current.operator === '||') unset.push(...setSubjects(current.left));
        else unset.push(current.left);
        break;
      case AST_NODE_TYPES.BlockStatement:
        for (const statement of current.body) {
          if (statement === child) break;
          if (
            statement.type === AST_NODE_TYPES.IfStatement &&
            !statement.alternate &&
            exits(statement.consequent)
          ) {
            unset.push(...setSubjects(statement.test));
          }
        }
        break;
      default:
        break;
    }
  }
  return unset;
}

function exits(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.BlockStatement) {
    const last = statement.body.at(-1);
    return last !== undefined && EXITS.has(last.type);
  }
  return EXITS.has(statement.type);
}


/** `typeof x` compared with `'undefined'` → `x`. */
function typeofUndefinedSubject(test: TSESTree.BinaryExpression): TSESTree.Node | null {
  for (const [a, b] of [
    [test.left, test.right],
    [test.right, test.left],
  ] as const) {
    const left = unwrapExpression(a);
    const right = unwrapExpression(b);
    if (
      left.type === AST_NODE_TYPES.UnaryExpression &&
      left.operator === 'typeof' &&
      right.type === AST_NODE_TYPES.Literal &&
      right.value === 'undefined'
    ) {
      return left.argument;
    }
  }
  return null;
}

/** `x == null`, `undefined === x`, `typeof x === 'undefined'`, `x === false` → `x` (the side that is not the constant). */
function comparedSubject(test: TSESTree.BinaryExpression, constant: (node: TSESTree.Node) => boolean): TSESTree.Node | null {
  if (test.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
  if (constant(test.right)) return test.left;
  if (constant(test.left)) return test.right;
  return null;
}

function isLiteral(value: unknown): (node: TSESTree.Node) => boolean {
  return (node) => {
    const expression = unwrapExpression(node);
    return expression.type === AST_NODE_TYPES.Literal && expression.value === value;
  };
}

/** The expressions a test, when true, shows to be unset. */
function unsetSubjects(test: TSESTree.Node): TSESTree.Node[] {
  const expression = unwrapExpression(test);
  switch (expression.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return expression.operator === '!' ? setSubjects(expression.argument) : [];
    case AST_NODE_TYPES.LogicalExpression:
      return expression.operator === '&&' ? [...unsetSubjects(expression.left), ...unsetSubjects(expression.right)] : [];
    case AST_NODE_TYPES.BinaryExpression: {
      if (expression.operator !== '===' && expression.operator !== '==') return [];
      const subject =
        typeofUndefinedSubject(expression) ?? comparedSubject(expression, isNullishValue) ?? comparedSubject(expression, isLiteral(false));
      return subject ? [subject] : [];
    }
    default:
      return [];
  }
}

/** The expressions a test, when false, shows to be unset: `x`, `map.has(k)`, `k in registry`, `x != null`. */
function setSubjects(test: TSESTree.Node): TSESTree.Node[] {
  const expression = unwrapExpression(test);
  switch (expression.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.CallExpression:
      return [expression];
    case AST_NODE_TYPES.UnaryExpression:
      return expression.operator === '!' ? unsetSubjects(expression.argument) : [];
    case AST_NODE_TYPES.LogicalExpression:
      return expression.operator === '||' ? [...setSubjects(expression.left), ...setSubjects(expression.right)] : [];
    case AST_NODE_TYPES.BinaryExpression: {
      if (expression.operator === 'in') return [expression];
      if (expression.operator === '===' || expression.operator === '==') {
        const subject = comparedSubject(expression, isLiteral(true));
        return subject ? [subject] : [];
      }
      if (expression.operator !== '!==' && expression.operator !== '!=') return [];
      const subject = typeofUndefinedSubject(expression) ?? comparedSubject(expression, isNullishValue);
      return subject ? [subject] : [];
    }
    default:
      return [];
  }
}

/** Whether an unset `subject` means `target` is empty: the same reference, or `!(key in registry)` for `registry[key]`. */
function testsTarget(subject: TSESTree.Node, target: TSESTree.Node): boolean {
  const tested = unwrapExpression(subject);
  if (tested.type === AST_NODE_TYPES.BinaryExpression && tested.operator === 'in') {
    const member = unwrapExpression(target);
    return (
      member.type === AST_NODE_TYPES.MemberExpression &&
      member.computed &&
      tested.left.type !== AST_NODE_TYPES.PrivateIdentifier &&
      sameReference(member.object, tested.right) &&
      sameReference(member.property, tested.left)
    );
  }
  return sameReference(tested, target);
}

/** Whether an unset `subject` (`registry.get(key)`, `registry.has(key)`) means the entry is empty. */
function testsEntry(subject: TSESTree.Node, entry: Extract<Slot, { kind: 'entry' }>): boolean {
  if (
    subject.type !== AST_NODE_TYPES.CallExpression ||
    subject.callee.type !== AST_NODE_TYPES.MemberExpression ||
    !subject.arguments[0]
  ) {
    return false;
  }
  const method = propertyName(subject.callee.property, subject.callee.computed);
  return (
    (method === 'get' || method === 'has') &&
    sameReference(subject.callee.object, entry.registry) &&
    sameReference(subject.arguments[0], entry.key)
  );
}

/** The key a member expression denotes, comparable across spellings (`a.b` and `a['b']`), or its node. */
function memberKey(member: TSESTree.MemberExpression): string | TSESTree.Node {
  const name = propertyName(member.property, member.computed);
  if (name !== null) return name;
  const property = unwrapExpression(member.property);
  if (property.type === AST_NODE_TYPES.Literal && typeof property.value === 'number') return String(property.value);
  return property;
}

/**
 * @param a - an expression.
 * @param b - another expression.
 * @returns whether both spell the same reference: the same names, `this`, literals and member keys.
 */
export function sameReference(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const left = unwrapExpression(a);
  const right = unwrapExpression(b);
  if (left.type !== right.type) return false;
  switch (left.type) {
    case AST_NODE_TYPES.Identifier:
      return left.name === (right as TSESTree.Identifier).name;
    case AST_NODE_TYPES.ThisExpression:
    case AST_NODE_TYPES.Super:
      return true;
    case AST_NODE_TYPES.Literal:
      return left.value === (right as TSESTree.Literal).value;
    case AST_NODE_TYPES.PrivateIdentifier:
      return left.name === (right as TSESTree.PrivateIdentifier).name;
    case AST_NODE_TYPES.MemberExpression: {
      const other = right as TSESTree.MemberExpression;
      if (!sameReference(left.object, other.object)) return false;
      const leftKey = memberKey(left);
      const rightKey = memberKey(other);
      if (typeof leftKey === 'string' || typeof rightKey === 'string') return leftKey === rightKey;
      return sameReference(leftKey, rightKey);
    }
    default:
      return false;
  }
}

/** `this` in a class member: which class, and whether it is the class itself (static member) or an instance. */
function thisBinding(
  node: TSESTree.ThisExpression,
): { readonly classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression; readonly isStatic: boolean } | null {
  let child: TSESTree.Node = node;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- ends the walk on a node outside a parsed tree
  for (let current = node.parent; current; child = current, current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.FunctionDeclaration:
        return null;
      case AST_NODE_TYPES.FunctionExpression:
        if (current.parent.type !== AST_NODE_TYPES.MethodDefinition) return null;
        return { classNode: current.parent.parent.parent, isStatic: current.parent.static };
      case AST_NODE_TYPES.PropertyDefinition:
        if (current.value !== child) return null;
        return { classNode: current.parent.parent, isStatic: current.static };
      case AST_NODE_TYPES.StaticBlock:
        return { classNode: current.parent.parent, isStatic: true };
      case AST_NODE_TYPES.ClassBody:
      case AST_NODE_TYPES.Program:
        return null;
      default:
        break;
    }
  }
  return null;
}

const PROMISE_CALLBACK_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** The call that runs `fn` in place: `(() => …)()`, `void (async () => …)()`, `(function () {…}).call(this)`,
 * or a promise's `then`/`catch`/`finally` callback. */
function iifeCall(fn: FunctionNode): TSESTree.CallExpression | null {
  const outer = outermostWrapper(fn);
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === outer) return parent;
  // A promise callback runs at most once per `then`/`catch`/`finally` call: SvelteKit's module-level
  // `import('node:async_hooks').then((hooks) => (als = new hooks.AsyncLocalStorage()))`.
  if (
    parent?.type === AST_NODE_TYPES.CallExpression &&
    parent.arguments.includes(outer as TSESTree.CallExpressionArgument) &&
    parent.callee.type === AST_NODE_TYPES.MemberExpression &&
    PROMISE_CALLBACK_METHODS.has(propertyName(parent.callee.property, parent.callee.computed) ?? '')
  ) {
    return parent;
  }
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== outer) return null;
  const method = propertyName(parent.property, parent.computed);
  if (method !== 'call' && method !== 'apply') return null;
  const callee = outermostWrapper(parent);
  const call = callee.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee === callee ? call : null;
}

/** Whether `fn` is exported: `export function f`, `export default function`, `export const f = () => …`. */
function isExportedFunction(fn: FunctionNode): boolean {
  if (isExport(fn.parent)) return true;
  const declarator = outermostWrapper(fn).parent;
  return declarator?.type === AST_NODE_TYPES.VariableDeclarator && isExport(declarator.parent.parent);
}

function isExport(node: TSESTree.Node | undefined): boolean {
  return (
    node?.type === AST_NODE_TYPES.ExportNamedDeclaration || node?.type === AST_NODE_TYPES.ExportDefaultDeclaration
  );
}

/** Depth-first search of `root`'s subtree for a node matching `predicate`. */
function findNode(
  sourceCode: Readonly<TSESLint.SourceCode>,
  root: TSESTree.Node,
  predicate: (node: TSESTree.Node) => boolean,
): TSESTree.Node | null {
  let found: TSESTree.Node | null = null;
  forEachNode(sourceCode, root, (node) => {
    if (found) return false;
    if (predicate(node)) found = node;
    return found === null;
  });
  return found;
}

const analyses = new WeakMap<TSESTree.Program, OnceAnalysis>();

/**
 * @param sourceCode - the file being linted.
 * @returns the file's analysis, created on first use and shared by every rule that lints the same AST.
 */
export function getOnceAnalysis(sourceCode: Readonly<TSESLint.SourceCode>): OnceAnalysis {
  let analysis = analyses.get(sourceCode.ast);
  if (!analysis) {
    analysis = new OnceAnalysis(sourceCode);
    analyses.set(sourceCode.ast, analysis);
  }
  return analysis;
}
