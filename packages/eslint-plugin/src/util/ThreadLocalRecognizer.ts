import { CORE_MODULE, GLOBAL_OBJECT_NAMES, MODULE_CLASSES, RECOGNIZED_CLASS_NAMES, moduleIdOf } from '@tlkit/recognition';
import type { LocalStateKind, ModuleId, RecognizedKind } from '@tlkit/recognition';
import { ASTUtils, AST_NODE_TYPES, TSESLint } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { moduleDeclarationOf } from './ast.js';
import { returnedExpressions } from './returnedExpressions.js';
import { isRelativeSpecifier, isResolvableFilename, moduleExports } from './ModuleExports.js';
import type { CrossFileContext, ExportAnalyzer, ExportKinds, ModuleExports } from './ModuleExports.js';

// `def.type` is an enum: comparing it with enum members keeps a misspelt kind a type error.
const { DefinitionType } = TSESLint.Scope;

// The kinds are the shared model's (@tlkit/recognition); re-exported for the rules that name them.
export type { LocalStateKind, RecognizedKind };

type Variable = TSESLint.Scope.Variable;

/**
 * Words without which a file that binds nothing at top level cannot reach AsyncLocalStorage in a
 * function (`require('async_hooks')`, `process.getBuiltinModule`): with {@link DYNAMIC_LOAD_HINT}, only
 * files that bind a class or contain one of them pay for the pass over nested declarations.
 */
const NESTED_BINDING_HINT = /async_hooks|getBuiltinModule/u;
/** `require(` or `import(`: how a function body loads `@tlkit/core` without a top-level import. */
const DYNAMIC_LOAD_HINT = /\b(?:require|import)\s*\(/u;

/** Factories are followed this deep (`a()` returns `b()` returns `new AsyncLocalStorage()`). */
const MAX_FACTORY_DEPTH = 3;

/** Lookups one {@link ThreadLocalRecognizer.instanceKind} call may make before it gives up (`null`). */
const LOOKUP_BUDGET = 1000;

/**
 * What a lookup that is already under way yields when it is met again (`let s = map.get(k); …
 * map.set(k, s)`): no evidence either way. The other values decide; a cycle with no creation in it
 * decides nothing.
 */
const CYCLE: unique symbol = Symbol('cycle');

/** A kind, `null` (not an instance of one kind), or {@link CYCLE}. */
type Resolved = RecognizedKind | null | typeof CYCLE;

/** A cache of lookups by key (a variable, a function). */
interface KindCache<K> {
  get(key: K): RecognizedKind | null | undefined;
  set(key: K, kind: RecognizedKind | null): unknown;
}

/** Node types that wrap an expression without changing its value. */
const TRANSPARENT_WRAPPERS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSTypeAssertion,
  AST_NODE_TYPES.TSInstantiationExpression,
  AST_NODE_TYPES.ChainExpression,
]);

/**
 * Strips TypeScript-only wrappers (`as`, `satisfies`, `!`, `<T>x`) and optional chains.
 *
 * @param node - any expression.
 * @returns the innermost expression with the same run-time value.
 */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (TRANSPARENT_WRAPPERS.has(current.type)) {
    current = (current as TSESTree.TSAsExpression).expression;
  }
  return current;
}

/**
 * Walks up from `node` through the wrappers {@link unwrapExpression} strips.
 *
 * @param node - an expression.
 * @returns the outermost wrapper around `node` (or `node` itself).
 */
export function outermostWrapper(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && TRANSPARENT_WRAPPERS.has(current.parent.type)) {
    current = current.parent;
  }
  return current;
}

/**
 * `require('x')`, `await import('x')`, `import('x')`, `process.getBuiltinModule('x')` → `'x'`, when
 * `require` and `process` are the runtime's own.
 *
 * @param node - an expression.
 * @param isRuntimeGlobal - whether an identifier names the runtime's global of that name (not a
 *   local variable or parameter that shadows it).
 * @returns the module specifier the expression loads, or `null`.
 */
function requiredModule(
  node: TSESTree.Node | null | undefined,
  isRuntimeGlobal: (identifier: TSESTree.Identifier) => boolean,
): string | null {
  if (!node) return null;
  let current = unwrapExpression(node);
  if (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrapExpression(current.argument);
  if (current.type === AST_NODE_TYPES.ImportExpression) {
    return current.source.type === AST_NODE_TYPES.Literal && typeof current.source.value === 'string'
      ? current.source.value
      : null;
  }
  if (
    current.type !== AST_NODE_TYPES.CallExpression ||
    current.arguments.length !== 1 ||
    current.arguments[0]?.type !== AST_NODE_TYPES.Literal ||
    typeof current.arguments[0].value !== 'string'
  ) {
    return null;
  }
  const specifier = current.arguments[0].value;
  const callee = unwrapExpression(current.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return callee.name === 'require' && isRuntimeGlobal(callee) ? specifier : null;
  }
  // `process.getBuiltinModule()` (Node >= 20.16) loads builtins only: `@tlkit/core` is not one.
  if (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    propertyName(callee.property, callee.computed) === 'getBuiltinModule' &&
    moduleIdOf(specifier) === 'async_hooks'
  ) {
    const object = unwrapExpression(callee.object);
    if (object.type === AST_NODE_TYPES.Identifier && object.name === 'process' && isRuntimeGlobal(object)) {
      return specifier;
    }
  }
  return null;
}

/**
 * @param node - the key of a property or class member, or the property of a member expression.
 * @param computed - whether it is written in brackets.
 * @returns the name it statically denotes (`#x` for a private name), or `null` when it is computed.
 */
export function propertyName(node: TSESTree.Node, computed: boolean): string | null {
  if (!computed && node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (!computed && node.type === AST_NODE_TYPES.PrivateIdentifier) return `#${node.name}`;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  return null;
}

/** A class body's members that hold a recognized instance, by member name (`#x` for private names). */
type ClassMembers = ReadonlyMap<string, RecognizedKind>;

/** The function nodes whose bodies run when called. */
export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

/**
 * Recognizes thread-locals without type information, from one file's import bindings and class
 * declarations. One instance per file (see {@link getThreadLocalRecognizer}); the bindings are
 * collected once, from the top-level statements, and from nested declarations (`require()` inside a
 * function) only in files whose text can reach a recognized class that way. Every lookup is cached.
 *
 * Recognition goes through scope analysis, never through names: a local class that happens to be
 * called `ThreadLocal` is a different variable from the imported one and is not recognized.
 */
export class ThreadLocalRecognizer {
  /** Variables bound to a recognized class: imports, aliases, in-file subclasses (chains too). */
  readonly #classVariables = new Map<Variable, RecognizedKind>();
  /** Variables bound to a whole module (`import * as core`, `require('@tlkit/core')`). */
  readonly #namespaceVariables = new Map<Variable, ModuleId>();
  /**
   * Names of the variables in {@link #classVariables} and {@link #namespaceVariables}. An identifier
   * with any other name cannot resolve to one, so most `new Map()` and `foo.set(x)` are rejected
   * without a scope lookup.
   */
  readonly #boundNames = new Set<string>();
  readonly #instanceCache = new Map<Variable, RecognizedKind | null>();
  readonly #classMembersCache = new WeakMap<TSESTree.Node, ClassMembers>();
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  /**
   * Whether the text names `AsyncLocalStorage`: it can then be reached without a binding
   * (`new globalThis.AsyncLocalStorage()`, `new (require('async_hooks').AsyncLocalStorage)()`).
   */
  readonly #mentionsAsyncLocalStorage: boolean;
  /** Kind of the value each same-file function returns (`null`: none, or not one kind). */
  readonly #returnKindCache = new WeakMap<FunctionNode, RecognizedKind | null>();
  /** Kind of the instances each registry variable (`stores[name]`, `map.get(k)`) holds. */
  readonly #registryCache = new Map<Variable, RecognizedKind | null>();
  /** How many factories deep the current lookup is (bounded by {@link MAX_FACTORY_DEPTH}). */
  #factoryDepth = 0;
  /** Counts lookups cut short by a bound: their `null` is not cached, as it is not final. */
  #cutoffs = 0;
  /** Lookups left to the current {@link instanceKind} call. */
  #budget = LOOKUP_BUDGET;
  /** The memoised lookups under way, outermost first (see {@link #memo}). */
  readonly #lookups: Array<{ readonly cache: KindCache<never>; readonly key: object }> = [];
  /** The outermost entry of {@link #lookups} that a {@link CYCLE} met since the current lookup began. */
  #lowestCycle = Number.POSITIVE_INFINITY;
  /** Where this file is, to follow its relative imports; `null` when it is not on disk or the feature is off. */
  readonly #crossFile: CrossFileContext | null;
  /**
   * Bindings resolved lazily through another file (see {@link ModuleExports}): imports from a relative
   * module (`import { user } from './context.js'`, by imported name) and module-level classes or aliases whose
   * base is one (`class Mine extends Imported`, by the expression to resolve). Their names are in
   * {@link #deferredNames}.
   */
  readonly #relativeImports = new Map<Variable, { readonly source: string; readonly name: string }>();
  readonly #deferredClasses = new Map<Variable, TSESTree.Node>();
  readonly #deferredNames = new Set<string>();
  readonly #importedKindsCache = new Map<Variable, ExportKinds>();
  readonly #importedFunctionCache = new Map<Variable, FunctionNode | null>();
  /**
   * `false` when nothing in the file can reach a class the rules know about (no recognized import, no
   * mention of `AsyncLocalStorage`) and no relative import is used as a candidate (`x.set(v)`,
   * `x.enterWith(v)`, `new X()`, `x.submit(f)`, …): every lookup then short-circuits.
   */
  get hasRecognizedImports(): boolean {
    // Computed on first use: a typed rule never asks (it looks at every candidate), and the walk over the
    // relative imports' references is the one part of it that is not a lookup.
    this.#hasRecognizedImports ??=
      this.#classVariables.size > 0 ||
      this.#namespaceVariables.size > 0 ||
      this.#mentionsAsyncLocalStorage ||
      this.#usesRelativeImports();
    return this.#hasRecognizedImports;
  }

  #hasRecognizedImports: boolean | undefined;
  /** Which classes this recognizer recognizes (see {@link RecognitionProfile}). */
  readonly #profile: RecognitionProfile;

  /**
   * @param sourceCode - the file.
   * @param crossFile - where the file is and how it is parsed; without it, relative imports are not followed.
   * @param profile - which classes to recognize (every recognized class by default).
   */
  constructor(
    sourceCode: Readonly<TSESLint.SourceCode>,
    crossFile: CrossFileContext | null = null,
    profile: RecognitionProfile = DEFAULT_PROFILE,
  ) {
    this.#sourceCode = sourceCode;
    this.#profile = profile;
    this.#crossFile =
      crossFile && moduleExports.enabled && profile.exports.enabled && isResolvableFilename(crossFile.filename)
        ? crossFile
        : null;
    const { text } = sourceCode;
    this.#mentionsAsyncLocalStorage = text.includes('AsyncLocalStorage');
    this.#collectBindings(sourceCode.ast);
    // A file that binds a class at top level may subclass or alias it in a function too.
    if (
      this.#classVariables.size > 0 ||
      this.#namespaceVariables.size > 0 ||
      NESTED_BINDING_HINT.test(text) ||
      (text.includes(CORE_MODULE) && DYNAMIC_LOAD_HINT.test(text))
    ) {
      this.#collectNestedBindings();
    }
  }

  #collectBindings(program: TSESTree.Program): void {
    const scopeManager = this.#sourceCode.scopeManager;
    if (!scopeManager) return;
    const pending: Array<TSESTree.ClassDeclaration | TSESTree.VariableDeclarator> = [];
    for (const statement of program.body) {
      const node = moduleDeclarationOf(statement);
      if (node.type === AST_NODE_TYPES.ImportDeclaration) {
        const moduleId = moduleIdOf(node.source.value);
        if (!moduleId) {
          this.#collectRelativeImport(node, scopeManager);
          continue;
        }
        for (const specifier of node.specifiers) {
          const [variable] = scopeManager.getDeclaredVariables(specifier);
          if (!variable) continue;
          if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
            const imported = propertyName(specifier.imported, false);
            const kind = imported === null ? undefined : this.#profile.classes[moduleId].get(imported);
            if (kind) this.#bind(variable, kind);
          } else {
            // `import * as core` and, for Node builtins, the default export (the module object).
            this.#bindNamespace(variable, moduleId);
          }
        }
      } else if (node.type === AST_NODE_TYPES.VariableDeclaration) {
        pending.push(...node.declarations);
      } else if (node.type === AST_NODE_TYPES.ClassDeclaration && node.superClass) {
        pending.push(node);
      }
    }
    // Aliases and subclasses may refer to each other in any order: iterate to a fixed point.
    let changed = true;
    while (changed && pending.length > 0) {
      changed = false;
      for (let index = pending.length - 1; index >= 0; index--) {
        const node = pending[index];
        if (node && this.#collectDeclaration(node, scopeManager)) {
          pending.splice(index, 1);
          changed = true;
        }
      }
    }
  }

  /** @returns `true` when `node` bound something (so it need not be looked at again). */
  #collectDeclaration(
    node: TSESTree.ClassDeclaration | TSESTree.VariableDeclarator,
    scopeManager: TSESLint.Scope.ScopeManager,
  ): boolean {
    if (node.type === AST_NODE_TYPES.ClassDeclaration) {
      if (this.#deferIfRelative(node, node.superClass, scopeManager)) return true;
      const kind = node.superClass ? this.classKind(node.superClass) : null;
      const [variable] = scopeManager.getDeclaredVariables(node);
      if (kind && variable) this.#bind(variable, kind);
      return kind !== null;
    }
    const init = node.init ? unwrapExpression(node.init) : null;
    if (!init) return true;
    const moduleId = this.#moduleOf(init);
    if (node.id.type === AST_NODE_TYPES.Identifier) {
      const [variable] = scopeManager.getDeclaredVariables(node);
      if (!variable) return true;
      if (moduleId) {
        this.#bindNamespace(variable, moduleId);
        return true;
      }
      const base = init.type === AST_NODE_TYPES.ClassExpression ? init.superClass : init;
      if (this.#deferIfRelative(node, base, scopeManager)) return true;
      const kind =
        init.type === AST_NODE_TYPES.ClassExpression
          ? init.superClass
            ? this.classKind(init.superClass)
            : null
          : this.classKind(init);
      if (kind) this.#bind(variable, kind);
      return kind !== null;
    }
    if (node.id.type === AST_NODE_TYPES.ObjectPattern && moduleId) {
      // `const { ThreadLocal: TL } = require('@tlkit/core')`, `const { ThreadLocal } = core`
      for (const property of node.id.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.value.type !== AST_NODE_TYPES.Identifier) continue;
        const name = propertyName(property.key, property.computed);
        const kind = name === null ? undefined : this.#profile.classes[moduleId].get(name);
        const variable = this.#variableOf(property.value);
        if (kind && variable) this.#bind(variable, kind);
      }
    }
    return true;
  }

  #bind(variable: Variable, kind: RecognizedKind): void {
    this.#classVariables.set(variable, kind);
    this.#boundNames.add(variable.name);
  }

  #bindNamespace(variable: Variable, moduleId: ModuleId): void {
    this.#namespaceVariables.set(variable, moduleId);
    this.#boundNames.add(variable.name);
  }

  /** `true` when the file binds nothing recognized, directly or through a relative import: every kind is `null`. */
  get recognizesNothing(): boolean {
    return this.#isEmpty();
  }

  #isEmpty(): boolean {
    return (
      this.#classVariables.size === 0 &&
      this.#namespaceVariables.size === 0 &&
      !this.#mentionsAsyncLocalStorage &&
      this.#relativeImports.size === 0
    );
  }

  /** Remembers what a relative import's bindings import; nothing is read from the other file yet. */
  #collectRelativeImport(node: TSESTree.ImportDeclaration, scopeManager: TSESLint.Scope.ScopeManager): void {
    if (!this.#crossFile || node.importKind === 'type' || !isRelativeSpecifier(node.source.value)) return;
    for (const specifier of node.specifiers) {
      if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) continue;
      if (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type') continue;
      const name =
        specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier ? 'default' : propertyName(specifier.imported, false);
      const [variable] = scopeManager.getDeclaredVariables(specifier);
      if (variable && name !== null) {
        this.#relativeImports.set(variable, { source: node.source.value, name });
        this.#deferredNames.add(variable.name);
      }
    }
  }

  /**
   * A class or alias whose base is a relative import (or another such class) is resolved on first use, not
   * while collecting: most files extend imported classes that have nothing to do with thread-locals.
   *
   * @returns `true` when `node` was deferred.
   */
  #deferIfRelative(
    node: TSESTree.ClassDeclaration | TSESTree.VariableDeclarator,
    base: TSESTree.Node | null,
    scopeManager: TSESLint.Scope.ScopeManager,
  ): boolean {
    const target = base ? unwrapExpression(base) : null;
    if (target?.type !== AST_NODE_TYPES.Identifier || !this.#deferredNames.has(target.name)) return false;
    const baseVariable = this.#variableOf(target);
    if (!baseVariable || !(this.#relativeImports.has(baseVariable) || this.#deferredClasses.has(baseVariable))) {
      return false;
    }
    const [variable] = scopeManager.getDeclaredVariables(node);
    if (!variable) return false;
    this.#deferredClasses.set(variable, target);
    this.#deferredNames.add(variable.name);
    return true;
  }

  /** Whether a relative import is used where a rule would ask for its kind (see {@link hasRecognizedImports}). */
  #usesRelativeImports(): boolean {
    for (const variable of this.#relativeImports.keys()) {
      for (const reference of variable.references) {
        if (isCandidateUse(reference.identifier)) return true;
      }
    }
    return false;
  }

  /** The kinds of what a relative import (or a class deferred on one) binds, read from the other file once. */
  #crossFileKinds(variable: Variable): ExportKinds | null {
    const cached = this.#importedKindsCache.get(variable);
    if (cached) return cached;
    const imported = this.#relativeImports.get(variable);
    const deferred = this.#deferredClasses.get(variable);
    let kinds: ExportKinds | null = null;
    if (imported && this.#crossFile) {
      kinds = this.#profile.exports.importedKinds(this.#crossFile, imported.source, imported.name, analyzerOf(this.#profile));
    } else if (deferred) {
      this.#importedKindsCache.set(variable, { classKind: null, instanceKind: null }); // guards cycles
      kinds = { classKind: this.classKind(deferred), instanceKind: null };
    }
    if (kinds) this.#importedKindsCache.set(variable, kinds);
    return kinds;
  }

  #variableOf(identifier: TSESTree.Identifier): Variable | null {
    return ASTUtils.findVariable(this.#sourceCode.getScope(identifier), identifier);
  }

  #namespaceOf(node: TSESTree.Node): ModuleId | null {
    if (
      node.type !== AST_NODE_TYPES.Identifier ||
      this.#namespaceVariables.size === 0 ||
      !this.#boundNames.has(node.name)
    ) {
      return null;
    }
    const variable = this.#variableOf(node);
    return variable ? (this.#namespaceVariables.get(variable) ?? null) : null;
  }

  /**
   * @param node - an expression used as a class: a `new` callee, a `superClass`, an alias's init.
   * @returns the kind of the class it refers to, or `null` when it is not a recognized class.
   */
  classKind(node: TSESTree.Node): RecognizedKind | null {
    if (this.#isEmpty()) return null;
    const target = unwrapExpression(node);
    if (target.type === AST_NODE_TYPES.Identifier) {
      if (!this.#boundNames.has(target.name) && !this.#deferredNames.has(target.name)) return null;
      const variable = this.#variableOf(target);
      if (!variable) return null;
      return this.#classVariables.get(variable) ?? this.#crossFileKinds(variable)?.classKind ?? null;
    }
    if (target.type === AST_NODE_TYPES.MemberExpression) {
      const moduleId = this.#moduleOf(target.object);
      const name = propertyName(target.property, target.computed);
      return moduleId && name !== null ? (this.#profile.classes[moduleId].get(name) ?? null) : null;
    }
    if (target.type === AST_NODE_TYPES.ClassExpression) {
      // `new (class extends ThreadLocal<string> {})()`: an anonymous subclass is its base's kind.
      return target.superClass ? this.classKind(target.superClass) : null;
    }
    return null;
  }

  /**
   * @param node - a type annotation's type (`ThreadLocal<User>`, `core.ThreadLocal<User> | undefined`).
   * @returns the kind of the recognized class it names, or `null`.
   */
  typeKind(node: TSESTree.TypeNode | undefined): RecognizedKind | null {
    if (!node) return null;
    if (node.type === AST_NODE_TYPES.TSUnionType) {
      // `ThreadLocal<T> | undefined`: the one non-nullish member decides.
      const members = node.types.filter(
        (member) =>
          member.type !== AST_NODE_TYPES.TSUndefinedKeyword && member.type !== AST_NODE_TYPES.TSNullKeyword,
      );
      return members.length === 1 ? this.typeKind(members[0]) : null;
    }
    if (node.type !== AST_NODE_TYPES.TSTypeReference) return null;
    const name = node.typeName;
    if (name.type === AST_NODE_TYPES.Identifier) return this.classKind(name);
    if (name.type === AST_NODE_TYPES.TSQualifiedName && name.left.type === AST_NODE_TYPES.Identifier) {
      const moduleId = this.#namespaceOf(name.left);
      return moduleId ? (this.#profile.classes[moduleId].get(name.right.name) ?? null) : null;
    }
    return null;
  }

  /**
   * @param node - any expression.
   * @returns the kind of thread-local (or pool) the expression creates, or `null` when it is not a
   *   creation site (`new ThreadLocal()`, `new Sub()`, `ThreadLocal.withInitial(f)`, `new AsyncLocalStorage()`).
   */
  creationKind(node: TSESTree.Node): RecognizedKind | null {
    const target = unwrapExpression(node);
    if (target.type === AST_NODE_TYPES.NewExpression) return this.classKind(target.callee);
    if (
      this.#profile.withInitial &&
      target.type === AST_NODE_TYPES.CallExpression &&
      target.callee.type === AST_NODE_TYPES.MemberExpression &&
      propertyName(target.callee.property, target.callee.computed) === 'withInitial' &&
      this.classKind(target.callee.object) === 'thread-local'
    ) {
      return 'thread-local';
    }
    return null;
  }

  /**
   * Recognizes an instance from how it was declared: a variable, parameter or class member initialized
   * with a creation site or annotated with a recognized class, `this.x`, `Class.x`, `obj.x` of a
   * module-level object literal.
   *
   * @param node - the receiver of a call such as `x.set(v)`.
   * @returns the kind of the instance, or `null` when nothing in this file says what it is.
   */
  instanceKind(node: TSESTree.Node): RecognizedKind | null {
    if (this.#isEmpty()) return null;
    if (this.#lookups.length === 0) this.#budget = LOOKUP_BUDGET;
    const kind = this.#resolve(node);
    return kind === CYCLE ? null : kind;
  }

  /** {@link instanceKind}, with {@link CYCLE} for a lookup met again while it is under way. */
  #resolve(node: TSESTree.Node): Resolved {
    if (--this.#budget < 0) {
      this.#cutoffs++;
      return null;
    }
    const target = unwrapExpression(node);
    const created = this.creationKind(target);
    if (created) return created;
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = this.#variableOf(target);
      return variable ? this.#variableInstanceKind(variable) : null;
    }
    if (target.type !== AST_NODE_TYPES.MemberExpression) return this.#derivedInstanceKind(target);
    const name = propertyName(target.property, target.computed);
    const object = unwrapExpression(target.object);
    // `stores[name]`: an entry of a same-file registry.
    if (name === null) return object.type === AST_NODE_TYPES.Identifier ? this.#registryKindOf(object) : null;
    if (object.type === AST_NODE_TYPES.ThisExpression) {
      const classNode = enclosingClassOfThis(object);
      return classNode ? (this.#classMembers(classNode).get(name) ?? null) : null;
    }
    if (object.type === AST_NODE_TYPES.Identifier) {
      const variable = this.#variableOf(object);
      const def = variable?.defs[0];
      if (!def) return null;
      // `TenantContext.storage` of a class imported from a relative module.
      if (this.#relativeImports.has(variable)) return this.#crossFileKinds(variable)?.members?.get(name) ?? null;
      if (def.node.type === AST_NODE_TYPES.ClassDeclaration) {
        return this.#classMembers(def.node).get(name) ?? null;
      }
      if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
        const init = unwrapExpression(def.node.init);
        if (init.type === AST_NODE_TYPES.ClassExpression) return this.#classMembers(init).get(name) ?? null;
        if (init.type === AST_NODE_TYPES.ObjectExpression) {
          for (const property of init.properties) {
            if (
              property.type === AST_NODE_TYPES.Property &&
              propertyName(property.key, property.computed) === name
            ) {
              return this.creationKind(property.value);
            }
          }
        }
      }
      return this.#registryKind(variable);
    }
    return null;
  }

  #variableInstanceKind(variable: Variable): Resolved {
    return this.#memo(this.#instanceCache, variable, () => this.#computeVariableInstanceKind(variable));
  }

  #computeVariableInstanceKind(variable: Variable): Resolved {
    let kind: Resolved = null;
    for (const def of variable.defs) {
      if (def.type === DefinitionType.Variable) {
        const { id, init } = def.node;
        if (id.type === AST_NODE_TYPES.Identifier) {
          kind = this.typeKind(id.typeAnnotation?.typeAnnotation) ?? (init ? this.#resolve(init) : null);
        }
      } else if (def.type === DefinitionType.Parameter && def.name.type === AST_NODE_TYPES.Identifier) {
        const parent = def.name.parent;
        const annotated = parent.type === AST_NODE_TYPES.AssignmentPattern ? parent.left : def.name;
        kind =
          annotated.type === AST_NODE_TYPES.Identifier ? this.typeKind(annotated.typeAnnotation?.typeAnnotation) : null;
        if (!kind && parent.type === AST_NODE_TYPES.TSParameterProperty) {
          kind = this.typeKind(def.name.typeAnnotation?.typeAnnotation);
        }
      } else if (def.type === DefinitionType.ImportBinding) {
        kind = this.#crossFileKinds(variable)?.instanceKind ?? null;
      }
      if (kind !== null && kind !== CYCLE) return kind;
    }
    // `let store; … store ??= new AsyncLocalStorage()`: a lazy singleton, known by what it is assigned.
    const declarator = variable.defs[0]?.node;
    if (declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.parent.kind !== 'const') {
      return this.#assignedKind(variable);
    }
    return kind;
  }

  /**
   * Runs a lookup once per key. A key met again while its lookup is under way yields {@link CYCLE}.
   * A result is cached only when it is final: no bound cut the lookup short, and no cycle reached a
   * lookup outside this one (whose own result is still to come).
   */
  #memo<K extends object>(cache: KindCache<K>, key: K, compute: () => Resolved): Resolved {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const index = this.#lookups.findIndex((lookup) => lookup.key === key && lookup.cache === cache);
    if (index !== -1) {
      this.#lowestCycle = Math.min(this.#lowestCycle, index);
      return CYCLE;
    }
    const depth = this.#lookups.length;
    const outerCycle = this.#lowestCycle;
    const cutoffs = this.#cutoffs;
    this.#lowestCycle = Number.POSITIVE_INFINITY;
    this.#lookups.push({ cache, key });
    let kind: Resolved;
    try {
      kind = compute();
    } finally {
      this.#lookups.pop();
    }
    const dependsOnOuter = this.#lowestCycle < depth;
    if (!dependsOnOuter) {
      // Only this lookup's own cycle: a cycle with no creation in it is no instance.
      if (kind === CYCLE) kind = null;
      if (cutoffs === this.#cutoffs) cache.set(key, kind);
    }
    this.#lowestCycle = Math.min(outerCycle, dependsOnOuter ? this.#lowestCycle : Number.POSITIVE_INFINITY);
    return kind;
  }

  /** The kind of a field initializer that is a call of a same-file factory (the only non-creation form followed). */
  #fieldValueKind(value: TSESTree.Expression): RecognizedKind | null {
    const target = unwrapExpression(value);
    return target.type === AST_NODE_TYPES.CallExpression ? this.instanceKind(target) : null;
  }

  /**
   * @param classNode - a class of this file.
   * @returns whether it can be no recognized class whatever types say: it extends nothing, or a global
   *   that this file does not declare or import (`class ValidationError extends Error`).
   */
  isPlainClass(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
    const base = classNode.superClass ? unwrapExpression(classNode.superClass) : null;
    if (!base) return true;
    // A global named like a recognized class (`extends AsyncLocalStorage` reached through `globalThis`) is not plain.
    if (base.type !== AST_NODE_TYPES.Identifier || RECOGNIZED_CLASS_NAMES.has(base.name)) return false;
    const variable = this.#variableOf(base);
    return !variable || variable.defs.length === 0;
  }

  /**
   * @param callee - the callee of a `new` expression.
   * @returns whether it names a class that can be no recognized class: a plain class of this file, or one
   *   that a relatively imported module declares plain. Typed rules need not ask the checker about it.
   */
  isPlainClassReference(callee: TSESTree.Node): boolean {
    const target = unwrapExpression(callee);
    if (target.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.#variableOf(target);
    const def = variable?.defs[0];
    if (!variable || !def) return false;
    if (def.node.type === AST_NODE_TYPES.ClassDeclaration) return this.isPlainClass(def.node);
    return this.#relativeImports.has(variable) && this.#crossFileKinds(variable)?.plainClass === true;
  }

  /**
   * @param classNode - a class of this file.
   * @returns its members that hold an instance, by name (for {@link ModuleExports}: `Imported.storage`).
   */
  memberKinds(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): ReadonlyMap<string, RecognizedKind> {
    return this.#classMembers(classNode);
  }

  /**
   * @param fn - a function of this file.
   * @returns the kind of instance it returns (for {@link ModuleExports}: an imported factory), or `null`.
   */
  returnKindOf(fn: FunctionNode): RecognizedKind | null {
    if (this.#lookups.length === 0) this.#budget = LOOKUP_BUDGET;
    const kind = this.#returnKind(fn);
    return kind === CYCLE ? null : kind;
  }

  #classMembers(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): ClassMembers {
    const cached = this.#classMembersCache.get(classNode);
    if (cached) return cached;
    const members = new Map<string, RecognizedKind>();
    this.#classMembersCache.set(classNode, members);
    for (const element of classNode.body.body) {
      if (element.type === AST_NODE_TYPES.PropertyDefinition) {
        const name = propertyName(element.key, element.computed);
        const kind =
          this.typeKind(element.typeAnnotation?.typeAnnotation) ??
          // `static readonly spans = createStorage()`: a same-file factory's result, too.
          (element.value ? (this.creationKind(element.value) ?? this.#fieldValueKind(element.value)) : null);
        if (name !== null && kind) members.set(name, kind);
      } else if (
        element.type === AST_NODE_TYPES.MethodDefinition &&
        element.kind === 'constructor' &&
        element.value.body
      ) {
        for (const param of element.value.params) {
          // constructor(private readonly tl: ThreadLocal<T>)
          if (param.type === AST_NODE_TYPES.TSParameterProperty && param.parameter.type === AST_NODE_TYPES.Identifier) {
            const kind = this.typeKind(param.parameter.typeAnnotation?.typeAnnotation);
            if (kind) members.set(param.parameter.name, kind);
          }
        }
        for (const statement of element.value.body.body) {
          // this.tl = new ThreadLocal()
          if (
            statement.type === AST_NODE_TYPES.ExpressionStatement &&
            statement.expression.type === AST_NODE_TYPES.AssignmentExpression &&
            statement.expression.left.type === AST_NODE_TYPES.MemberExpression &&
            statement.expression.left.object.type === AST_NODE_TYPES.ThisExpression
          ) {
            const name = propertyName(statement.expression.left.property, statement.expression.left.computed);
            const kind = this.creationKind(statement.expression.right);
            if (name !== null && kind && !members.has(name)) members.set(name, kind);
          }
        }
      }
    }
    return members;
  }

  /**
   * @param node - a callee (`clearRequest` in `finally { clearRequest(); }`).
   * @returns the function a relative module exports under the imported name, in that module's syntax tree;
   *   `null` when the callee is not such an import or the export is not a function.
   */
  importedFunction(node: TSESTree.Node): FunctionNode | null {
    const target = unwrapExpression(node);
    if (!this.#crossFile || target.type !== AST_NODE_TYPES.Identifier || !this.#deferredNames.has(target.name)) {
      return null;
    }
    const variable = this.#variableOf(target);
    const imported = variable ? this.#relativeImports.get(variable) : undefined;
    if (!variable || !imported) return null;
    let fn = this.#importedFunctionCache.get(variable);
    if (fn === undefined) {
      fn = this.#profile.exports.importedFunction(this.#crossFile, imported.source, imported.name, analyzerOf(this.#profile));
      this.#importedFunctionCache.set(variable, fn);
    }
    return fn;
  }

  /**
   * Resolves a callee or argument to a function defined in this file.
   *
   * @param node - an identifier (`work`), or `this.method` inside a class.
   * @returns the function node it refers to, or `null`.
   */
  sameFileFunction(node: TSESTree.Node): FunctionNode | null {
    return sameFileFunctionOf(this.#sourceCode, node);
  }

  /*
   * Reaching a recognized class or instance without a top-level binding. Everything below runs only
   * for candidates the rules selected by shape, in files that passed the hints above, and caches.
   */

  /**
   * Binds the declarations nested in functions and blocks, such as
   * `function getStorage() { const { AsyncLocalStorage } = require('async_hooks'); … }`. Found
   * through the scope manager's variables (no walk of the AST); only declarations whose initializer
   * could load a module or name a class are looked at.
   */
  #collectNestedBindings(): void {
    const scopeManager = this.#sourceCode.scopeManager;
    if (!scopeManager) return;
    const pending = new Set<TSESTree.ClassDeclaration | TSESTree.VariableDeclarator>();
    for (const scope of scopeManager.scopes) {
      // The module's own declarations were bound from the top-level statements.
      if (scope.block.type === AST_NODE_TYPES.Program) continue;
      for (const variable of scope.variables) {
        for (const def of variable.defs) {
          if (def.type === DefinitionType.Variable && def.node.init && mayBindClassOrModule(def.node.init)) {
            pending.add(def.node);
          } else if (
            def.type === DefinitionType.ClassName &&
            def.node.type === AST_NODE_TYPES.ClassDeclaration &&
            def.node.superClass
          ) {
            pending.add(def.node);
          }
        }
      }
    }
    // As at top level, aliases and subclasses may refer to each other in any order.
    for (let changed = true; changed && pending.size > 0; ) {
      changed = false;
      for (const node of pending) {
        if (this.#collectDeclaration(node, scopeManager)) {
          pending.delete(node);
          changed = true;
        }
      }
    }
  }

  /**
   * @param identifier - an identifier naming a runtime global (`require`, `process`, `globalThis`).
   * @returns whether it is that global: not declared in the file (or, for `require`, declared as
   *   `createRequire(import.meta.url)`, ESM's way to get one). A parameter or local variable of the
   *   same name is something else.
   */
  #isRuntimeGlobal(identifier: TSESTree.Identifier): boolean {
    const variable = this.#variableOf(identifier);
    if (!variable || variable.defs.length === 0) return true;
    const def = variable.defs[0];
    if (
      identifier.name !== 'require' ||
      variable.defs.length !== 1 ||
      def?.node.type !== AST_NODE_TYPES.VariableDeclarator
    ) {
      return false;
    }
    const init = def.node.init ? unwrapExpression(def.node.init) : null;
    if (init?.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = unwrapExpression(init.callee);
    const name =
      callee.type === AST_NODE_TYPES.MemberExpression
        ? propertyName(callee.property, callee.computed)
        : callee.type === AST_NODE_TYPES.Identifier
          ? callee.name
          : null;
    return name === 'createRequire';
  }

  /**
   * @param node - an expression.
   * @returns the recognized module it evaluates to: a module load (`require`, `import()`,
   *   `process.getBuiltinModule`), a variable bound to one, or a global object (which exposes
   *   `AsyncLocalStorage` where the runtime has it as a global); `null` otherwise.
   */
  #moduleOf(node: TSESTree.Node): ModuleId | null {
    const specifier = requiredModule(node, (identifier) => this.#isRuntimeGlobal(identifier));
    if (specifier !== null) return moduleIdOf(specifier);
    const target = unwrapExpression(node);
    const namespace = this.#namespaceOf(target);
    if (namespace) return namespace;
    return this.#mentionsAsyncLocalStorage &&
      target.type === AST_NODE_TYPES.Identifier &&
      GLOBAL_OBJECT_NAMES.has(target.name) &&
      this.#isRuntimeGlobal(target)
      ? 'async_hooks'
      : null;
  }

  /**
   * The kinds {@link instanceKind} derives from other expressions: `this` in a subclass, the result
   * of a same-file factory or registry lookup, and the value of an assignment, `??`, `?:` or `await`.
   */
  #derivedInstanceKind(node: TSESTree.Node): Resolved {
    switch (node.type) {
      case AST_NODE_TYPES.ThisExpression: {
        // `class RequestUser extends ThreadLocal<User> { bind(u) { this.set(u) } }`
        const classNode = instanceClassOfThis(node);
        return classNode?.superClass ? this.classKind(classNode.superClass) : null;
      }
      case AST_NODE_TYPES.CallExpression:
        return this.#callResultKind(node);
      case AST_NODE_TYPES.AwaitExpression:
        return this.#resolve(node.argument);
      case AST_NODE_TYPES.AssignmentExpression:
        // `store ??= new AsyncLocalStorage()`, `stores[name] = new AsyncLocalStorage()`
        return node.operator === '=' || node.operator === '??=' || node.operator === '||='
          ? this.#resolve(node.right)
          : null;
      case AST_NODE_TYPES.LogicalExpression:
        return node.operator === '&&' ? null : this.#agreedKind([node.left, node.right]);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.#agreedKind([node.consequent, node.alternate]);
      case AST_NODE_TYPES.SequenceExpression: {
        const last = node.expressions.at(-1);
        return last ? this.#resolve(last) : null;
      }
      default:
        return null;
    }
  }

  /**
   * @param expressions - the values an expression may take (branches, returns).
   * @returns their one kind when every value that is not `null`/`undefined` has it, else `null`:
   *   one unknown value is enough not to vouch for the whole.
   */
  #agreedKind(expressions: readonly TSESTree.Node[]): Resolved {
    let kind: RecognizedKind | null = null;
    let cycle = false;
    for (const expression of expressions) {
      if (isNullishValue(expression)) continue;
      const each = this.#resolve(expression);
      if (each === CYCLE) cycle = true;
      else if (each === null || (kind !== null && each !== kind)) return null;
      else kind = each;
    }
    return kind ?? (cycle ? CYCLE : null);
  }

  /**
   * @param call - a call whose result is used as an instance (`storage('legacy').enterWith(x)`).
   * @returns the kind a same-file factory returns, or the kind a same-file registry's `get` holds.
   */
  #callResultKind(call: TSESTree.CallExpression): Resolved {
    const factory = this.#factoryOf(call.callee);
    if (factory) return this.#returnKind(factory);
    const callee = unwrapExpression(call.callee);
    // `createAsyncLocalStorage()` imported from a relative module: what that file's factory returns.
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const variable = this.#variableOf(callee);
      if (variable && this.#relativeImports.has(variable)) return this.#crossFileKinds(variable)?.returns ?? null;
    }
    if (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      propertyName(callee.property, callee.computed) === 'get' &&
      call.arguments.length === 1
    ) {
      // `stores.get(name)` of a `new Map()` that is only ever given creations.
      const object = unwrapExpression(callee.object);
      return object.type === AST_NODE_TYPES.Identifier ? this.#registryKindOf(object) : null;
    }
    return null;
  }

  /**
   * @param callee - the callee of a call.
   * @returns the same-file function it calls: what {@link sameFileFunction} finds, or a static method
   *   of a same-file class, or a method of a same-file object literal (`registry.storage('x')`).
   */
  #factoryOf(callee: TSESTree.Node): FunctionNode | null {
    const found = this.sameFileFunction(callee);
    if (found) return found;
    const target = unwrapExpression(callee);
    if (target.type !== AST_NODE_TYPES.MemberExpression) return null;
    const object = unwrapExpression(target.object);
    const name = propertyName(target.property, target.computed);
    if (object.type !== AST_NODE_TYPES.Identifier || name === null) return null;
    const def = this.#variableOf(object)?.defs[0];
    let holder: TSESTree.Node | null = def?.node ?? null;
    if (holder?.type === AST_NODE_TYPES.VariableDeclarator) holder = holder.init ? unwrapExpression(holder.init) : null;
    if (holder?.type === AST_NODE_TYPES.ClassDeclaration || holder?.type === AST_NODE_TYPES.ClassExpression) {
      for (const element of holder.body.body) {
        if (
          element.type === AST_NODE_TYPES.MethodDefinition &&
          element.static &&
          element.kind === 'method' &&
          element.value.type === AST_NODE_TYPES.FunctionExpression &&
          propertyName(element.key, element.computed) === name
        ) {
          return element.value;
        }
      }
    } else if (holder?.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of holder.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        if (propertyName(property.key, property.computed) !== name) continue;
        const value = unwrapExpression(property.value);
        return value.type === AST_NODE_TYPES.ArrowFunctionExpression || value.type === AST_NODE_TYPES.FunctionExpression
          ? value
          : null;
      }
    }
    return null;
  }

  /**
   * @param fn - a same-file function.
   * @returns the kind of every value it returns (see {@link #agreedKind}), or `null`. Cached per
   *   function; factories are followed at most {@link MAX_FACTORY_DEPTH} deep.
   */
  #returnKind(fn: FunctionNode): Resolved {
    return this.#memo(this.#returnKindCache, fn, () => {
      if (this.#factoryDepth >= MAX_FACTORY_DEPTH) {
        this.#cutoffs++;
        return null;
      }
      this.#factoryDepth++;
      try {
        return this.#agreedKind(returnedExpressions(fn, this.#sourceCode.visitorKeys));
      } finally {
        this.#factoryDepth--;
      }
    });
  }

  #registryKindOf(identifier: TSESTree.Identifier): Resolved {
    const variable = this.#variableOf(identifier);
    return variable ? this.#registryKind(variable) : null;
  }

  /**
   * A registry is a `const` that starts empty (`{}`, `new Map()`, `Object.create(null)`) or holds
   * only creations, and whose every entry written anywhere in the file (`stores[k] = …`,
   * `stores[k] ??= …`, `map.set(k, …)`) is an instance of one kind.
   *
   * @param variable - the variable an entry is read from.
   * @returns the kind of its entries, or `null` when it is not such a registry.
   */
  #registryKind(variable: Variable): Resolved {
    return this.#memo(this.#registryCache, variable, () => this.#computeRegistryKind(variable));
  }

  #computeRegistryKind(variable: Variable): Resolved {
    const def = variable.defs[0];
    if (
      variable.defs.length !== 1 ||
      def?.node.type !== AST_NODE_TYPES.VariableDeclarator ||
      def.node.parent.kind !== 'const' ||
      !def.node.init
    ) {
      return null;
    }
    const entries: TSESTree.Node[] = [];
    const init = unwrapExpression(def.node.init);
    if (init.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of init.properties) {
        if (property.type !== AST_NODE_TYPES.Property) return null;
        entries.push(property.value);
      }
    } else if (!isEmptyCollection(init)) {
      return null;
    }
    for (const reference of variable.references) {
      if (reference.init === true) continue;
      const member = outermostWrapper(reference.identifier).parent;
      if (
        member?.type !== AST_NODE_TYPES.MemberExpression ||
        unwrapExpression(member.object) !== reference.identifier
      ) {
        continue; // a read of the whole registry (`Object.keys(stores)`): writes nothing here
      }
      const outer = outermostWrapper(member);
      const parent = outer.parent;
      if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === outer) {
        if (parent.operator !== '=' && parent.operator !== '??=' && parent.operator !== '||=') return null;
        entries.push(parent.right);
      } else if (
        parent?.type === AST_NODE_TYPES.CallExpression &&
        parent.callee === outer &&
        propertyName(member.property, member.computed) === 'set'
      ) {
        const value = parent.arguments[1];
        if (parent.arguments.length !== 2 || !value) return null;
        entries.push(value);
      } else if (
        parent?.type === AST_NODE_TYPES.UpdateExpression ||
        parent?.type === AST_NODE_TYPES.ArrayPattern ||
        parent?.type === AST_NODE_TYPES.ForInStatement ||
        parent?.type === AST_NODE_TYPES.ForOfStatement ||
        (parent?.type === AST_NODE_TYPES.Property && parent.parent.type === AST_NODE_TYPES.ObjectPattern)
      ) {
        return null; // an entry written by a form whose value this file does not show
      }
    }
    return this.#agreedKind(entries);
  }

  /**
   * @param variable - a `let`/`var` variable.
   * @returns the kind of every value assigned to it anywhere in the file (`undefined`/`null`
   *   resets aside), or `null`.
   */
  #assignedKind(variable: Variable): Resolved {
    const written: TSESTree.Node[] = [];
    for (const reference of variable.references) {
      if (!reference.isWrite()) continue;
      if (!reference.writeExpr) return null;
      written.push(reference.writeExpr);
    }
    return this.#agreedKind(written);
  }
}

/**
 * Resolves a callee or argument to a function defined in this file.
 *
 * @param sourceCode - the file.
 * @param node - an inline function, an identifier (`work`), or `this.method` inside a class.
 * @returns the function node it refers to, or `null`.
 */
export function sameFileFunctionOf(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node,
): FunctionNode | null {
  const target = unwrapExpression(node);
  if (
    target.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    target.type === AST_NODE_TYPES.FunctionExpression
  ) {
    return target;
  }
  if (target.type === AST_NODE_TYPES.Identifier) {
    const def = ASTUtils.findVariable(sourceCode.getScope(target), target)?.defs[0];
    if (!def) return null;
    // A parameter's definition node is its function too: `report(x)` with `report` a parameter is no call of it.
    if (def.type === DefinitionType.FunctionName && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
    if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
      const init = unwrapExpression(def.node.init);
      if (init.type === AST_NODE_TYPES.ArrowFunctionExpression || init.type === AST_NODE_TYPES.FunctionExpression) {
        return init;
      }
    }
    return null;
  }
  if (
    target.type === AST_NODE_TYPES.MemberExpression &&
    unwrapExpression(target.object).type === AST_NODE_TYPES.ThisExpression
  ) {
    const classNode = enclosingClassOfThis(target.object);
    const name = propertyName(target.property, target.computed);
    if (!classNode || name === null) return null;
    for (const element of classNode.body.body) {
      if (
        element.type === AST_NODE_TYPES.MethodDefinition &&
        element.kind === 'method' &&
        element.value.type === AST_NODE_TYPES.FunctionExpression &&
        propertyName(element.key, element.computed) === name
      ) {
        return element.value;
      }
    }
  }
  return null;
}

/**
 * @param node - a `this` expression.
 * @returns the class whose instance (or constructor, in static members) `this` is, or `null` when
 *   `this` is bound by a plain function.
 */
export function enclosingClassOfThis(
  node: TSESTree.Node,
): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current.parent;
    if (
      current.type === AST_NODE_TYPES.FunctionDeclaration ||
      (current.type === AST_NODE_TYPES.FunctionExpression &&
        current.parent.type !== AST_NODE_TYPES.MethodDefinition &&
        current.parent.type !== AST_NODE_TYPES.PropertyDefinition)
    ) {
      return null;
    }
    current = current.parent;
  }
  return null;
}

/**
 * @param node - a `this` expression.
 * @returns the class of which `this` is an instance, or `null` when `this` is the class itself (in a
 *   static member or static block) or is bound by a plain function.
 */
function instanceClassOfThis(
  node: TSESTree.ThisExpression,
): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  let child: TSESTree.Node = node;
  for (let current: TSESTree.Node | undefined = node.parent; current; child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) {
      const isStatic =
        child.type === AST_NODE_TYPES.StaticBlock ||
        ((child.type === AST_NODE_TYPES.MethodDefinition ||
          child.type === AST_NODE_TYPES.PropertyDefinition ||
          child.type === AST_NODE_TYPES.AccessorProperty) &&
          child.static);
      return isStatic ? null : current.parent;
    }
    if (
      current.type === AST_NODE_TYPES.FunctionDeclaration ||
      (current.type === AST_NODE_TYPES.FunctionExpression && current.parent.type !== AST_NODE_TYPES.MethodDefinition)
    ) {
      return null;
    }
  }
  return null;
}

/**
 * @param node - an expression, or `undefined` for a missing argument (`enterWith()`).
 * @returns whether it is `undefined` as written: missing, `undefined`, or `void x`.
 */
export function isUndefinedValue(node: TSESTree.Node | undefined): boolean {
  if (!node) return true;
  const target = unwrapExpression(node);
  return (
    (target.type === AST_NODE_TYPES.Identifier && target.name === 'undefined') ||
    (target.type === AST_NODE_TYPES.UnaryExpression && target.operator === 'void')
  );
}

/**
 * @param node - an expression.
 * @returns whether it is `null`, `undefined` or `void …`: a reset, never an instance or a store.
 */
export function isNullishValue(node: TSESTree.Node): boolean {
  const target = unwrapExpression(node);
  return isUndefinedValue(target) || (target.type === AST_NODE_TYPES.Literal && target.value === null && !('regex' in target));
}

/** `new Map()`, `new WeakMap()`, `Object.create(null)`: an empty registry. */
function isEmptyCollection(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.NewExpression) {
    return (
      node.arguments.length === 0 &&
      node.callee.type === AST_NODE_TYPES.Identifier &&
      (node.callee.name === 'Map' || node.callee.name === 'WeakMap')
    );
  }
  return (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    node.callee.object.type === AST_NODE_TYPES.Identifier &&
    node.callee.object.name === 'Object' &&
    propertyName(node.callee.property, node.callee.computed) === 'create' &&
    node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    node.arguments[0].value === null
  );
}

/**
 * @param init - a nested declaration's initializer.
 * @returns whether it could bind a module or a class (`require(…)`, `await import(…)`,
 *   `process.getBuiltinModule(…)`, `globalThis`, `ns.AsyncLocalStorage`, an alias or a class
 *   expression): the only nested declarations worth resolving.
 */
function mayBindClassOrModule(init: TSESTree.Node): boolean {
  let target = unwrapExpression(init);
  if (target.type === AST_NODE_TYPES.AwaitExpression) target = unwrapExpression(target.argument);
  switch (target.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.ClassExpression:
    case AST_NODE_TYPES.ImportExpression:
      return true;
    case AST_NODE_TYPES.CallExpression: {
      const callee = unwrapExpression(target.callee);
      return (
        (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require') ||
        (callee.type === AST_NODE_TYPES.MemberExpression &&
          propertyName(callee.property, callee.computed) === 'getBuiltinModule')
      );
    }
    default:
      return false;
  }
}

/** Methods whose receiver the rules ask about (`remove-in-finally` candidates and pools, `withInitial`). */
const CANDIDATE_METHODS: ReadonlySet<string> = new Set(['set', 'enterWith', 'execute', 'submit', 'withInitial']);

/**
 * @param identifier - a reference to an imported binding.
 * @returns whether a rule would ask what it is: `x.set(…)` and the other candidate methods, `new X()`,
 *   `extends X`, or an alias `const y = x` (whose own uses then decide).
 */
function isCandidateUse(identifier: TSESTree.Node): boolean {
  const node = outermostWrapper(identifier);
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.MemberExpression: {
      const name = parent.object === node ? propertyName(parent.property, parent.computed) : null;
      return name !== null && CANDIDATE_METHODS.has(name);
    }
    case AST_NODE_TYPES.NewExpression:
      return parent.callee === node;
    case AST_NODE_TYPES.ClassDeclaration:
    case AST_NODE_TYPES.ClassExpression:
      return parent.superClass === node;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === node;
    default:
      return false;
  }
}

/**
 * Which classes a recognizer recognizes. The rules share {@link DEFAULT_PROFILE} (every class of
 * @tlkit/recognition's `MODULE_CLASSES`); a rule that must tell one class from its siblings (an
 * `InheritableThreadLocal` from a `TransmittableThreadLocal`) asks a recognizer with a narrower table,
 * and gets the same forms (subclasses, factories, registries, relative imports) for that class alone.
 */
export interface RecognitionProfile {
  /** The classes each module exports, by export name, and their kind. */
  readonly classes: Readonly<Record<ModuleId, ReadonlyMap<string, RecognizedKind>>>;
  /** Whether `X.withInitial(f)` creates an instance of `X`'s kind (`@tlkit/core` returns a plain `ThreadLocal`). */
  readonly withInitial: boolean;
  /** The imported files' export tables: one per profile, since the kinds they cache are the profile's. */
  readonly exports: ModuleExports;
}

/** The profile of the rules: every recognized class. */
export const DEFAULT_PROFILE: RecognitionProfile = { classes: MODULE_CLASSES, withInitial: true, exports: moduleExports };

const analyzers = new WeakMap<RecognitionProfile, ExportAnalyzer>();

/** How an imported file is read: with a recognizer of the same profile, following its own relative imports in turn. */
function analyzerOf(profile: RecognitionProfile): ExportAnalyzer {
  let analyzer = analyzers.get(profile);
  if (!analyzer) {
    analyzer = {
      recognizerFor: (sourceCode, context) => {
        const recognizer = new ThreadLocalRecognizer(sourceCode, context, profile);
        return recognizer.recognizesNothing ? null : recognizer;
      },
      packageClassKind: (source, name) => {
        const moduleId = moduleIdOf(source);
        return moduleId === null ? null : (profile.classes[moduleId].get(name) ?? null);
      },
      mentionsKnownModule: (text) =>
        text.includes(CORE_MODULE) || text.includes('async_hooks') || text.includes('AsyncLocalStorage'),
    };
    analyzers.set(profile, analyzer);
  }
  return analyzer;
}

const recognizersByProfile = new WeakMap<RecognitionProfile, WeakMap<TSESTree.Program, ThreadLocalRecognizer>>();

/** What {@link getThreadLocalRecognizer} reads from a rule's context to follow relative imports. */
export interface RecognizerContext {
  readonly filename: string;
  readonly languageOptions?: { readonly parserOptions?: object } | undefined;
}

/**
 * @param sourceCode - the file being linted.
 * @param context - the rule's context (its file name and parser options); without it, relative imports are
 *   not followed.
 * @param profile - which classes to recognize (every recognized class by default).
 * @returns the file's recognizer for that profile, shared by every rule that lints the same AST.
 */
export function getThreadLocalRecognizer(
  sourceCode: Readonly<TSESLint.SourceCode>,
  context?: RecognizerContext,
  profile: RecognitionProfile = DEFAULT_PROFILE,
): ThreadLocalRecognizer {
  let recognizers = recognizersByProfile.get(profile);
  if (!recognizers) {
    recognizers = new WeakMap();
    recognizersByProfile.set(profile, recognizers);
  }
  let recognizer = recognizers.get(sourceCode.ast);
  if (!recognizer) {
    // A new linted file: what its imports resolve to is read from disk again (see ModuleExports).
    // A typed lint keeps them while its program is unchanged (see ModuleExports#beginLintedFile).
    moduleExports.beginLintedFile(typedProgramOf(sourceCode));
    const parserOptions = context?.languageOptions?.parserOptions as Readonly<Record<string, unknown>> | undefined;
    const crossFile = context ? { filename: context.filename, parserOptions } : null;
    recognizer = new ThreadLocalRecognizer(sourceCode, crossFile, profile);
    recognizers.set(sourceCode.ast, recognizer);
  }
  return recognizer;
}

/** The TypeScript program a typed lint built for the file, if any (an untyped parse has none). */
function typedProgramOf(sourceCode: Readonly<TSESLint.SourceCode>): object | undefined {
  const services = sourceCode.parserServices as { readonly program?: object | null } | undefined;
  return services?.program ?? undefined;
}
